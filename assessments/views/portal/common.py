"""What the portal's assessment views share: who acts, where a result lives."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from assessments.models import Submission

GET_OR_POST = ["GET", "HEAD", "POST"]


def actor_of(request: HttpRequest) -> Any:
    """The signed-in worker, or None for an anonymous one."""
    return request.user if request.user.is_authenticated else None


def result_url(submissions: Sequence[Submission]) -> str:
    """The page of one result, or of a check-up bundle's results."""
    if len(submissions) == 1:
        return reverse("assessments:result", kwargs={"public_id": submissions[0].public_id})
    return reverse("assessments:results", kwargs={"public_ids": [s.public_id for s in submissions]})
