"""The audit log's background work, on the procrastinate worker (docs/adr/0019).

Each app keeps its tasks in its own `tasks.py` (procrastinate's Django integration finds
them): e-mail and long exports will sit in their own apps' modules, on their own queues.
"""

from __future__ import annotations

import logging

from django.conf import settings
from procrastinate.contrib.django import app

from . import services

logger = logging.getLogger(__name__)


@app.periodic(cron=settings.AUDIT_CHECKPOINT_CRON, periodic_id="audit_checkpoint")
@app.task(queue="audit", queueing_lock="audit_checkpoint", pass_context=False)
def audit_checkpoint(timestamp: int) -> int | None:
    """Sign a checkpoint if anything was added since the last. A refusal (the log no longer
    extends the last checkpoint) fails the job loudly: that is the alarm."""
    checkpoint = services.checkpoint_create()
    if checkpoint is not None:
        logger.info("audit checkpoint %s signed", checkpoint.number)
        return checkpoint.number
    return None
