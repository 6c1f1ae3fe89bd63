from django import forms, template

register = template.Library()

_MULTIPLE_INPUTS = (forms.RadioSelect, forms.CheckboxSelectMultiple, forms.MultiWidget)


@register.filter
def error_anchor(bound_field: forms.BoundField | None) -> str:
    """The id of the input an error summary link should focus."""
    if bound_field is None:
        return ""
    widget = bound_field.field.widget
    if isinstance(widget, forms.CheckboxSelectMultiple) and not list(widget.choices):
        return str(bound_field.auto_id)  # no boxes to tick: the fieldset itself
    if isinstance(widget, _MULTIPLE_INPUTS):
        return f"{bound_field.auto_id}_0"
    return str(bound_field.auto_id)
