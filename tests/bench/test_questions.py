"""The question pages' benchmark walks every page of the teacher's scenario on generated
data, saving each, and times each one (bench/questions.py)."""

import pytest
from django.core.management import call_command

from audit.verify import verify
from bench.questions import question_timings
from sharing.models import Decision

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_benchmark_walks_and_saves_every_page_of_the_teacher_scenario():
    call_command("generate_scale_data", "--decisions", "60", "--agencies", "2", "--workers", "1")
    timings, baseline, facts = question_timings(runs=2)
    labels = [t.label for t in timings]
    assert labels[0] == "task list"
    assert len(labels) == 1 + 22  # the task list and the teacher's 22 pages
    assert all(t.post is not None for t in timings[1:])
    assert baseline.get[0] > 0
    draft = Decision.objects.get(status="draft")
    assert sorted(k for k in draft.answers if k.startswith("q")) == [f"q{n}" for n in range(1, 9)]
    assert facts["case_decisions"] >= 1
    assert verify().intact
