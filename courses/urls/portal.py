from django.urls import path

from courses.views.portal import catalogue

app_name = "courses"

urlpatterns = [
    path("", catalogue.catalogue, name="catalogue"),
    path("topics/<uuid:public_id>/", catalogue.topic_detail, name="topic_detail"),
]
