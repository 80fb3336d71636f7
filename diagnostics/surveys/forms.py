"""Forms for running a survey. Staff: the wave, headcounts, code batches, directorates.
Respondents: section, about-you and code forms; they validate, while the section page is
drawn by a template loop, because widget rendering of many radio groups is several times
slower (docs/performance.md)."""

import datetime
import zoneinfo

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import NHSDateField, NHSFormHelper, plain_error_messages
from diagnostics.constants import (
    BANDS,
    DEFAULT_THRESHOLD_K,
    MINIMUM_THRESHOLD_K,
    PREFER_NOT_TO_SAY,
    STAFF_GROUPS,
    AccessMode,
    Demographic,
)
from diagnostics.surveys.models import Wave
from diagnostics.surveys.services import MAX_BATCH_SIZE

PREFER_NOT = (PREFER_NOT_TO_SAY, _("Prefer not to say"))


class DemographicsForm(forms.Form):
    def __init__(self, *args, wave: Wave, **kwargs):
        super().__init__(*args, **kwargs)
        asked = wave.demographics_asked
        if Demographic.DIRECTORATE in asked:
            choices = [(d.code, d.name) for d in wave.directorates.order_by("name")]
            self._add("directorate", _("Which directorate do you work in?"), choices)
        if Demographic.STAFF_GROUP in asked:
            self._add("staff_group", _("Which staff group are you in?"), STAFF_GROUPS)
        if Demographic.BAND in asked:
            self._add("band", _("What is your pay band?"), BANDS)

    def _add(self, name, label, choices):
        self.fields[name] = forms.ChoiceField(
            label=label,
            choices=[*choices, PREFER_NOT],
            widget=forms.RadioSelect,
            error_messages={
                "required": _("Select an answer, or ‘Prefer not to say’"),
                "invalid_choice": _("Select one of the answers"),
            },
        )


class CodeForm(forms.Form):
    """A typed code: an invitation code, or (ResumeForm) the code to carry on later."""

    label = _("Your invitation code")
    hint = _("10 letters and numbers, for example ABCD2-EFGH3")
    missing = _("Enter your invitation code")

    def __init__(self, *args, required=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"] = forms.CharField(
            label=self.label if required else _("Invitation code (if you have one)"),
            help_text=self.hint,
            max_length=20,
            required=required,
            error_messages={"required": self.missing},
            widget=forms.TextInput(
                attrs={
                    "autocomplete": "off",
                    "autocapitalize": "characters",
                    "spellcheck": "false",
                    "class": "nhsuk-input--width-10 nhsuk-input--code",
                }
            ),
        )
        plain_error_messages(self)


class ResumeForm(CodeForm):
    label = _("Your resume code")
    hint = _("The code you were given when you saved your answers")
    missing = _("Enter your resume code")


LONDON = zoneinfo.ZoneInfo("Europe/London")


def time_field(label, name):
    return forms.TimeField(
        label=label,
        input_formats=["%H:%M", "%H.%M"],
        help_text="Use the 24-hour clock, for example 09:00 or 17:30",
        error_messages={
            "required": f"Enter the {name} time",
            "invalid": f"Enter the {name} time like 09:00 or 17:30",
        },
        widget=forms.TimeInput(format="%H:%M", attrs={"class": "nhsuk-input--width-5"}),
    )


class WaveForm(forms.Form):
    version = forms.ModelChoiceField(
        label="Survey",
        queryset=None,
        empty_label="Choose a survey",
        error_messages={"required": "Choose a survey", "invalid_choice": "Choose a survey"},
    )
    title = forms.CharField(
        label="Title",
        max_length=200,
        help_text="Staff see this, for example ‘Culture survey, spring 2027’",
        error_messages={"required": "Enter a title"},
    )
    opens_on = NHSDateField(
        label="Opening date",
        help_text="For example, 3 3 2027",
        error_messages={
            "required": "Enter the opening date",
            "incomplete": "The opening date must include a day, month and year",
            "invalid": "The opening date must be a real date",
        },
    )
    opens_time = time_field("Opening time", "opening")
    closes_on = NHSDateField(
        label="Closing date",
        help_text="For example, 31 3 2027",
        error_messages={
            "required": "Enter the closing date",
            "incomplete": "The closing date must include a day, month and year",
            "invalid": "The closing date must be a real date",
        },
    )
    closes_time = time_field("Closing time", "closing")
    threshold_k = forms.IntegerField(
        label="Minimum group size",
        initial=DEFAULT_THRESHOLD_K,
        min_value=MINIMUM_THRESHOLD_K,
        max_value=100,
        help_text=(
            f"Results for a group are hidden until this many people in it have answered. "
            f"{DEFAULT_THRESHOLD_K} unless you need more; only a national admin can set fewer."
        ),
        error_messages={
            "required": "Enter the minimum group size",
            "invalid": "Enter the minimum group size as a number",
            "min_value": f"The minimum group size cannot be below {MINIMUM_THRESHOLD_K}",
            "max_value": "The minimum group size must be 100 or fewer",
        },
        widget=forms.NumberInput(attrs={"class": "nhsuk-input--width-3"}),
    )
    access_mode = forms.ChoiceField(
        label="How will staff get to the survey?",
        choices=AccessMode.choices,
        initial=AccessMode.OPEN_LINK,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how staff will get to the survey"},
    )
    demographics = forms.MultipleChoiceField(
        label="Which questions about staff should it ask?",
        choices=Demographic.choices,
        required=False,
        initial=list(Demographic.values),
        help_text="Every one of these offers ‘Prefer not to say’",
        widget=forms.CheckboxSelectMultiple,
    )
    directorates = forms.ModelMultipleChoiceField(
        label="Directorates to list",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave all unticked to list every directorate of the trust",
    )
    intro_text = forms.CharField(
        label="Introduction (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="A few words from your trust, shown at the start of the survey",
    )

    def __init__(self, *args, versions, directorates, submit_text="Save survey", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].queryset = versions
        self.fields["directorates"].queryset = directorates
        if not directorates.exists():
            del self.fields["directorates"]
        self.helper = NHSFormHelper(self, submit_text=submit_text)

    def clean(self):
        data = super().clean()
        parts = [data.get(name) for name in ("opens_on", "opens_time", "closes_on", "closes_time")]
        if all(parts):
            opens = datetime.datetime.combine(parts[0], parts[1], tzinfo=LONDON)
            closes = datetime.datetime.combine(parts[2], parts[3], tzinfo=LONDON)
            if closes <= opens:
                self.add_error("closes_on", "The closing date must be after the opening date")
            elif closes <= timezone.now():
                self.add_error("closes_on", "The closing date must be in the future")
            data["opens_at"], data["closes_at"] = opens, closes
        return data

    def wave_fields(self) -> dict:
        data = self.cleaned_data
        asked = set(data["demographics"])
        return {
            "title": data["title"],
            "opens_at": data["opens_at"],
            "closes_at": data["closes_at"],
            "threshold_k": data["threshold_k"],
            "access_mode": data["access_mode"],
            "intro_text": data["intro_text"],
            "ask_directorate": Demographic.DIRECTORATE in asked,
            "ask_staff_group": Demographic.STAFF_GROUP in asked,
            "ask_band": Demographic.BAND in asked,
        }

    @staticmethod
    def initial_for(wave) -> dict:
        opens = timezone.localtime(wave.opens_at, LONDON)
        closes = timezone.localtime(wave.closes_at, LONDON)
        return {
            "version": wave.version,
            "title": wave.title,
            "opens_on": opens.date(),
            "opens_time": opens.time(),
            "closes_on": closes.date(),
            "closes_time": closes.time(),
            "threshold_k": wave.threshold_k,
            "access_mode": wave.access_mode,
            "demographics": wave.demographics_asked,
            "directorates": list(wave.directorates.all()),
            "intro_text": wave.intro_text,
        }


class HeadcountForm(forms.Form):
    """Typed headcounts: one box per directorate and per staff group."""

    def __init__(self, *args, directorates, **kwargs):
        super().__init__(*args, **kwargs)
        self.groups = []
        for dimension, choices in (
            (Demographic.DIRECTORATE, [(d.code, d.name) for d in directorates]),
            (Demographic.STAFF_GROUP, STAFF_GROUPS),
        ):
            for code, label in choices:
                name = f"{dimension}__{code}"
                self.fields[name] = forms.IntegerField(
                    label=str(label),
                    required=False,
                    min_value=0,
                    max_value=100000,
                    error_messages={
                        "invalid": f"Enter the headcount for {label} as a whole number",
                        "min_value": f"The headcount for {label} cannot be negative",
                        "max_value": f"The headcount for {label} must be 100,000 or fewer",
                    },
                    widget=forms.NumberInput(attrs={"class": "nhsuk-input--width-5"}),
                )
                self.groups.append((dimension, code, name))
        self.helper = NHSFormHelper(self, submit_text="Save headcounts")

    def rows(self) -> list[tuple[str, str, int]]:
        return [
            (dimension, code, self.cleaned_data[name])
            for dimension, code, name in self.groups
            if self.cleaned_data.get(name)
        ]


class HeadcountUploadForm(forms.Form):
    file = forms.FileField(
        label="Upload a CSV file",
        help_text="Headings: dimension, group, headcount. Nothing is saved if any row is wrong.",
        error_messages={"required": "Choose a CSV file to upload"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = NHSFormHelper(self, submit_text="Upload headcounts")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".csv"):
            raise ValidationError("The file must be a CSV")
        return upload


class CodeBatchForm(forms.Form):
    size = forms.IntegerField(
        label="How many codes?",
        min_value=1,
        max_value=MAX_BATCH_SIZE,
        error_messages={
            "required": "Enter how many codes you need",
            "invalid": "Enter how many codes you need as a number",
            "min_value": "Enter at least 1",
            "max_value": f"You can generate up to {MAX_BATCH_SIZE} codes at a time",
        },
        widget=forms.NumberInput(attrs={"class": "nhsuk-input--width-5"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = NHSFormHelper(self, submit_text="Generate codes")


class DirectorateForm(forms.Form):
    name = forms.CharField(
        label="Directorate name",
        max_length=120,
        error_messages={"required": "Enter the directorate's name"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = NHSFormHelper(self, submit_text="Add directorate")
