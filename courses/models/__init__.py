"""The courses app's models, one module per subject; every model is re-exported here.

app_label stays `courses`, so migrations and "courses.Topic" references are unchanged.
"""

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
    "Audience",
    "BlockedDay",
    "Category",
    "EventKind",
    "Expert",
    "ExpertDistrict",
    "Format",
    "HalfDay",
    "KeyGroup",
    "Lecture",
    "LectureStatus",
    "Order",
    "OrderDate",
    "OrderEvent",
    "OrderStatus",
    "Round",
    "RoundQuota",
    "SignInIdentity",
    "Topic",
    "TopicAudience",
    "TopicExpert",
    "TopicFormat",
]
