"""What the check-answers page and the record show for stored answers."""

from __future__ import annotations

import pytest

from sharing.presenters import question_rows

pytestmark = pytest.mark.django_db


def rows(number, stored, context=None):
    return [(row.label, row.value) for row in question_rows(number, stored, context or {})]


def test_anonymised_information_reads_once_as_identifying_no_one():
    assert rows(2, {"identifiable": False, "identifiable_people": []}) == [
        (
            "Does the information enable a person to be identified?",
            "No one: the information is anonymised",
        )
    ]


def test_an_answer_of_none_of_these_reads_as_such_and_no_purpose_as_no():
    assert (
        "Does it include any special category or criminal offence information?",
        "None of these",
    ) in rows(3, {"relationship": "formal", "confidential": True, "special_category": []})
    assert rows(1, {"has_purpose": False, "purpose_category": "", "purpose": ""}) == [
        ("Is there a legitimate purpose to share the information?", "No")
    ]


def test_consent_not_recorded_yet_says_so():
    assert rows(4, {"consent_status": "obtained", "not_sought_reason": "", "consent_ids": []}) == [
        ("Has consent to share been obtained?", "Consent was obtained"),
        ("Which consent do you rely on?", "Consent was given but is not recorded yet"),
    ]


def test_a_key_no_page_asks_any_more_still_shows():
    shown = rows(7, {"items": [], "some_old_answer": "kept"})
    assert ("Some old answer", "kept") in shown
