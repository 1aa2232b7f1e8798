"""Forms of the staff side: the network admin and the staff pages.

Forms only parse input and limit choice lists to the actor's reach; the rules
themselves live in the services, whose DomainErrors come back through
core.web.add_domain_error.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core import dates, text
from core.errors import DomainError
from core.web import add_domain_error
from core.widgets import IsoDateInput
from network import access
from network.models import (
    Level,
    Membership,
    OrgUnit,
    PartnerApp,
    PractitionerProfile,
    Role,
    Scope,
    StationProfile,
)
from network.selectors import MAX_GIVEN_POINTS


class UnitChoiceField(forms.ModelChoiceField):
    """Units as an indented tree: "— — 甲一心灵驿站 (heart station)"."""

    def label_from_instance(self, obj: Any) -> str:
        return "{indent}{name} ({level})".format(
            indent="— " * obj.depth, name=obj.name, level=obj.get_level_display()
        )


class ServiceModelForm(forms.ModelForm):
    """A ModelForm the admin binds to the acting user.

    `domain_error` is an error a service raised on the first attempt to save;
    the admin validates the same POST again with it, so it is shown on the
    form with the user's input kept (see network.admin.ScopedAdminMixin).
    """

    actor: User  # bound by network.admin.ScopedAdminMixin.get_form
    domain_error: DomainError | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        text.protect_form(self)  # free text: a length limit, no control or bidi characters
        dates.protect_form(self)  # dates: within the bounds every page can compute with

    def clean(self) -> dict[str, Any]:
        super().clean()
        if self.domain_error is not None:
            add_domain_error(self, self.domain_error)
        return self.cleaned_data


# --- admin forms -----------------------------------------------------------------------


class OrgUnitAdminForm(ServiceModelForm):
    class Meta:
        model = OrgUnit
        fields = ["name", "level", "parent", "is_active", "groups"]
        field_classes = {"parent": UnitChoiceField}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parent = self.fields.get("parent")
        if isinstance(parent, forms.ModelChoiceField):
            choices = access.units_visible_to(self.actor, access.Perm.MANAGE_UNITS).filter(
                is_active=True
            )
            if self.instance.pk is not None:
                choices = choices.exclude(path__startswith=self.instance.path)
            parent.queryset = choices
            # Only the root has no parent, and only a superuser may create it.
            parent.required = not (
                self.actor.is_superuser and not OrgUnit.objects.filter(parent__isnull=True).exists()
            )
        level = self.fields.get("level")
        if isinstance(level, forms.ChoiceField) and not self.actor.is_superuser:
            level.choices = [c for c in Level.choices if c[0] != Level.CENTRE]


class StationProfileAdminForm(ServiceModelForm):
    class Meta:
        model = StationProfile
        fields = [
            "unit",
            "address",
            "lat",
            "lng",
            "phone",
            "open_24h",
            "has_counselling_room",
            "has_relief_area",
            "has_regulation_pod",
            "has_group_room",
            "host_kind",
            "host_name",
            "employer_name",
            "employer_workers",
            "description",
        ]
        field_classes = {"unit": UnitChoiceField}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit = self.fields.get("unit")
        if isinstance(unit, forms.ModelChoiceField):
            unit.queryset = access.units_visible_to(self.actor, access.Perm.MANAGE_UNITS).filter(
                station__isnull=True
            )


class UserByEmailField(forms.EmailField):
    """An existing, active account, named by its e-mail address."""

    def clean(self, value: Any) -> Any:
        email = super().clean(value)
        if not email:
            return None
        user = User.objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise forms.ValidationError(
                _("No active account uses this e-mail address."), code="no_account"
            )
        return user


class MembershipGrantForm(ServiceModelForm):
    user = UserByEmailField(
        label=_("e-mail of the person"),
        help_text=_("The person must already have an account."),
    )

    class Meta:
        model = Membership
        fields = ["user", "unit", "role"]
        field_classes = {"unit": UnitChoiceField}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit = self.fields["unit"]
        assert isinstance(unit, forms.ModelChoiceField)
        unit.queryset = access.units_visible_to(self.actor, access.Perm.MANAGE_MEMBERS).filter(
            is_active=True
        )
        grantable = access.grantable_roles_anywhere(self.actor)
        role = self.fields["role"]
        assert isinstance(role, forms.ChoiceField)
        role.choices = [("", "---------")] + [c for c in Role.choices if c[0] in grantable]


def users_in_reach(actor: User, perm: str = access.Perm.MANAGE_MEMBERS) -> QuerySet[User]:
    """People holding a role somewhere in the actor's reach."""
    return User.objects.filter(
        access.scope_q(actor, perm, field="memberships__unit__path")
    ).distinct()


class PractitionerProfileAdminForm(ServiceModelForm):
    class Meta:
        model = PractitionerProfile
        fields = [
            "user",
            "display_name",
            "qualification",
            "qualification_detail",
            "specialities",
            "languages",
            "offers_in_person",
            "offers_phone",
            "offers_online",
            "bio",
            "photo",
            "is_public",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user = self.fields.get("user")
        if isinstance(user, forms.ModelChoiceField):
            user.queryset = users_in_reach(self.actor).filter(practitioner__isnull=True)


class PartnerAppAdminForm(ServiceModelForm):
    scopes = forms.MultipleChoiceField(
        label=_("scopes"),
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = PartnerApp
        fields = ["name", "scopes", "unit", "throttle_rate"]
        field_classes = {"unit": UnitChoiceField}


# --- staff pages -----------------------------------------------------------------------


class AuditFilterForm(forms.Form):
    actor = forms.CharField(
        label=_("staff member's e-mail contains"), max_length=254, required=False, strip=True
    )
    action = forms.CharField(
        label=_("action starts with"),
        max_length=80,
        required=False,
        strip=True,
        help_text=_("For example network.unit or network.membership.granted."),
    )
    unit = UnitChoiceField(
        label=_("unit and its subtree"),
        queryset=OrgUnit.objects.none(),
        to_field_name="public_id",
        required=False,
        empty_label=_("all units in my reach"),
    )
    date_from = dates.DateField(label=_("from"), required=False, widget=IsoDateInput())
    date_to = dates.DateField(label=_("to"), required=False, widget=IsoDateInput())

    def __init__(self, *args: Any, viewer: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit = self.fields["unit"]
        assert isinstance(unit, forms.ModelChoiceField)
        unit.queryset = access.units_visible_to(viewer, access.Perm.VIEW_AUDIT)

    def clean(self) -> dict[str, Any]:
        super().clean()
        start, end = self.cleaned_data.get("date_from"), self.cleaned_data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end date is before the start date."))
        return self.cleaned_data


def parse_points(text: str) -> list[tuple[float, float]]:
    """One "lat,lng" a line (a Chinese comma or spaces work too); blank lines are skipped.

    Raises ValidationError naming every malformed line.
    """
    points: list[tuple[float, float]] = []
    errors: list[forms.ValidationError] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        parts = line.replace("，", ",").replace(" ", ",").split(",")
        parts = [p for p in parts if p]
        try:
            if len(parts) != 2:
                raise ValueError(line)
            lat, lng = float(parts[0]), float(parts[1])
        except ValueError:
            errors.append(
                forms.ValidationError(
                    _("Line %(line)s is not “latitude,longitude”: %(text)s"),
                    code="malformed",
                    params={"line": number, "text": line[:60]},
                )
            )
            continue
        if not (-90 <= lat <= 90 and -180 <= lng <= 180):
            errors.append(
                forms.ValidationError(
                    _("Line %(line)s is off the map: latitude or longitude out of range."),
                    code="out_of_range",
                    params={"line": number},
                )
            )
            continue
        points.append((lat, lng))
    if errors:
        raise forms.ValidationError(errors)
    if len(points) > MAX_GIVEN_POINTS:
        raise forms.ValidationError(
            _("At most %(max)s points at a time."),
            code="too_many",
            params={"max": MAX_GIVEN_POINTS},
        )
    return points


class CoverageForm(forms.Form):
    district = UnitChoiceField(
        label=_("district"),
        queryset=OrgUnit.objects.none(),
        to_field_name="public_id",
        required=False,
        empty_label=_("my whole reach"),
    )
    step_m = forms.IntegerField(
        label=_("grid step (metres)"), min_value=100, max_value=10_000, initial=500
    )
    points = forms.CharField(
        label=_("points, one lat,lng per line"),
        help_text=_("For example employers' addresses: 36.0662,120.3826"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def __init__(self, *args: Any, viewer: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        district = self.fields["district"]
        assert isinstance(district, forms.ModelChoiceField)
        district.queryset = access.units_visible_to(viewer, access.Perm.VIEW_COVERAGE).filter(
            level=Level.DISTRICT, is_active=True
        )

    def clean_points(self) -> list[tuple[float, float]]:
        return parse_points(self.cleaned_data.get("points") or "")
