from django.urls import path

from learning.api import contests

urlpatterns: list = [
    path("contests/", contests.ContestListView.as_view(), name="api-contests"),
    path("contests/<str:id>/entry/", contests.EntryView.as_view(), name="api-contest-entry"),
    path(
        "contests/<str:id>/entry/submit/",
        contests.EntrySubmitView.as_view(),
        name="api-contest-entry-submit",
    ),
]
