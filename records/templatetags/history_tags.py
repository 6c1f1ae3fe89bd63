from django import template
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
