from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()


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
