from django import template

from sharing import catalogues as cat

register = template.Library()


@register.filter
def recommendation_label(code: str) -> str:
    return cat.label(cat.RECOMMENDATIONS, code) if code else ""


@register.filter
def nature_label(code: str) -> str:
    return cat.label(cat.INFORMATION_NATURE, code) if code else ""


@register.filter
def is_list(value: object) -> bool:
    return isinstance(value, list)
