"""Everything under /api/v1/. Each app adds its own routes here."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from core.api.views import HealthView

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("health/", HealthView.as_view(), name="api-health"),
    path("", include("network.api.urls")),
    path("", include("assessments.api.urls")),
    path("", include("appointments.api.urls")),
    path("", include("courses.api.urls")),
    path("", include("hotline.api.urls")),
    path("", include("learning.api.urls")),
    path("", include("kpis.api.urls")),
]
