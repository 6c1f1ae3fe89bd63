from typing import Any

from django import template

from agencies import permissions

from ..selectors import review_panel

register = template.Library()


@register.inclusion_tag("review/_panel.html", takes_context=True)
def decision_review(context: Any, decision: Any) -> dict[str, Any]:
    """The review history, the determination, reconsideration links and the officer's
    action on a decision's record (one include in sharing/decision_detail.html)."""
    user = context["request"].user
    panel = review_panel(user, decision=decision)
    return {
        "panel": panel,
        "decision": decision,
        "may_answer_return": permissions.may_record_on_case_of(user, decision),
    }
