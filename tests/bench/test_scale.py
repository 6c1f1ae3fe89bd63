"""The benchmark data generator writes real, consistent rows and valid audit chains."""

import pytest
from django.core.management import call_command

from audit.models import AuditEvent
from audit.verify import verify
from sharing.models import Decision, Disclosure

pytestmark = pytest.mark.django_db(transaction=True)


def test_generated_volume_is_consistent_and_verifies(capsys):
    call_command("generate_scale_data", "--decisions", "150", "--agencies", "3", "--workers", "1")
    assert Decision.objects.filter(status="submitted").count() == 150
    assert AuditEvent.objects.count() >= 10 * 150
    assert Disclosure.objects.count() == Decision.objects.filter(outcome="share").count()
    result = verify()
    assert result.intact, result.first_break
    assert "Busiest case" in capsys.readouterr().out


def test_generation_continues_existing_chains():
    call_command("generate_scale_data", "--decisions", "30", "--agencies", "2", "--workers", "1")
    call_command("generate_scale_data", "--decisions", "30", "--agencies", "2", "--workers", "2")
    assert Decision.objects.count() == 60
    assert verify().intact


def test_the_first_agency_can_hold_a_larger_share():
    from bench.scale import split

    assert split(100, 4) == [25, 25, 25, 25]
    assert split(100, 5, largest_share=0.4) == [40, 15, 15, 15, 15]
    assert sum(split(1_000_000, 50, largest_share=0.1)) == 1_000_000


def test_the_review_benchmark_times_every_page_with_the_same_queries():
    from agencies.models import Membership
    from bench.review import measure

    call_command(
        "generate_scale_data",
        "--decisions",
        "400",
        "--agencies",
        "3",
        "--workers",
        "1",
        "--largest-share",
        "0.5",
    )
    lead = Membership.objects.get(user__username="scale01.lio").user
    timings, ratios, deep = measure(lead, runs=2, deep_page=500)
    assert deep == 4  # 200 decisions: the deepest page there is
    log = [t for t in timings if t.label.startswith("/review/")]
    assert len(log) == 11 + 5 * 3
    assert (
        len({t.queries for t in log if "practitioner" not in t.label and "shared" not in t.label})
        == 1
    )
    assert all(t.rows == 50 for t in log if "page 1" in t.label or "keyset" in t.label)
    assert [name for name, _ in ratios] == [
        "submitted",
        "child",
        "reference",
        "outcome",
        "practitioner",
    ]
