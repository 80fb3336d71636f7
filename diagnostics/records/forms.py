"""Forms for the record-based Discover tools."""

import datetime

from django import forms
from django.core.exceptions import ValidationError

from core.forms import NHSDateField, NHSFormHelper
from diagnostics.constants import STAFF_GROUPS
from diagnostics.records.csv_import import MAX_BYTES
from diagnostics.records.models import Improvement
from programmes.constants import FRAMEWORK_ELEMENTS, Element

MAX_THEMES_PER_ELEMENT = 30


def held_on_field(what: str):
    return NHSDateField(
        label=f"Date of the {what}",
        help_text="For example, 14 3 2027",
        error_messages={
            "required": f"Enter the date of the {what}",
            "incomplete": f"The date of the {what} must include a day, month and year",
            "invalid": f"The date of the {what} must be a real date",
        },
    )


class ThemesMixin:
    """One box per element of the programme's framework: themes heard, one per line."""

    def add_theme_fields(self, framework: str, initial_themes=None):
        initial_themes = initial_themes or {}
        self.theme_elements = list(FRAMEWORK_ELEMENTS[framework])
        for element in self.theme_elements:
            self.fields[f"theme_{element}"] = forms.CharField(
                label=f"Themes about {Element(element).label.lower()} (optional)",
                help_text="One theme per line",
                required=False,
                max_length=5000,
                initial="\n".join(initial_themes.get(element, [])),
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def clean_themes(self) -> dict[str, list[str]]:
        themes = {}
        for element in self.theme_elements:
            lines = self.cleaned_data.get(f"theme_{element}", "").splitlines()
            lines = [line.strip() for line in lines if line.strip()]
            if any(len(line) > 500 for line in lines):
                self.add_error(f"theme_{element}", "Keep each theme under 500 characters")
            if len(lines) > MAX_THEMES_PER_ELEMENT:
                self.add_error(
                    f"theme_{element}", f"Enter {MAX_THEMES_PER_ELEMENT} themes or fewer"
                )
            if lines:
                themes[element] = lines
        return themes

    def record_fields(self) -> dict:
        data = {
            name: value
            for name, value in self.cleaned_data.items()
            if not name.startswith("theme_")
        }
        data["themes"] = self.themes
        return data


class InterviewForm(ThemesMixin, forms.Form):
    held_on = held_on_field("interview")
    interviewer = forms.CharField(
        label="Interviewer", max_length=150, error_messages={"required": "Enter who interviewed"}
    )
    interviewee_role = forms.CharField(
        label="Role of the person interviewed",
        max_length=150,
        help_text="Their role, not their name, for example ‘Non-executive director’",
        error_messages={"required": "Enter the role of the person interviewed"},
    )
    notes = forms.CharField(
        label="Record sheet notes (optional)",
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def __init__(
        self, *args, framework, initial_themes=None, submit_text="Save interview", **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.add_theme_fields(framework, initial_themes)
        self.helper = NHSFormHelper(self, submit_text=submit_text)

    def clean(self):
        data = super().clean()
        self.themes = self.clean_themes()
        return data


class FocusGroupForm(ThemesMixin, forms.Form):
    held_on = held_on_field("session")
    title = forms.CharField(
        label="Name of the session",
        max_length=150,
        help_text="For example, ‘Night shift, emergency department’",
        error_messages={"required": "Enter a name for the session"},
    )
    staff_groups = forms.MultipleChoiceField(
        label="Staff groups present",
        choices=STAFF_GROUPS,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one staff group"},
    )
    participants = forms.IntegerField(
        label="Number of participants",
        min_value=1,
        max_value=500,
        widget=forms.NumberInput(attrs={"class": "nhsuk-input--width-4"}),
        error_messages={
            "required": "Enter the number of participants",
            "invalid": "Enter the number of participants as a whole number",
            "min_value": "A session needs at least 1 participant",
            "max_value": "Enter 500 participants or fewer",
        },
    )
    notes = forms.CharField(
        label="Notes (optional)",
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, framework, initial_themes=None, submit_text="Save session", **kwargs):
        super().__init__(*args, **kwargs)
        self.add_theme_fields(framework, initial_themes)
        self.helper = NHSFormHelper(self, submit_text=submit_text)

    def clean(self):
        data = super().clean()
        self.themes = self.clean_themes()
        return data


class CsvUploadForm(forms.Form):
    file = forms.FileField(
        label="Upload a CSV file",
        error_messages={"required": "Choose a CSV file to upload", "empty": "The file is empty"},
    )

    def __init__(self, *args, help_text="", submit_text="Upload", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = help_text
        self.helper = NHSFormHelper(self, submit_text=submit_text)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".csv"):
            raise ValidationError("The file must be a CSV")
        if upload.size > MAX_BYTES:
            raise ValidationError("The file must be smaller than 2 MB")
        return upload


class MetricForm(forms.Form):
    name = forms.CharField(
        label="Name", max_length=100, error_messages={"required": "Enter the metric's name"}
    )
    unit = forms.CharField(
        label="Unit (optional)",
        required=False,
        max_length=30,
        help_text="For example, %, days or £",
        widget=forms.TextInput(attrs={"class": "nhsuk-input--width-10"}),
    )
    improvement = forms.ChoiceField(
        label="Which direction is better?",
        choices=Improvement.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose which direction is better"},
    )
    target = forms.FloatField(
        label="Target (optional)",
        required=False,
        help_text="With a target and a direction, the chart says whether the target is met "
        "reliably",
        widget=forms.TextInput(attrs={"class": "nhsuk-input--width-10", "inputmode": "decimal"}),
        min_value=-1e12,
        max_value=1e12,
        error_messages={
            "invalid": "Enter the target as a number, like 4.5",
            "min_value": "Enter a target between -1 trillion and 1 trillion",
            "max_value": "Enter a target between -1 trillion and 1 trillion",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = NHSFormHelper(self, submit_text="Save metric")


class MetricRebaselineForm(forms.Form):
    """Recalculate a metric's limits from a month. The month is any YYYY-MM here: whether it
    can be chosen (has a value, is not the first) is the service's to say, in words."""

    from_month = forms.CharField(
        label="Recalculate the limits from",
        help_text="The first month after the change. Only months with a value, after the "
        "first, can be chosen",
        widget=forms.Select,
        error_messages={"required": "Choose the month the new limits start from"},
    )
    reason = forms.CharField(
        label="Why are the limits being recalculated?",
        help_text="Finish the sentence ‘The limits were recalculated because…’, for example "
        "‘a new e-rostering system went live on every ward’. Everyone who can see the "
        "programme reads this",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Enter why the limits are being recalculated",
            "max_length": "Keep the reason to 300 characters or fewer",
        },
    )

    def __init__(self, *args, months=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from_month"].widget.choices = [("", "Choose a month")] + [
            (f"{month:%Y-%m}", f"{month:%B %Y}") for month in months
        ]
        self.helper = NHSFormHelper(self, submit_text="Recalculate the limits")

    def clean_from_month(self):
        text = self.cleaned_data["from_month"].strip()
        year, _, month = text.partition("-")
        try:
            if len(year) != 4 or len(month) != 2:
                raise ValueError(text)
            return datetime.date(int(year), int(month), 1)
        except ValueError:
            raise ValidationError("Choose a month from the list") from None
