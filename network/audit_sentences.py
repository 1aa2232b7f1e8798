"""Audit entries read as sentences: dotted action names → translated templates.

Each template names its placeholders after keys of the entry's `details`;
a missing key reads "—". A code-valued detail (a mode, a role, a status) is
shown by the label of the model field of that name with those choices, so a
sentence reads "Booked a counselling session (in person)", not `in_person`.
An action missing here falls back to its own words ("pod booking: no show").

The strings of every app's actions live here (they are text, not imports);
a service adding an action adds its sentence.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from network.models import AuditEntry

SENTENCES: dict[str, Promise] = {
    # network
    "network.unit.created": gettext_lazy("Created the unit (%(level)s)"),
    "network.unit.renamed": gettext_lazy("Renamed the unit from “%(from)s” to “%(to)s”"),
    "network.unit.moved": gettext_lazy("Moved the unit to another place in the tree"),
    "network.unit.deactivated": gettext_lazy("Deactivated the unit"),
    "network.unit.reactivated": gettext_lazy("Reactivated the unit"),
    "network.membership.granted": gettext_lazy("Granted the role “%(role)s”"),
    "network.membership.revoked": gettext_lazy("Revoked the role “%(role)s”"),
    "network.partner_app.created": gettext_lazy("Registered a partner app"),
    "network.partner_app.updated": gettext_lazy("Changed a partner app's scopes or rate"),
    "network.partner_app.rotated": gettext_lazy("Issued a new key for a partner app"),
    "network.partner_app.revoked": gettext_lazy("Revoked a partner app"),
    "network.station.created": gettext_lazy("Created the station profile"),
    "network.station.updated": gettext_lazy("Updated the station profile (%(changed)s)"),
    "network.group.created": gettext_lazy("Created a unit group"),
    "network.group.updated": gettext_lazy("Changed a unit group (%(changed)s)"),
    "network.group.deleted": gettext_lazy("Deleted a unit group"),
    "network.practitioner.created": gettext_lazy("Added a practitioner profile"),
    "network.practitioner.updated": gettext_lazy("Changed a practitioner profile (%(changed)s)"),
    "network.practitioner.deleted": gettext_lazy("Deleted a practitioner profile"),
    # assessments
    "assessments.instrument_version.created": gettext_lazy(
        "Published version %(version)s of the questionnaire %(instrument)s"
    ),
    "assessments.callback.requested": gettext_lazy("A call-back was requested"),
    "assessments.callback.viewed": gettext_lazy("Was shown the contacts of call-back requests"),
    "assessments.callback.open": gettext_lazy("Reopened a call-back request"),
    "assessments.callback.in_progress": gettext_lazy("Started handling a call-back request"),
    "assessments.callback.closed": gettext_lazy("Closed a call-back request"),
    "assessments.campaign.created": gettext_lazy("Created the campaign %(code)s"),
    "assessments.campaign.closed": gettext_lazy("Ended the campaign %(code)s early"),
    # appointments: bookings
    "appointments.booking.created": gettext_lazy("Booked a counselling session (%(mode)s)"),
    "appointments.booking.rescheduled": gettext_lazy("Moved a counselling booking to another time"),
    "appointments.booking.cancelled": gettext_lazy("Cancelled a counselling booking"),
    "appointments.booking.attended": gettext_lazy("Marked a session as attended"),
    "appointments.booking.no_show": gettext_lazy("Marked a session as missed"),
    "appointments.booking.meeting_link_set": gettext_lazy("Set the online meeting link (%(host)s)"),
    "appointments.booking.phone_viewed": gettext_lazy(
        "Was shown the worker's phone number for a session"
    ),
    # appointments: cases, notes, follow-ups, referrals
    "appointments.case.opened": gettext_lazy("Opened a counselling case"),
    "appointments.case.closed": gettext_lazy("Closed a counselling case (%(outcome)s)"),
    "appointments.case.updated": gettext_lazy("Updated a counselling case (%(fields)s)"),
    "appointments.case.session_linked": gettext_lazy("Linked a session to a case"),
    "appointments.case.session_booked": gettext_lazy("Booked the next session of a case"),
    "appointments.case.next_step_added": gettext_lazy(
        "Added a next step to a case (due %(due_on)s)"
    ),
    "appointments.followup.created": gettext_lazy("Planned a follow-up (%(kind)s, due %(due_on)s)"),
    "appointments.followup.completed": gettext_lazy("Completed a follow-up"),
    "appointments.note.written": gettext_lazy("Wrote a session note"),
    "appointments.note.edited": gettext_lazy("Edited a session note"),
    "appointments.note.addendum_added": gettext_lazy("Added an addendum to a session note"),
    "appointments.note.read": gettext_lazy("Read session notes"),
    "appointments.referral.created": gettext_lazy("Made a referral (%(target)s)"),
    "appointments.referral.updated": gettext_lazy("Updated a referral (%(status)s)"),
    # appointments: office hours, rooms, pods, the waiting list
    "appointments.office_hours.created": gettext_lazy("Added office hours (%(mode)s)"),
    "appointments.office_hours.updated": gettext_lazy("Changed office hours (%(mode)s)"),
    "appointments.office_hours.deleted": gettext_lazy("Deleted office hours"),
    "appointments.office_hours_exception.created": gettext_lazy(
        "Added a change to office hours (%(kind)s)"
    ),
    "appointments.office_hours_exception.updated": gettext_lazy(
        "Changed a change to office hours (%(kind)s)"
    ),
    "appointments.office_hours_exception.deleted": gettext_lazy(
        "Deleted a change to office hours (%(kind)s)"
    ),
    "appointments.room.created": gettext_lazy("Added a counselling room"),
    "appointments.room.updated": gettext_lazy("Changed a counselling room"),
    "appointments.pod.created": gettext_lazy("Added a pod or room (%(kind)s)"),
    "appointments.pod.updated": gettext_lazy("Changed a pod or room (%(kind)s)"),
    "appointments.pod_booking.created": gettext_lazy("Booked a pod"),
    "appointments.pod_booking.cancelled": gettext_lazy("Cancelled a pod booking"),
    "appointments.pod_booking.walk_in": gettext_lazy("Recorded a walk-in at a pod"),
    "appointments.pod_booking.used": gettext_lazy("Marked a pod booking as used"),
    "appointments.pod_booking.no_show": gettext_lazy("Marked a pod booking as missed"),
    "appointments.pod_booking.booked": gettext_lazy("Marked a pod booking as booked again"),
    "appointments.waitlist.joined": gettext_lazy("Joined the waiting list for %(day)s"),
    "appointments.waitlist.left": gettext_lazy("Left the waiting list"),
    "appointments.waitlist.offered": gettext_lazy("A freed time was offered from the waiting list"),
    "appointments.waitlist.offer_accepted": gettext_lazy("Accepted an offered time"),
    "appointments.waitlist.offer_declined": gettext_lazy("Declined an offered time"),
    "appointments.waitlist.offer_expired": gettext_lazy("An offered time expired unanswered"),
    # courses
    "courses.catalogue.imported": gettext_lazy(
        "Imported the course catalogue (%(created)s new, %(updated)s changed, "
        "%(unchanged)s unchanged topics)"
    ),
    # learning: training and certificates
    "learning.enrolment.created": gettext_lazy("Enrolled a person in a training programme"),
    "learning.certificate.issued": gettext_lazy("Issued the training certificate %(number)s"),
    "learning.certificate.renewed": gettext_lazy(
        "Renewed the training certificate %(renews)s as %(number)s"
    ),
    "learning.certificate.revoked": gettext_lazy("Revoked the training certificate %(number)s"),
    "learning.certificate.backbone_granted": gettext_lazy(
        "Gave a certified person the backbone staff role"
    ),
    "learning.trainees.viewed": gettext_lazy(
        "Viewed the trainees of a training programme (%(shown)s shown)"
    ),
    "learning.register.viewed": gettext_lazy(
        "Viewed the register of certified backbone staff (%(shown)s shown)"
    ),
}

# A detail key whose codes are labelled by a model field of another name.
_FIELD_FOR_KEY = {"previous": "status", "as": "role"}


class _Details(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "—"


@cache
def _choice_labels(app_label: str, field_name: str) -> dict[str, Any]:
    """Labels of the codes of every field called `field_name` with choices in the app."""
    labels: dict[str, Any] = {}
    try:
        models = apps.get_app_config(app_label).get_models()
    except LookupError:
        return labels
    for model in models:
        try:
            field = model._meta.get_field(field_name)
        except FieldDoesNotExist:
            continue  # most models have no such field
        for value, label in getattr(field, "flatchoices", None) or ():
            labels.setdefault(str(value), label)
    return labels


def _value(app_label: str, key: str, value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, list | tuple):
        shown = [_value(app_label, key, item) for item in value]
        return pgettext("list separator", ", ").join(shown) or "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    field = _FIELD_FOR_KEY.get(key, key)
    for app in (app_label, "network"):
        label = _choice_labels(app, field).get(str(value))
        if label is not None:
            return str(label)
    return str(value)


def _fallback(action: str) -> str:
    parts = action.split(".")
    if len(parts) < 3:
        return action
    subject, verb = parts[-2].replace("_", " "), parts[-1].replace("_", " ")
    return _("%(subject)s: %(verb)s") % {"subject": subject, "verb": verb}


def sentence(entry: AuditEntry) -> str:
    """The entry as one translated sentence in the active language."""
    app_label = entry.action.split(".", 1)[0]
    details = entry.details if isinstance(entry.details, dict) else {}
    values = _Details({key: _value(app_label, key, value) for key, value in details.items()})
    template = SENTENCES.get(entry.action)
    if template is None:
        text = _fallback(entry.action)
        shown = "; ".join(
            _("%(key)s: %(value)s") % {"key": key.replace("_", " "), "value": value}
            for key, value in values.items()
        )
        if not shown:
            return text
        return _("%(sentence)s (%(details)s)") % {"sentence": text, "details": shown}
    return str(template) % values
