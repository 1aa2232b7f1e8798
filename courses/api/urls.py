from django.urls import path

from courses.api import views

urlpatterns = [
    path("topics/", views.TopicListView.as_view(), name="api-topics"),
    path("topics/<str:id>/", views.TopicDetailView.as_view(), name="api-topic"),
    path("topics/<str:id>/experts/", views.TopicExpertsView.as_view(), name="api-topic-experts"),
]
