"""Form building blocks that render as NHS.UK components through the 'nhsuk' crispy pack."""

import datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import BaseInput
from django import forms
from django.core.exceptions import ValidationError


class Submit(BaseInput):
    """An NHS.UK primary button; the pack's baseinput template draws it."""

    input_type = "submit"
    button_variant = ""

    def __init__(self, name="submit", value="Continue", **kwargs):
        super().__init__(name, value, **kwargs)


class SecondarySubmit(Submit):
    button_variant = "nhsuk-button--secondary"


class NHSFormHelper(FormHelper):
    """Server-side validation only: browsers' own bubbles would hide NHS error messages."""

    def __init__(self, form=None, submit_text="Continue"):
        super().__init__(form)
        self.attrs = {"novalidate": ""}
        if form is not None:
            form.use_required_attribute = False
        if submit_text:
            self.add_input(Submit(value=submit_text))


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
