import html
from typing import Any

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


def escape(value: object) -> str:
    """As django.utils.html.escape (the same characters), without its wrapper for lazy
    strings: a page of the history escapes thousands of values."""
    return html.escape(str(value))


@register.filter
def is_list(value: object) -> bool:
    return isinstance(value, list)


@register.filter
def css_string(value: object) -> str:
    """Text safe inside a double-quoted CSS string (the PDF's running footer)."""
    text = str(value)
    escaped = "".join(ch if ch.isalnum() or ch in " .,-_:/()" else f"\\{ord(ch):x} " for ch in text)
    return mark_safe(escaped)  # noqa: S308  (only letters, digits, safe punctuation, CSS escapes)


@register.filter
def detail_text(view: object) -> str:
    """An event's details as plain lines, "Label: value" (one text box: fast to lay out)."""
    lines = []
    for label, value in getattr(view, "details", []):
        shown = "; ".join(str(item) for item in value) if isinstance(value, list) else str(value)
        lines.append(f"{label}: {shown}")
    return "\n".join(lines)


@register.filter
def details_html(view: object) -> str:
    """An event's details as a GOV.UK summary list, built in Python: a busy case has
    hundreds of events, and this is much cheaper than a template loop per detail."""
    rows = []
    for label, value in getattr(view, "details", []):
        if isinstance(value, list):
            shown = (
                '<ul class="govuk-list">'
                + "".join(f"<li>{escape(item)}</li>" for item in value)
                + "</ul>"
            )
        else:
            shown = escape(value)
        rows.append(
            '<div class="govuk-summary-list__row">'
            f'<dt class="govuk-summary-list__key govuk-!-font-weight-regular">{escape(label)}</dt>'
            f'<dd class="govuk-summary-list__value app-pre-wrap">{shown}</dd></div>'
        )
    if not rows:
        return ""
    return mark_safe(  # noqa: S308  (every value above is escaped)
        '<dl class="govuk-summary-list govuk-summary-list--no-border app-event-details">'
        + "".join(rows)
        + "</dl>"
    )


@register.filter
def uk_time(moment: object) -> str:
    """A moment in UK local time with the zone named ("2 December 2026 at 14:05 GMT")."""
    from records.summary import uk_time as _uk_time

    return _uk_time(moment)  # type: ignore[arg-type]


def _row(key: str, value: str) -> str:
    return (
        '<div class="govuk-summary-list__row">'
        f'<dt class="govuk-summary-list__key">{key}</dt>'
        f'<dd class="govuk-summary-list__value">{value}</dd></div>'
    )


@register.filter
def disclosure_card(line: Any) -> str:
    """One disclosure of the summary as a GOV.UK summary card, built in Python like the
    event details: a page shows 25 of them, each of six rows."""
    from records.summary import uk_time as _uk_time

    decided = (
        f'<br><span class="govuk-body-s">Decided by {escape(line.decided_by)}</span>'
        if line.decided_by
        else ""
    )
    what = (
        '<ul class="govuk-list">' + "".join(f"<li>{escape(i)}</li>" for i in line.what) + "</ul>"
        if line.what
        else "Not recorded"
    )
    told = escape(line.person_told) + (
        f"<br>Why not: {escape(line.not_told_reason)}" if line.not_told_reason else ""
    )
    rows = (
        _row("From", escape(line.from_agency) + decided),
        _row("To", f"{escape(line.to_person)}, {escape(line.to_agency)}"),
        _row("What was shared", what),
        _row("Legal basis", escape(line.legal_basis)),
        _row("Consent", escape(line.consent_position)),
        _row("Person told", told),
    )
    title = f"{_uk_time(line.shared_at)}: {line.from_agency} to {line.to_agency}"
    return mark_safe(  # noqa: S308  (every value above is escaped)
        f'<div class="govuk-summary-card" data-disclosure="{int(line.event_id)}">'
        '<div class="govuk-summary-card__title-wrapper">'
        f'<h3 class="govuk-summary-card__title">{escape(title)}</h3></div>'
        '<div class="govuk-summary-card__content"><dl class="govuk-summary-list">'
        + "".join(rows)
        + "</dl></div></div>"
    )


@register.filter
def event_item(view: Any) -> str:
    """One event of the full record: its title, when, who, its number and its details."""
    from records.summary import uk_time as _uk_time

    event = view.event
    return mark_safe(  # noqa: S308  (every value is escaped; details_html escapes its own)
        f'<li class="govuk-!-margin-bottom-6" data-event="{int(event.pk)}">'
        f'<h4 class="govuk-heading-s govuk-!-margin-bottom-1">{escape(view.title)}</h4>'
        '<p class="govuk-body-s govuk-!-margin-bottom-2">'
        f"{escape(_uk_time(event.occurred_at))} · {escape(view.actor)} · event {int(event.pk)}"
        f"</p>{details_html(view)}</li>"
    )
