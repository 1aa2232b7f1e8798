from django.urls import include, path

from core import views

app_name = "staff"

urlpatterns = [
    path("", views.staff_home, name="home"),
    path("network/", include("network.urls.staff")),
    path("assessments/", include("assessments.urls.staff")),
    path("appointments/", include("appointments.urls.staff")),
    path("courses/", include("courses.urls.staff")),
    path("hotline/", include("hotline.urls.staff")),
    path("learning/", include("learning.urls.staff")),
    path("kpis/", include("kpis.urls.staff")),
]
