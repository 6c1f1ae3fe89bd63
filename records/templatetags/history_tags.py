from django import template

register = template.Library()


@register.filter
def is_list(value: object) -> bool:
    return isinstance(value, list)
