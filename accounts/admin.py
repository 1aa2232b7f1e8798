from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "email", "first_name", "last_name", "is_staff", "is_active")
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        (_("Mobile"), {"fields": ("phone", "phone_verified")}),
    )
