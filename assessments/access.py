"""Who may open a submission: the holder of its retrieval code, or its archive's owner.

A worker who typed (or was just shown) the retrieval code gets the submission's
public id in the session; nothing else is kept about the visitor.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from assessments.models import Submission

SESSION_KEY = "assessments.access"
MAX_REMEMBERED = 20


def remember(request: HttpRequest, submission: Submission) -> None:
    ids = [i for i in request.session.get(SESSION_KEY, []) if i != str(submission.public_id)]
    ids.append(str(submission.public_id))
    request.session[SESSION_KEY] = ids[-MAX_REMEMBERED:]


def owns(user: Any, submission: Submission) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and Submission.objects.filter(pk=submission.pk, archive_entry__consent__user=user).exists()
    )


def may_open(request: HttpRequest, submission: Submission) -> bool:
    if str(submission.public_id) in request.session.get(SESSION_KEY, []):
        return True
    return owns(request.user, submission)
