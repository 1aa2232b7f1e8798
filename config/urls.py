from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Worker Mental-Health Service Network · Staff site")
admin.site.site_title = _("Worker Mental-Health Service Network")
admin.site.index_title = _("Administration")
# The admin logs in through allauth, so staff get the same rate limits and
# the TOTP step as everywhere else.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

# Errors under /api/ answer in the API's one error shape (core.api.errors).
handler400 = "core.api.errors.bad_request"
handler500 = "core.api.errors.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/profile/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("config.api_urls")),
    path("staff/", include("core.staff_urls")),
    path("stations/", include("network.urls.portal")),
    path("assessments/", include("assessments.urls.portal")),
    path("appointments/", include("appointments.urls.portal")),
    path("courses/", include("courses.urls.portal")),
    path("learning/", include("learning.urls.portal")),
    path("verify/", include("learning.urls.verify")),
    path("hotline/", include("hotline.urls.portal")),
    path("", include("core.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)  # type: ignore[arg-type]
