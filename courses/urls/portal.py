from django.urls import path

from courses.views.portal import catalogue, signin

app_name = "courses"

urlpatterns = [
    path("", catalogue.catalogue, name="catalogue"),
    path("topics/<uuid:public_id>/", catalogue.topic_detail, name="topic_detail"),
    # The lecture's QR code opens these on the attendee's phone.
    path("lectures/<uuid:public_id>/sign-in/", signin.lecture_sign_in, name="lecture_sign_in"),
    path(
        "lectures/<uuid:public_id>/signed-in/", signin.lecture_signed_in, name="lecture_signed_in"
    ),
    path("lectures/<uuid:public_id>/feedback/", signin.lecture_feedback, name="lecture_feedback"),
    path(
        "lectures/<uuid:public_id>/feedback/thanks/",
        signin.lecture_feedback_thanks,
        name="lecture_feedback_thanks",
    ),
]
