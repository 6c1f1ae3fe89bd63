"""The history's background work, on the procrastinate worker (docs/adr/0039)."""

from __future__ import annotations

from procrastinate.contrib.django import app

from . import prepared


@app.task(queue="exports", pass_context=False)
def prepare_history_pdf(export_id: int) -> None:
    """Make one history PDF that is too long to make on the request."""
    prepared.export_make(export_id)


@app.periodic(cron="17 * * * *", periodic_id="prepared_exports_expire")
@app.task(queue="exports", queueing_lock="prepared_exports_expire", pass_context=False)
def prepared_exports_expire(timestamp: int) -> int:
    """Hourly: delete the prepared files past their time."""
    return prepared.exports_expire()
