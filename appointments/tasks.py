"""Background work of appointments. Tasks take primary keys and are idempotent."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="appointments.regenerate_slots")
def regenerate_slots() -> int:
    """Keep the next weeks of slots generated for every counsellor with office hours."""
    from appointments import services
    from appointments.models import AvailabilityRule

    counsellors = (
        AvailabilityRule.objects.filter(is_active=True)
        .values_list("counsellor_id", flat=True)
        .distinct()
    )
    for counsellor_id in counsellors:
        services.slots_regenerate(counsellor_id=counsellor_id)
    return len(counsellors)
