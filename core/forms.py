"""Form building blocks that render as NHS.UK components through the 'nhsuk' crispy pack."""

import datetime
import re

from crispy_forms.helper import FormHelper
from crispy_forms.layout import BaseInput
from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import pretty_name


class Submit(BaseInput):
    """An NHS.UK primary button; the pack's baseinput template draws it."""

    input_type = "submit"
    button_variant = ""

    def __init__(self, name="submit", value="Continue", **kwargs):
        super().__init__(name, value, **kwargs)


class SecondarySubmit(Submit):
    button_variant = "nhsuk-button--secondary"


class NHSFormHelper(FormHelper):
    """Server-side validation only: browsers' own bubbles would hide NHS error messages.
    Django's stock error messages are put in plain English (plain_error_messages)."""

    def __init__(self, form=None, submit_text="Continue"):
        super().__init__(form)
        self.attrs = {"novalidate": ""}
        if form is not None:
            form.use_required_attribute = False
            plain_error_messages(form)
        if submit_text:
            self.add_input(Submit(value=submit_text))


CHOOSING = (
    forms.ChoiceField,
    forms.ModelChoiceField,
    forms.FileField,
)
# Codes of the messages a field's validators give (MaxLengthValidator and the like): Django
# keeps them on the validator, so a field has them only when the form gave its own.
VALIDATOR_CODES = (
    "max_length", "min_length", "max_value", "min_value", "max_digits", "max_decimal_places",
    "max_whole_digits",
)  # fmt: skip


def plain_error_messages(form) -> None:
    """Give each field of `form` plain-English messages that name it ("Title must be 200
    characters or fewer") in place of Django's stock ones ("Ensure this value has at most
    200 characters"). A message the form or its field class chose is kept. Call it once the
    fields are in place; NHSFormHelper does."""
    for name, field in form.fields.items():
        stock = _django_messages(field)
        for code, message in _plain_messages(field, name).items():
            current = field.error_messages.get(code)
            chose_its_own = code in VALIDATOR_CODES and current is not None
            if chose_its_own or (current is not None and str(current) != str(stock.get(code))):
                continue
            field.error_messages[code] = message


def _django_messages(field) -> dict:
    """The messages Django itself gives this kind of field (not the portal's own classes)."""
    messages = {}
    for cls in reversed(type(field).__mro__):
        if cls.__module__.startswith("django."):
            messages.update(getattr(cls, "default_error_messages", {}))
    return messages


def _plain_messages(field, name: str) -> dict[str, str]:
    label = _label(field, name)
    lower = label if label[1:2].isupper() else label[:1].lower() + label[1:]
    # Messages with parameters are %-formatted by Django: a % in the label must stay one.
    named, named_lower = label.replace("%", "%%"), lower.replace("%", "%%")
    messages = {
        "required": f"Select {lower}" if isinstance(field, CHOOSING) else f"Enter {lower}",
        "invalid_choice": f"Choose one of the options given for {named_lower}",
        "invalid_list": f"Choose one or more of the options given for {lower}",
        "max_length": f"{named} must be %(limit_value)s characters or fewer",
        "min_length": f"{named} must be %(limit_value)s characters or more",
        "max_value": f"{named} must be %(limit_value)s or less",
        "min_value": f"{named} must be %(limit_value)s or more",
        "max_digits": f"{named} must have no more than %(max)s digits",
        "max_decimal_places": f"{named} must have no more than %(max)s decimal places",
        "max_whole_digits": f"{named} must have no more than %(max)s digits before the point",
    }
    if isinstance(field, forms.BooleanField):
        messages["required"] = f"Tick the box: {label}"
    # FloatField and DecimalField are kinds of IntegerField, so they come first.
    if isinstance(field, forms.FloatField | forms.DecimalField):
        messages["invalid"] = f"{label} must be a number"
    elif isinstance(field, forms.IntegerField):
        messages["invalid"] = f"{label} must be a whole number"
    elif isinstance(field, forms.EmailField):
        messages["invalid"] = "Enter an email address in the correct format, like name@example.com"
    elif isinstance(field, forms.URLField):
        messages["invalid"] = "Enter a web address in the correct format, like https://www.nhs.uk"
    elif isinstance(field, forms.DateField):
        messages["invalid"] = f"{label} must be a real date"
    elif isinstance(field, forms.TimeField):
        messages["invalid"] = f"Enter {lower} as a time, like 09:30 or 17:00"
    elif isinstance(field, forms.FileField):
        messages["invalid"] = "The selected file could not be read. Choose it again"
        messages["missing"] = "The selected file could not be read. Choose it again"
        messages["empty"] = "The selected file is empty"
        messages["max_length"] = "The file's name must be %(max)d characters or fewer"
    return messages


def _label(field, name: str) -> str:
    label = str(field.label or pretty_name(name)).strip()
    label = re.sub(r"\s*\([^)]*\)$", "", label)  # "(optional)", "(if you have one)"
    return label.rstrip("?:").strip() or pretty_name(name)


class NHSDateInput(forms.MultiWidget):
    """The NHS.UK date input: three labelled boxes for day, month and year."""

    template_name = "nhsuk/widgets/date_input.html"
    parts = (("day", "Day", 2), ("month", "Month", 2), ("year", "Year", 4))

    def __init__(self, attrs=None):
        widgets = {
            name: forms.TextInput(attrs={"inputmode": "numeric"}) for name, _, _ in self.parts
        }
        super().__init__(widgets, attrs)

    def decompress(self, value):
        if value:
            return [value.day, value.month, value.year]
        return [None, None, None]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        has_error = bool(attrs and attrs.get("aria-invalid"))
        for subwidget, (_, label, width) in zip(
            context["widget"]["subwidgets"], self.parts, strict=True
        ):
            classes = f"nhsuk-input nhsuk-date-input__input nhsuk-input--width-{width}"
            if has_error:
                classes += " nhsuk-input--error"
            subwidget["attrs"]["class"] = classes
            subwidget["attrs"].pop("aria-invalid", None)
            subwidget["label"] = label
        return context

    def id_for_label(self, id_):
        # The error summary links to the day box, the first one a user fills in.
        return f"{id_}_0" if id_ else id_


class NHSDateField(forms.MultiValueField):
    widget = NHSDateInput
    default_error_messages = {
        "required": "Enter a date",
        "incomplete": "Date must include a day, month and year",
        "invalid": "Date must be a real date",
    }

    def __init__(self, **kwargs):
        fields = (
            forms.CharField(required=False),
            forms.CharField(required=False),
            forms.CharField(required=False),
        )
        super().__init__(fields=fields, require_all_fields=False, **kwargs)

    def compress(self, data_list):
        if not data_list or not any(data_list):
            return None
        if not all(data_list):
            raise ValidationError(self.error_messages["incomplete"], code="incomplete")
        day, month, year = (str(part).strip() for part in data_list)
        if not (day.isdigit() and month.isdigit() and year.isdigit() and len(year) == 4):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        try:
            return datetime.date(int(year), int(month), int(day))
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


def form_data(request):
    """The submitted data, or None for a GET. Unlike `request.POST or None`, an empty POST
    still binds the form, so its required-field errors are shown."""
    return request.POST if request.method == "POST" else None
