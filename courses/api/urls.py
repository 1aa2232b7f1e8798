from django.urls import path

from courses.api import orders, signin, views

urlpatterns = [
    path("topics/", views.TopicListView.as_view(), name="api-topics"),
    path("topics/<str:id>/", views.TopicDetailView.as_view(), name="api-topic"),
    path("topics/<str:id>/experts/", views.TopicExpertsView.as_view(), name="api-topic-experts"),
    path("courses/rounds/", orders.RoundListView.as_view(), name="api-course-rounds"),
    path("courses/orders/", orders.OrderListCreateView.as_view(), name="api-course-orders"),
    path("courses/orders/<str:id>/", orders.OrderDetailView.as_view(), name="api-course-order"),
    path(
        "courses/orders/<str:id>/proposal/",
        orders.OrderProposalView.as_view(),
        name="api-course-order-proposal",
    ),
    path(
        "lectures/<uuid:public_id>/sign-in/",
        signin.LectureSignInView.as_view(),
        name="api-lecture-sign-in",
    ),
    path(
        "lectures/<uuid:public_id>/feedback/",
        signin.LectureFeedbackView.as_view(),
        name="api-lecture-feedback",
    ),
]
