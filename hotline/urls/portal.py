"""The hotline's worker-facing pages (namespace "hotline", under /hotline/)."""

from django.urls import path

from hotline.views.portal import survey

app_name = "hotline"

urlpatterns = [
    path("survey/thanks/", survey.survey_thanks, name="survey_thanks"),
    path("survey/<str:token>/", survey.survey, name="survey"),
]
