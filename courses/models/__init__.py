"""The courses app's models, one module per subject; every model is re-exported here.

app_label stays `courses`, so migrations and "courses.Topic" references are unchanged.
"""

from courses.models.attendance import (
    AttendanceAdjustment,
    Feedback,
    LecturePhoto,
    LectureRecord,
    SignIn,
    SignInChannel,
    Usefulness,
)
from courses.models.experts import BlockedDay, Expert, ExpertDistrict
from courses.models.lectures import (
    BUSY_STATUSES,
    Lecture,
    LectureStatus,
    SignInIdentity,
)
from courses.models.orders import (
    CLOSED_STATUSES,
    EventKind,
    HalfDay,
    KeyGroup,
    Order,
    OrderDate,
    OrderEvent,
    OrderStatus,
    Round,
    RoundQuota,
)
from courses.models.topics import (
    Audience,
    Category,
    Format,
    Topic,
    TopicAudience,
    TopicExpert,
    TopicFormat,
)

__all__ = [
    "BUSY_STATUSES",
    "CLOSED_STATUSES",
    "AttendanceAdjustment",
    "Audience",
    "BlockedDay",
    "Category",
    "EventKind",
    "Expert",
    "ExpertDistrict",
    "Feedback",
    "Format",
    "HalfDay",
    "KeyGroup",
    "Lecture",
    "LecturePhoto",
    "LectureRecord",
    "LectureStatus",
    "Order",
    "OrderDate",
    "OrderEvent",
    "OrderStatus",
    "Round",
    "RoundQuota",
    "SignIn",
    "SignInChannel",
    "SignInIdentity",
    "Topic",
    "TopicAudience",
    "TopicExpert",
    "TopicFormat",
    "Usefulness",
]
