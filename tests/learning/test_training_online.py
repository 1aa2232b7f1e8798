"""Online sessions of a programme linked to a library item: attended once the trainee marks
the item complete (an outside link is never counted)."""

from __future__ import annotations

from typing import Any

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from learning import selectors, services
from learning.models import Session
from tests.learning.conftest import Training, passed_attempt, sign_in
from tests.learning.factories import library_item
from tests.network.personas import Login

pytestmark = pytest.mark.django_db


def _progress(training: Training) -> selectors.Progress:
    return selectors.enrolment_for_worker(
        viewer=training.trainee, public_id=training.enrolment.public_id
    )


def test_a_completed_library_item_counts_as_an_attended_session(
    training: Training, during: time_machine.Traveller
) -> None:
    item = library_item(title="线上课：情绪急救")
    online = Session.objects.create(programme=training.programme, position=5, item=item)
    other = library_item(title="别人的课")
    services.item_complete(actor=training.cadre_a, item=item)  # someone else's completion
    services.item_complete(actor=training.trainee, item=other)  # not in the programme
    sign_in(training.lectures[0], "陈静", "甲一企业服务室")
    assert _progress(training).attended_count == 1
    services.item_complete(actor=training.trainee, item=item)
    shown = _progress(training)
    assert shown.attended == frozenset(
        {training.programme.sessions.get(lecture=training.lectures[0]).pk, online.pk}
    )
    assert shown.attendance_met  # two required: one lecture and the library item
    passed_attempt(training.programme.exam, training.trainee)  # type: ignore[arg-type]
    cert = services.certificate_issue(actor=training.trainee, enrolment=training.enrolment)
    assert cert.enrolment_id == training.enrolment.pk


def test_an_outside_link_is_not_counted_and_a_session_is_one_thing(
    training: Training, during: time_machine.Traveller
) -> None:
    assert all(s.pk not in _progress(training).attended for s in training.programme.sessions.all())
    item = library_item()
    with pytest.raises(IntegrityError), transaction.atomic():
        Session.objects.create(
            programme=training.programme, position=6, item=item, online_url="https://x.org/"
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Session.objects.create(
            programme=training.programme, position=6, item=item, lecture=training.lectures[0]
        )


def test_the_training_page_links_the_item_and_ticks_it_when_completed(
    training: Training,
    during: time_machine.Traveller,
    login: Login,
    django_assert_max_num_queries: Any,
) -> None:
    item = library_item(title="线上课：睡个好觉")
    Session.objects.create(programme=training.programme, position=5, item=item)
    services.item_complete(actor=training.trainee, item=item)
    client: Client = login(training.trainee)
    with django_assert_max_num_queries(30):
        body = client.get(reverse("learning:training")).content.decode()
    link = reverse("learning:library_item", args=[item.public_id])
    assert f'✓ <a href="{link}">线上课：睡个好觉</a>' in body
