"""The lecture record (巡讲登记表): filed once after the lecture by its expert or its unit.

Filing makes the lecture `held` (from then on it counts for the KPIs). The attendance
starts from the QR count; a different figure needs a reason, is kept as an
`AttendanceAdjustment` and audit-logged — at filing and at any later correction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from accounts.models import User
from core.errors import DomainError, NotFound
from courses.errors import ErrorCode
from courses.facts import lecture_refresh
from courses.models import (
    AttendanceAdjustment,
    Lecture,
    LecturePhoto,
    LectureRecord,
    LectureStatus,
)
from courses.selectors.lectures import may_file_record, may_view_lecture
from courses.services.signin import sign_in_count
from network import audit

MAX_PHOTOS = 6
MAX_PHOTO_BYTES = 5 * 1024 * 1024
PHOTO_FORMATS = frozenset({"JPEG", "PNG", "WEBP"})
MAX_DURATION = 600
MAX_ATTENDANCE = 100_000


class RecordInvalid(DomainError):
    code = ErrorCode.RECORD_INVALID


class RecordRefused(DomainError):
    code = ErrorCode.RECORD_ALREADY_FILED
    status = 409


@dataclass(frozen=True)
class RecordData:
    attendance: int
    duration_minutes: int
    notes: str = ""
    reason: str = ""
    for_cadres: bool = False


def _check_photos(photos: Sequence[UploadedFile]) -> None:
    if len(photos) > MAX_PHOTOS:
        raise RecordInvalid(
            _("At most %(n)d photos, please.") % {"n": MAX_PHOTOS},
            code=ErrorCode.RECORD_PHOTO_INVALID,
            fields={"photos": [_("At most %(n)d photos, please.") % {"n": MAX_PHOTOS}]},
        )
    for photo in photos:
        message = None
        if (photo.size or 0) > MAX_PHOTO_BYTES:
            message = _("“%(name)s” is larger than 5 MB.") % {"name": photo.name}
        else:
            try:
                with Image.open(photo) as image:
                    kind = image.format
                    image.verify()
            except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
                kind = None
            if kind not in PHOTO_FORMATS:
                message = _("“%(name)s” is not a JPEG, PNG or WebP photo.") % {"name": photo.name}
            photo.seek(0)
        if message:
            raise RecordInvalid(
                message, code=ErrorCode.RECORD_PHOTO_INVALID, fields={"photos": [message]}
            )


def _check_figures(data: RecordData, *, counted: int) -> str:
    errors: dict[str, list[str]] = {}
    if not 0 <= data.attendance <= MAX_ATTENDANCE:
        errors["attendance"] = [_("Give the number of people who attended.")]
    if not 1 <= data.duration_minutes <= MAX_DURATION:
        errors["duration_minutes"] = [_("Give the duration in minutes (1 to 600).")]
    if len(data.notes or "") > 2000:
        errors["notes"] = [_("At most 2,000 characters, please.")]
    reason = " ".join((data.reason or "").split())
    if len(reason) > 300:
        errors["reason"] = [_("At most 300 characters, please.")]
    if errors:
        raise RecordInvalid(_("Please check the highlighted fields."), fields=errors)
    if data.attendance != counted and not reason:
        message = _(
            "%(counted)d people signed in by the QR code. Give a reason for another figure."
        ) % {"counted": counted}
        raise RecordInvalid(
            message, code=ErrorCode.RECORD_REASON_REQUIRED, fields={"reason": [message]}
        )
    return reason


def _locked(lecture: Lecture, actor: User) -> Lecture:
    if not may_view_lecture(actor, lecture):
        raise NotFound()
    if not may_file_record(actor, lecture):
        raise NotFound()
    return Lecture.objects.select_for_update().select_related("unit").get(pk=lecture.pk)


def _adjust(
    record: LectureRecord, *, actor: User, previous: int, attendance: int, reason: str
) -> AttendanceAdjustment:
    adjustment = AttendanceAdjustment.objects.create(
        record=record, previous=previous, attendance=attendance, reason=reason, actor=actor
    )
    audit.record(
        actor=actor,
        action="courses.lecture.attendance_adjusted",
        target=record.lecture,
        unit=record.lecture.unit,
        details={
            "adjustment": adjustment.pk,
            "signed_in": record.signed_in,
            "previous": previous,
            "attendance": attendance,
        },
    )
    return adjustment


@transaction.atomic
def lecture_record_file(
    *, actor: User, lecture: Lecture, data: RecordData, photos: Sequence[UploadedFile] = ()
) -> LectureRecord:
    """File the record; the lecture becomes `held`."""
    lecture = _locked(lecture, actor)
    if lecture.status == LectureStatus.CANCELLED:
        raise RecordRefused(
            _("This lecture was cancelled; there is nothing to record."),
            code=ErrorCode.RECORD_LECTURE_CANCELLED,
        )
    if lecture.status == LectureStatus.HELD or LectureRecord.objects.filter(lecture=lecture):
        raise RecordRefused(_("The record of this lecture has been filed already."))
    if timezone.now() < lecture.starts_at:
        raise RecordRefused(
            _("The record can be filed once the lecture has begun."),
            code=ErrorCode.RECORD_TOO_EARLY,
        )
    counted = sign_in_count(lecture)
    reason = _check_figures(data, counted=counted)
    _check_photos(photos)
    record = LectureRecord.objects.create(
        lecture=lecture,
        signed_in=counted,
        attendance=counted,
        duration_minutes=data.duration_minutes,
        notes=(data.notes or "").strip(),
        for_cadres=data.for_cadres,
        filed_by=actor,
    )
    for photo in photos:
        LecturePhoto.objects.create(record=record, image=photo)
    lecture.status = LectureStatus.HELD
    lecture.save(update_fields=["status", "updated_at"])
    audit.record(
        actor=actor,
        action="courses.lecture.record_filed",
        target=lecture,
        unit=lecture.unit,
        details={
            "signed_in": counted,
            "attendance": data.attendance,
            "photos": len(photos),
            "for_cadres": data.for_cadres,
        },
    )
    if data.attendance != counted:
        _adjust(record, actor=actor, previous=counted, attendance=data.attendance, reason=reason)
        record.attendance = data.attendance
        record.save(update_fields=["attendance", "updated_at"])
    lecture_refresh(lecture)
    return record


@transaction.atomic
def lecture_attendance_adjust(
    *, actor: User, lecture: Lecture, attendance: int, reason: str
) -> LectureRecord:
    """Correct a filed record's attendance; always with a reason, always audit-logged."""
    lecture = _locked(lecture, actor)
    record = LectureRecord.objects.select_for_update().filter(lecture=lecture).first()
    if record is None:
        raise RecordRefused(_("File the lecture record first."), code=ErrorCode.RECORD_NOT_FILED)
    record.lecture = lecture
    reason = " ".join((reason or "").split())
    if not reason:
        message = _("Give a reason for changing the attendance.")
        raise RecordInvalid(
            message, code=ErrorCode.RECORD_REASON_REQUIRED, fields={"reason": [message]}
        )
    data = RecordData(
        attendance=attendance, duration_minutes=record.duration_minutes, reason=reason
    )
    _check_figures(data, counted=-1)
    if attendance == record.attendance:
        return record
    _adjust(record, actor=actor, previous=record.attendance, attendance=attendance, reason=reason)
    record.attendance = attendance
    record.save(update_fields=["attendance", "updated_at"])
    lecture_refresh(lecture)
    return record
