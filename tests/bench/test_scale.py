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
