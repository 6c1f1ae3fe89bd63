from .base import QuestionForm
from .questions import ConfidentialForm, ConsentForm, IdentifiableForm, PurposeForm
from .sharing import DecisionForm, DutyForm, HowSharedForm, PublicInterestForm
from .start import StartForm

QUESTION_FORMS: dict[int, type[QuestionForm]] = {
    form.number: form
    for form in (
        PurposeForm,
        IdentifiableForm,
        ConfidentialForm,
        ConsentForm,
        DutyForm,
        PublicInterestForm,
        HowSharedForm,
        DecisionForm,
    )
}

__all__ = ["QUESTION_FORMS", "QuestionForm", "StartForm"]
