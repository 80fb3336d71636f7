"""Template helpers for the 'nhsuk' crispy template pack."""

from django import forms, template

register = template.Library()

INPUT_CLASSES = {
    "input": "nhsuk-input",
    "textarea": "nhsuk-textarea",
    "select": "nhsuk-select",
    "file": "nhsuk-file-upload__input",
    "checkbox": "nhsuk-checkboxes__input",
}
ERROR_CLASSES = {
    "input": "nhsuk-input--error",
    "textarea": "nhsuk-textarea--error",
    "select": "nhsuk-select--error",
}


@register.filter
def nhsuk_kind(field) -> str:
    """Which NHS.UK component draws this bound field."""
    widget = field.field.widget
    # CheckboxSelectMultiple is a subclass of RadioSelect, so it must be asked about first.
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.FileInput):
        return "file"
    if isinstance(widget, forms.MultiWidget):
        return "date"
    return "input"


@register.filter
def nhsuk_error_anchor(field) -> str:
    """The id the error summary links to: the first control a user would correct."""
    if nhsuk_kind(field) in {"radios", "checkboxes", "date"}:
        return f"{field.auto_id}_0"
    return field.auto_id


@register.filter
def nhsuk_first_anchor(form) -> str:
    """Where a form-wide error (such as a failed sign-in) links: the first visible field."""
    visible = form.visible_fields()
    return nhsuk_error_anchor(visible[0]) if visible else ""


@register.simple_tag
def nhsuk_widget(field):
    """Render the field's widget with the component's classes, keeping any set on the form."""
    kind = nhsuk_kind(field)
    classes = [INPUT_CLASSES.get(kind, ""), field.field.widget.attrs.get("class", "")]
    if field.errors:
        classes.append(ERROR_CLASSES.get(kind, ""))
    return field.as_widget(attrs={"class": " ".join(c for c in classes if c)})
