from .base import PageForm
from .pages import FORMS, HIDDEN_KEYS, form_for, question_answers, question_fields
from .start import AboutForm, KindForm

__all__ = [
    "FORMS",
    "HIDDEN_KEYS",
    "AboutForm",
    "KindForm",
    "PageForm",
    "form_for",
    "question_answers",
    "question_fields",
]
