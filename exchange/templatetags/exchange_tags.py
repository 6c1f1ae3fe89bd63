from typing import Any

from django import template

from ..selectors import receipt_for_sender

register = template.Library()


@register.inclusion_tag("exchange/_decision_receipt.html", takes_context=True)
def decision_receipt(context: Any, decision: Any) -> dict[str, Any]:
    """What became of the disclosure at the recipient agency, step by step with its time,
    on the sender's record of the decision (one include in sharing/decision_detail.html)."""
    receipt = None
    if not decision.is_draft and decision.recipient_agency_id is not None:
        receipt = receipt_for_sender(context["request"].user, decision_id=decision.pk)
    return {"receipt": receipt}
