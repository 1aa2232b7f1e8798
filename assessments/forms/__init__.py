"""The assessments' forms: `portal` for workers, `staff` for the staff pages."""

from assessments.forms.portal import (
    AnswerPageForm,
    CallbackForm,
    CodeForm,
    ConsentForm,
    DistrictChoiceField,
    FinishForm,
)
from assessments.forms.staff import (
    CampaignForm,
    FiguresForm,
    InstrumentChoiceField,
)

__all__ = [
    "AnswerPageForm",
    "CallbackForm",
    "CampaignForm",
    "CodeForm",
    "ConsentForm",
    "DistrictChoiceField",
    "FiguresForm",
    "FinishForm",
    "InstrumentChoiceField",
]
