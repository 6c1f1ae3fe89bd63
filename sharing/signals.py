"""What this app tells the apps above it, which it cannot import (pyproject's layers).

`decision_submitted` is sent inside `services.decision_submit`'s transaction, after the
record, its disclosure and their audit events are saved, so a receiver's writes (the
exchange puts the disclosure in the recipient agency's inbox, on both chains) commit or
roll back with the submission itself (docs/adr/0026).

Arguments: `actor` (the user submitting), `decision` (the submitted record) and
`disclosure` (its disclosure, or None for a decision not to share).
"""

from __future__ import annotations

from django.dispatch import Signal

decision_submitted = Signal()
