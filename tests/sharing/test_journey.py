"""The task list, "Save and come back later", another tab, discarding, confirmation and the
record, through Django's test client."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse

from agencies.models import Role
from audit import events
from audit.models import AuditEvent
from records import history
from sharing import journey, selectors
from sharing.models import Decision, FollowUp
from sharing.presenters import page_url
from tests.factories.agencies import member
from tests.factories.sharing import (
    ABOUT_PROACTIVE,
    Q1_PURPOSE,
    Q2_ANONYMISED,
    Q2_IDENTIFIABLE,
    Q3_CONFIDENTIAL,
    Q4_NOT_SOUGHT,
    Q5_NO_DUTY,
    START_PROACTIVE,
    TODAY,
    answer_question,
    date_fields,
    q6,
    q7,
    q8,
    submitted_decision,
)

pytestmark = pytest.mark.django_db
SHORT_REFERENCE = re.compile(r"\b(?:[LHOPB] \d|O Annex|P rule|B appendix)")


@pytest.fixture
def draft(client, allocated_case, practitioner):
    client.force_login(practitioner)
    client.post(reverse("sharing:decision_new", args=[allocated_case.pk]), START_PROACTIVE)
    decision = Decision.objects.latest("id")
    client.post(reverse("sharing:about", args=[decision.pk]), ABOUT_PROACTIVE)
    return decision


def task_list(client, decision):
    return client.get(reverse("sharing:decision_detail", args=[decision.pk]))


def states(client, decision):
    groups = task_list(client, decision).context["groups"]
    return {item["number"]: item for group in groups for item in group["items"]}


def post_page(client, decision, number, slug="", data=None, **extra):
    decision.refresh_from_db()
    spec = journey.page(number, slug)
    progress = selectors.draft_progress(decision.author, decision=decision)
    seen = journey.version(spec, progress.engine_input, decision.typed)
    return client.post(page_url(decision.pk, spec), {**(data or {}), "seen": seen, **extra})


def test_resuming_a_draft_lands_on_its_task_list(client, draft, allocated_case):
    case_page = client.get(reverse("records:case_detail", args=[allocated_case.pk])).content
    assert reverse("sharing:decision_detail", args=[draft.pk]).encode() in case_page
    old_link = client.get(reverse("sharing:check", args=[draft.pk]) + "?resume")
    assert old_link["Location"] == reverse("sharing:decision_detail", args=[draft.pk])
    response = task_list(client, draft)
    assert response.templates[0].name == "sharing/task_list.html"


def test_the_task_list_says_what_cannot_start_yet_and_what_is_not_needed_and_why(client, draft):
    item = states(client, draft)
    assert item[1]["status"] == "not_started"
    assert (item[2]["status"], item[2]["reason"]) == ("cannot_start", "Answer question 1 first.")
    answer_question(client, draft, 1, Q1_PURPOSE)
    answer_question(client, draft, 2, Q2_ANONYMISED)
    item = states(client, draft)
    assert item[1]["status"] == item[2]["status"] == "completed"
    for number in (3, 4, 5, 6):
        assert item[number]["status"] == "not_needed"
        assert item[number]["reason"] == "Not needed: the information does not identify anyone."
        assert item[number]["url"] is None
    assert item[7]["status"] == "not_started"


def test_a_question_part_answered_is_in_progress(client, draft):
    post_page(client, draft, 1, data=Q1_PURPOSE)
    assert states(client, draft)[1]["status"] == "in_progress"
    assert states(client, draft)[1]["url"].endswith("/questions/1/legal-basis/")


def test_a_question_off_the_route_or_a_page_not_needed_goes_back(client, draft):
    response = client.get(reverse("sharing:question", args=[draft.pk, 5]))
    assert response["Location"] == reverse("sharing:decision_detail", args=[draft.pk])
    answer_question(client, draft, 1, Q1_PURPOSE)
    response = client.get(reverse("sharing:question_page", args=[draft.pk, 2, "identity"]))
    assert response["Location"] == reverse("sharing:question", args=[draft.pk, 2])
    assert (
        client.get(reverse("sharing:question_page", args=[draft.pk, 2, "nope"])).status_code == 404
    )


def test_save_and_come_back_later_saves_a_valid_page_and_returns_to_the_task_list(client, draft):
    response = post_page(client, draft, 1, data=Q1_PURPOSE, later="1")
    assert response["Location"] == reverse("sharing:decision_detail", args=[draft.pk])
    draft.refresh_from_db()
    assert draft.answers["q1"]["purpose"] == Q1_PURPOSE["purpose"]
    assert draft.typed == {}


def test_save_and_come_back_later_keeps_an_invalid_page_as_typed_with_its_errors(client, draft):
    answer_question(client, draft, 1, Q1_PURPOSE)
    answer_question(client, draft, 2, Q2_IDENTIFIABLE)
    post_page(client, draft, 3, data={"relationship": "formal"})
    typed = {"special_category": ["health", "none"]}
    post_page(client, draft, 3, "special-category", data=typed, later="1")
    draft.refresh_from_db()
    assert draft.typed == {"3/special-category": {"special_category": ["health", "none"]}}
    problem = "Select the kinds of sensitive information, or 'None of these', not both"
    event = AuditEvent.objects.filter(action="decision.answer_kept_as_typed").get()
    assert event.payload["problems"] == [problem]
    # Back on the page: what was typed, with its error.
    page = client.get(reverse("sharing:question_page", args=[draft.pk, 3, "special-category"]))
    assert page.context["form"].is_bound
    assert page.context["form"]["special_category"].value() == ["health", "none"]
    assert problem.replace("'", "&#x27;") in page.content.decode()
    assert page.context["kept"]
    # It counts for nothing: not answered, a problem on the task list, no submission.
    assert "special_category" not in draft.answers["q3"]
    assert states(client, draft)[3]["status"] == "problem"
    progress = selectors.draft_progress(draft.author, decision=draft)
    assert 3 in progress.missing
    # Fixed and saved: the typed copy goes, and the page it now needs comes next.
    response = post_page(
        client, draft, 3, "special-category", data={"special_category": ["health"]}
    )
    assert response["Location"].endswith("/questions/3/condition/")
    draft.refresh_from_db()
    assert draft.typed == {}
    assert draft.answers["q3"]["special_category"] == ["health"]


def test_a_page_kept_as_typed_blocks_submission(client, draft, other_agency):
    for number, data in {
        1: Q1_PURPOSE,
        2: Q2_ANONYMISED,
        7: q7(other_agency.pk),
        8: q8(),
    }.items():
        answer_question(client, draft, number, data)
    post_page(client, draft, 8, data={"decision": "share", "reasons": ""}, later="1")
    response = client.post(reverse("sharing:check", args=[draft.pk]))
    assert response.status_code == 200
    assert response.context["error"] == "Answer question 8 before submitting"
    assert "Submit decision" not in response.content.decode()
    assert Decision.objects.get(pk=draft.pk).is_draft


def test_a_page_changed_in_another_tab_is_shown_again_not_saved(client, draft):
    spec = journey.page(1)
    progress = selectors.draft_progress(draft.author, decision=draft)
    stale = journey.version(spec, progress.engine_input, draft.typed)
    post_page(client, draft, 1, data=Q1_PURPOSE)  # the other tab
    mine = {**Q1_PURPOSE, "purpose": "Typed in the first tab", "seen": stale}
    response = client.post(page_url(draft.pk, spec), mine)
    assert response.status_code == 200
    assert response.context["conflict"]
    assert response.context["form"]["purpose"].value() == "Typed in the first tab"
    draft.refresh_from_db()
    assert draft.answers["q1"]["purpose"] == Q1_PURPOSE["purpose"]
    # Saving again, having seen the warning, saves it.
    again = {**mine, "seen": response.context["seen"]}
    assert client.post(page_url(draft.pk, spec), again).status_code == 302
    draft.refresh_from_db()
    assert draft.answers["q1"]["purpose"] == "Typed in the first tab"


def test_adding_and_removing_an_item_keeps_everything_typed(client, draft):
    answer_question(client, draft, 1, Q1_PURPOSE)
    answer_question(client, draft, 2, Q2_ANONYMISED)
    typed = {"item_1_text": "Bruises on both arms", "item_1_nature": "fact", "private_law": "no"}
    response = post_page(client, draft, 7, data=typed, add_item="1")
    form = response.context["form"]
    assert form.slots == 2
    assert form["item_1_text"].value() == "Bruises on both arms"
    assert not form.is_bound  # nothing checked or saved yet
    two = {**typed, "item_2_text": "Seemed frightened", "item_2_nature": "opinion"}
    response = post_page(client, draft, 7, data=two, remove_item="1")
    form = response.context["form"]
    assert form.slots == 1
    assert form["item_1_text"].value() == "Seemed frightened"
    draft.refresh_from_db()
    assert "q7" not in draft.answers


def test_the_error_summary_lists_the_items_in_page_order(client, draft):
    answer_question(client, draft, 1, Q1_PURPOSE)
    answer_question(client, draft, 2, Q2_ANONYMISED)
    typed = {
        "item_1_text": "Bruises",
        "item_2_nature": "opinion",
        "item_3_text": "Frightened",
        "private_law": "",
    }
    response = post_page(client, draft, 7, data=typed)
    errors = list(response.context["form"].errors)
    assert errors == ["item_1_nature", "item_2_text", "item_3_nature", "private_law"]
    body = response.content.decode()
    summary = body[
        body.index("govuk-error-summary") : body.index("</ul>", body.index("govuk-error-summary"))
    ]
    order = [
        summary.index(f"#id_{name}")
        for name in ("item_1_nature_0", "item_2_text", "item_3_nature_0", "private_law_0")
    ]
    assert order == sorted(order)


@pytest.mark.parametrize(
    ("slug", "data", "message"),
    [
        (
            "advice-details",
            {
                **date_fields("advice_when", TODAY + datetime.timedelta(days=365)),
                "advice_given": "x",
            },
            "Date you asked for advice must be today or in the past",
        ),
        (
            "advice-details",
            {
                "advice_when_0": "31",
                "advice_when_1": "2",
                "advice_when_2": "2026",
                "advice_given": "x",
            },
            "Date you asked for advice must be a real date",
        ),
    ],
)
def test_an_advice_date_must_be_real_and_not_in_the_future(client, draft, slug, data, message):
    for number, answers in {1: Q1_PURPOSE, 2: Q2_IDENTIFIABLE, 3: Q3_CONFIDENTIAL}.items():
        answer_question(client, draft, number, answers)
    answer_question(client, draft, 4, Q4_NOT_SOUGHT)
    answer_question(client, draft, 5, Q5_NO_DUTY)
    post_page(client, draft, 6, data={"risk_level": "reasonable_cause"})
    post_page(client, draft, 6, "advice", data={"advice_from": ["line_manager"]})
    response = post_page(client, draft, 6, slug, data=data)
    assert response.status_code == 200
    assert message in response.context["form"].errors["advice_when"]


def test_use_until_must_be_after_today(client, draft, other_agency):
    answer_question(client, draft, 1, Q1_PURPOSE)
    answer_question(client, draft, 2, Q2_ANONYMISED)
    answer_question(client, draft, 7, q7(other_agency.pk))
    data = {
        "method": "secure_email",
        **date_fields("shared_on", TODAY),
        **date_fields("use_until", TODAY),
    }
    response = post_page(client, draft, 7, "method", data=data)
    assert response.context["form"].errors["use_until"] == [
        "Date they may use it until must be after today"
    ]
    later = {**data, **date_fields("use_until", TODAY + datetime.timedelta(days=30))}
    assert post_page(client, draft, 7, "method", data=later).status_code == 302


def test_check_answers_has_no_submit_button_until_everything_needed_is_answered(client, draft):
    answer_question(client, draft, 1, Q1_PURPOSE)
    response = client.get(reverse("sharing:check", args=[draft.pk]))
    body = response.content.decode()
    assert not response.context["complete"]
    assert "Submit decision" not in body
    assert "There is a problem" in body
    assert f'href="{reverse("sharing:question", args=[draft.pk, 2])}' in body


def test_the_legal_bases_that_fit_the_agency_and_the_purpose_come_first(client, draft):
    post_page(client, draft, 1, data=Q1_PURPOSE)
    page = client.get(reverse("sharing:question_page", args=[draft.pk, 1, "legal-basis"]))
    form = page.context["form"]
    first = [value for value, _ in form.fields["legal_bases"].choices]
    rest = [value for value, _ in form.fields["legal_bases_more"].choices]
    # A children's social care agency, for a child protection enquiry.
    assert "ca1989_s47" in first
    assert "ea2002_s175" in rest  # a school's duty, not this agency's
    assert "<details" in page.content.decode()


def test_a_practitioner_discards_their_own_draft_and_the_log_keeps_it(
    client, draft, allocated_case, agency, lead_officer
):
    answer_question(client, draft, 1, Q1_PURPOSE)
    colleague = member(agency, Role.PRACTITIONER)
    client.force_login(colleague)
    assert client.post(reverse("sharing:discard", args=[draft.pk])).status_code == 404
    client.force_login(lead_officer)  # sees the agency's drafts, may not discard them
    assert client.post(reverse("sharing:discard", args=[draft.pk])).status_code == 403
    client.force_login(draft.author)
    assert (
        "Are you sure" in client.get(reverse("sharing:discard", args=[draft.pk])).content.decode()
    )
    response = client.post(reverse("sharing:discard", args=[draft.pk]))
    assert response["Location"] == reverse("records:case_detail", args=[allocated_case.pk])
    assert not Decision.objects.filter(pk=draft.pk).exists()
    actions = list(
        AuditEvent.objects.filter(object_id=str(draft.pk)).values_list("action", flat=True)
    )
    assert actions[-1] == "decision.discarded"
    assert "decision.answer_saved" in actions
    discarded = AuditEvent.objects.get(action="decision.discarded")
    assert discarded.payload["name"].startswith("Sharing information")


def test_drafts_are_named_by_what_they_are_about_on_the_case_and_the_home_page(
    client, draft, other_agency
):
    home = client.get(reverse("home")).content.decode()  # the "Your drafts" queue
    assert "Sharing information: concerns raised at school" in home
    answer_question(client, draft, 1, Q1_PURPOSE)
    answer_question(client, draft, 2, Q2_ANONYMISED)
    post_page(client, draft, 7, data=q7(other_agency.pk))
    post_page(client, draft, 7, "recipient", data=q7(other_agency.pk))
    home = client.get(reverse("home")).content.decode()
    assert (
        f"Sharing with {other_agency.name}: child protection enquiry (section 47 of the Children "
        "Act 1989)" in home
    )


def full_walk(client, draft, other_agency, method="secure_email"):
    pages = {
        1: Q1_PURPOSE,
        2: Q2_IDENTIFIABLE,
        3: Q3_CONFIDENTIAL,
        4: Q4_NOT_SOUGHT,
        5: Q5_NO_DUTY,
        6: q6(),
        7: q7(other_agency.pk, method=method, written_confirmation="yes"),
        8: q8(),
    }
    for number, data in pages.items():
        answer_question(client, draft, number, data)
    return client.post(reverse("sharing:check", args=[draft.pk]))


def test_submitting_shows_the_confirmation_and_what_happens_next(client, draft, other_agency):
    response = full_walk(client, draft, other_agency, method="telephone")
    assert response["Location"] == reverse("sharing:confirmation", args=[draft.pk])
    page = client.get(response["Location"])
    body = page.content.decode()
    assert "Decision recorded" in body
    assert "What happens next" in body
    assert "Confirm the verbal sharing in writing, by" in body
    assert "Tell the person the information is about that it was shared, by" in body


def test_the_record_shows_outstanding_actions_first_and_no_green_panel_for_its_outcome(
    client, draft, other_agency
):
    full_walk(client, draft, other_agency, method="telephone")
    body = client.get(reverse("sharing:decision_detail", args=[draft.pk])).content.decode()
    assert "govuk-panel" not in body
    assert body.index('data-testid="outstanding"') < body.index("Information-sharing decision")
    assert body.count('data-testid="follow-up"') == 2
    follow_up = FollowUp.objects.get(decision=draft, kind="tell_person")
    client.post(reverse("sharing:follow_up_done", args=[draft.pk, follow_up.pk]))
    body = client.get(reverse("sharing:decision_detail", args=[draft.pk])).content.decode()
    assert body.count('data-testid="follow-up"') == 1


def test_a_flagged_do_not_share_decision_reads_as_awaiting_review(
    client, allocated_case, practitioner
):
    decision = submitted_decision(
        allocated_case,
        practitioner,
        outcome="do_not_share",
        needs_review=True,
        flags=[
            {
                "code": "not_sharing_despite_significant_harm",
                "message": "Not sharing, although the risk recorded is significant harm.",
                "source": "B 1; B 6",
                "severity": "review",
            }
        ],
    )
    client.force_login(practitioner)
    body = client.get(reverse("sharing:decision_detail", args=[decision.pk])).content.decode()
    assert "govuk-panel" not in body
    assert "govuk-tag--grey" in body
    assert "Awaiting review" in body
    assert "Safeguarding Information Sharing Protocol, sections 1 and 6" in body


# Stored as the eight one-page questions saved them until December 2026.
OLD_SHAPE = {
    "start": {"prompted_by": "Concerns raised at school"},
    "q1": {
        "has_purpose": True,
        "purpose": "Protect the child",
        "purpose_category": "child_protection_enquiry",
        "legal_bases": ["ca1989_s47"],
        "legal_basis_other": "",
        "within_functions": True,
        "need_to_know": True,
        "anonymised_would_do": False,
        "recipient_will_pass_on": True,
    },
    "q2": {"identifiable": True, "identifiable_people": ["child"]},
    "q3": {
        "confidential": True,
        "relationship": "formal",
        "special_category": [],
        "dpa_condition": "",
    },
    "q4": {"consent_status": "refused", "consent_ids": [], "refusal_ids": []},
    "q5": {"statutory_duty": False, "duty": "", "reference": ""},
    "q6": {
        "risk_level": "below_threshold",
        "if_shared": "a",
        "if_not_shared": "b",
        "proportionate": "Only what is needed",
        "advice_sought": False,
        "advice_from": [],
        "advice_when": None,
        "advice_given": "",
        "pressing_need": [],
        "conclusion": "not_justified",
    },
    "q8": {"decision": "do_not_share", "reasons": "Kept under review", "authorised_by": ""},
}


def test_an_answer_stored_in_the_old_shape_still_renders_on_the_record_and_in_the_history(
    client, allocated_case, practitioner, auditor
):
    decision = submitted_decision(
        allocated_case, practitioner, outcome="do_not_share", answers=OLD_SHAPE
    )
    events.append(  # the history reads the log
        actor=practitioner,
        action="decision.answer_saved",
        object_type="decision",
        object_id=decision.pk,
        case_id=allocated_case.pk,
        agency_id=allocated_case.agency_id,
        payload={"question": 6, "answers": OLD_SHAPE["q6"]},
    )
    client.force_login(practitioner)
    body = client.get(reverse("sharing:decision_detail", args=[decision.pk])).content.decode()
    assert (
        "A concern below this, or I am not sure whether there is reasonable cause to believe"
        in body
    )
    assert "Will the recipient pass the information on to anyone else?" in body
    assert "Kept under review" in body
    built = history.build(allocated_case, filters=history.Filters(), user=auditor)
    [saved] = [view for view in built.views if view.title.startswith("Question 6 answered")]
    details = dict(saved.details)
    assert details["What is the level of risk of harm at the time?"] == (
        "A concern below this, or I am not sure whether there is reasonable cause to believe"
    )


def test_no_page_of_the_journey_shows_a_bare_paragraph_reference(client, draft, other_agency):
    urls = [
        reverse("sharing:decision_detail", args=[draft.pk]),
        reverse("sharing:about", args=[draft.pk]),
    ]
    pages = {
        1: Q1_PURPOSE,
        2: Q2_IDENTIFIABLE,
        3: Q3_CONFIDENTIAL,
        4: Q4_NOT_SOUGHT,
        5: Q5_NO_DUTY,
        6: q6(),
        7: q7(other_agency.pk),
        8: q8(),
    }
    for number, data in pages.items():
        progress = selectors.draft_progress(draft.author, decision=draft)
        urls += [page_url(draft.pk, s) for s in progress.sequence if s.question == number]
        answer_question(client, draft, number, data)
        draft.refresh_from_db()
    urls.append(reverse("sharing:check", args=[draft.pk]))
    for url in urls:
        text = re.sub(r"<[^>]+>", " ", client.get(url).content.decode())
        assert not SHORT_REFERENCE.search(text), (url, SHORT_REFERENCE.search(text))
    client.post(reverse("sharing:check", args=[draft.pk]))
    for url in (
        reverse("sharing:confirmation", args=[draft.pk]),
        reverse("sharing:decision_detail", args=[draft.pk]),
    ):
        text = re.sub(r"<[^>]+>", " ", client.get(url).content.decode())
        assert not SHORT_REFERENCE.search(text), (url, SHORT_REFERENCE.search(text))


def test_what_the_decision_is_about_can_be_saved_for_later_as_typed(
    client, allocated_case, practitioner
):
    client.force_login(practitioner)
    client.post(
        reverse("sharing:decision_new", args=[allocated_case.pk]), {"kind": "request_received"}
    )
    decision = Decision.objects.latest("id")
    about = reverse("sharing:about", args=[decision.pk])
    response = client.post(about, {"requester_name": "DC Smith", "later": "1"})
    assert response["Location"] == reverse("sharing:decision_detail", args=[decision.pk])
    decision.refresh_from_db()
    assert decision.typed["start"]["requester_name"] == ["DC Smith"]
    assert "There is a problem" in task_list(client, decision).content.decode()
    page = client.get(about)
    assert page.context["form"]["requester_name"].value() == "DC Smith"
    assert "Select the organisation that asked" in page.content.decode()


def test_a_draft_other_records_point_to_is_not_discarded_and_says_why(
    client, allocated_case, practitioner
):
    decision = submitted_decision(allocated_case, practitioner, status="draft", submitted_at=None)
    FollowUp.objects.create(decision=decision, kind="confirm_in_writing", due_on=TODAY)
    client.force_login(practitioner)
    response = client.post(reverse("sharing:discard", args=[decision.pk]))
    assert response.status_code == 200
    assert "This draft cannot be discarded" in response.content.decode()
    assert Decision.objects.filter(pk=decision.pk).exists()
    assert not AuditEvent.objects.filter(action="decision.discarded").exists()
