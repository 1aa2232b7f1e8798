"""Admin pages of the training programmes (loaded by learning/admin.py).

The centre sets up programmes and their sessions here; enrolments and certificates are
read-only: they change only through the services (staff pages, portal).
"""

from __future__ import annotations

from django.contrib import admin

from learning.admin_exams import CentreOnly, ReadOnly
from learning.models import Certificate, Enrolment, Programme, Session


class SessionInline(CentreOnly, admin.TabularInline):
    model = Session
    extra = 1
    raw_id_fields = ("lecture", "item")


@admin.register(Programme)
class ProgrammeAdmin(CentreOnly, admin.ModelAdmin):
    list_display = ("title", "unit", "exam", "required_sessions", "self_enrolment", "is_active")
    list_filter = ("self_enrolment", "is_active")
    search_fields = ("title",)
    raw_id_fields = ("unit",)
    inlines = [SessionInline]


@admin.register(Enrolment)
class EnrolmentAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("sign_in_name", "programme", "unit", "self_enrolled", "created_at")
    list_select_related = ("programme", "unit")
    exclude = ("person", "enrolled_by")


@admin.register(Certificate)
class CertificateAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("number", "holder_name", "issued_on", "expires_on", "revoked_at")
    search_fields = ("number",)
    exclude = ("code",)
