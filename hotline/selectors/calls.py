"""Reads of the call log, each for a viewer of the line."""

from __future__ import annotations

from uuid import UUID

from django.db.models import QuerySet

from accounts.models import User
from core.errors import NotFound
from hotline.models import Call, CallStatus, CallTopic, Line
from hotline.selectors.lines import may_view
from network.access import Viewer
from network.models import Level, OrgUnit

RECENT = 10


def _calls(line: Line) -> QuerySet[Call]:
    return (
        Call.objects.filter(line=line)
        .select_related("operator", "district")
        .prefetch_related("topics")
    )


def call_get(*, viewer: Viewer, line: Line, public_id: UUID | str) -> Call:
    """A call of the line for its operators; NotFound otherwise."""
    if not may_view(viewer, line):
        raise NotFound()
    call = _calls(line).select_related("caller").filter(public_id=public_id).first()
    if call is None:
        raise NotFound()
    return call


def my_drafts(*, viewer: User, line: Line) -> QuerySet[Call]:
    """The viewer's drafts, newest first: what a closed browser left behind."""
    if not may_view(viewer, line):
        return Call.objects.none()
    return _calls(line).filter(operator=viewer, status=CallStatus.DRAFT).order_by("-started_at")


def unclaimed_drafts(*, viewer: Viewer, line: Line) -> QuerySet[Call]:
    """Drafts the switchboard made while nobody was on duty: any operator may take one."""
    if not may_view(viewer, line):
        return Call.objects.none()
    return _calls(line).filter(operator__isnull=True, status=CallStatus.DRAFT)


def my_recent_calls(*, viewer: User, line: Line, limit: int = RECENT) -> list[Call]:
    if not may_view(viewer, line):
        return []
    return list(
        _calls(line)
        .filter(operator=viewer, status=CallStatus.LOGGED)
        .order_by("-started_at")[:limit]
    )


def topics_active() -> QuerySet[CallTopic]:
    return CallTopic.objects.filter(is_active=True)


def districts() -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(level=Level.DISTRICT, is_active=True).order_by("path")
