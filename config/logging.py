"""Every application log line names its request and user by id, never by name."""

from __future__ import annotations

import logging

from accounts import context as accounts_context
from audit import context as audit_context


class RequestFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = audit_context.current().request_id or "-"
        record.user_id = accounts_context.current_user_id() or "-"
        return True
