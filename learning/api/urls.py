from django.urls import path

from learning.api import library

urlpatterns: list = [
    path("library/items/", library.LibraryItemListView.as_view(), name="api-library-items"),
    path("library/this-month/", library.ThisMonthView.as_view(), name="api-library-this-month"),
]
