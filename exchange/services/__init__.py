"""Writes of the exchange. Each service saves its change and its audit events, both ends,
in one transaction (services/ends.py)."""

from .corrections import correction_mark_told, correction_notice_acknowledge, correction_record
from .onward import onward_answer, onward_ask, onward_decision_start
from .receipts import (
    decision_submitted_receive,
    disclosure_deliver,
    exchange_catch_up,
    receipt_acknowledge,
    receipt_file,
    receipt_open,
)
from .requests import (
    request_answer_start,
    request_follow_up_record,
    request_link_case,
    request_open_case,
    request_pause,
    request_record,
    request_resume,
)

__all__ = [
    "correction_mark_told",
    "correction_notice_acknowledge",
    "correction_record",
    "decision_submitted_receive",
    "disclosure_deliver",
    "exchange_catch_up",
    "onward_answer",
    "onward_ask",
    "onward_decision_start",
    "receipt_acknowledge",
    "receipt_file",
    "receipt_open",
    "request_answer_start",
    "request_follow_up_record",
    "request_link_case",
    "request_open_case",
    "request_pause",
    "request_record",
    "request_resume",
]
