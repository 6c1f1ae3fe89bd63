"""The exchange's own catalogues: stable codes, plain-English labels, their sources.

Pure Python (no Django), like the other apps' catalogues (records.catalogue).
"""

from __future__ import annotations

from records.catalogue import Entry, choices, get, label

__all__ = [
    "CORRECTION_DAYS",
    "DUE_SOON_DAYS",
    "ONWARD_ANSWERS",
    "REQUEST_DAYS",
    "REQUEST_DIRECTIONS",
    "REQUEST_URGENCY",
    "REQUEST_VERIFICATION",
    "TOLD_HOW",
    "UNACKNOWLEDGED_DAYS",
    "WRITTEN_FOLLOW_UP_DAYS",
    "choices",
    "get",
    "label",
]

# O 13.2: "a written response ... within fifteen working days".
REQUEST_DAYS = 15
# O 12.3: corrections "made known ... within fourteen days" (calendar days: the protocol
# says "working days" where it means them, as in 13.2).
CORRECTION_DAYS = 14
# The service level: a disclosure not acknowledged within 2 working days shows in
# the sender's lead officer's queue.
UNACKNOWLEDGED_DAYS = 2
# O 13.1: an urgent request "should be followed up in writing"; we expect it by the next
# working day, as the sharing app asks for written confirmation of verbal sharing (P 4).
WRITTEN_FOLLOW_UP_DAYS = 1
# The lead officer's queue shows requests due within this many working days, or overdue.
DUE_SOON_DAYS = 3

REQUEST_DIRECTIONS: tuple[Entry, ...] = (
    Entry("incoming", "A request we received from another agency", "O 13.2; L 4.7.9"),
    Entry("outgoing", "A request we are making to another agency", "O 13.1; L 4.7.1"),
)

REQUEST_VERIFICATION: tuple[Entry, ...] = (
    Entry("known", "They are already known to me", "L 4.7.4"),
    Entry(
        "called_back",
        "I called them back through their agency's switchboard",
        "L 4.7.4",
        "Use the number from the agency's published directory, not one they gave you.",
    ),
    Entry("in_writing", "The request came in writing from their agency's secure address", "O 9.3"),
    Entry("on_system", "They made the request on this service, signed in", "L 4.7.4"),
    Entry("not_verified", "Not verified yet: do not share until it is", "L 4.7.4"),
)

REQUEST_URGENCY: tuple[Entry, ...] = (
    Entry("written", "Made in writing", "O 13.1"),
    Entry(
        "urgent_verbal",
        "Urgent, made by telephone or in person",
        "O 13.1",
        "It must be followed up in writing; we expect that by the next working day.",
    ),
)

TOLD_HOW: tuple[Entry, ...] = (
    Entry("on_system", "Through this service", "O 12.2.2"),
    Entry("secure_email", "Secure e-mail", "O 9.3; B 8"),
    Entry("telephone", "Telephone, confirmed in writing", "P 4"),
    Entry("letter", "Letter or recorded post", "B 8"),
    Entry("in_person", "In person, confirmed in writing", "P 4"),
)

ONWARD_ANSWERS: tuple[Entry, ...] = (
    Entry("agreed", "Agree: they may pass it on", "O 11.1; O 10.2.1"),
    Entry("refused", "Refuse: they must not pass it on", "O 11.1; O 10.2.2"),
)
