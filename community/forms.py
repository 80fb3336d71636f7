"""Forms for the community pages. They validate shape; the rules live in services."""

import datetime
import re
import zoneinfo

from crispy_forms.layout import HTML, Layout
from django import forms
from django.core.exceptions import ValidationError

from accounts.constants import Region, Sector
from accounts.models import ods_code_validator
from community.constants import DecisionKind, EventKind
from core.forms import NHSDateField, NHSFormHelper
from programmes.constants import Element, PhaseKind

LONDON = zoneinfo.ZoneInfo("Europe/London")
HONEYPOT = (
    '<div class="portal-hp" aria-hidden="true"><label for="id_website">Leave this empty</label>'
    '<input id="id_website" name="website" type="text" tabindex="-1" autocomplete="off"></div>'
)
YES_NO = [("yes", "Yes"), ("no", "No")]


def textarea(rows=4):
    return forms.Textarea(attrs={"rows": rows})


def yes_no(label, *, help_text="", required_message):
    return forms.ChoiceField(
        label=label,
        choices=YES_NO,
        widget=forms.RadioSelect,
        help_text=help_text,
        error_messages={"required": required_message},
    )


class _ApplicationQuestions(forms.Form):
    job_title = forms.CharField(
        label="Your job title",
        max_length=150,
        error_messages={"required": "Enter your job title"},
    )
    hopes = forms.CharField(
        label="What does your trust want from the culture community?",
        help_text="For example, to learn from trusts further on, to share what you have done, "
        "or to join learning sets on a cultural element.",
        max_length=3000,
        widget=textarea(5),
        error_messages={"required": "Tell us what your trust wants from the community"},
    )
    consent_to_list = yes_no(
        "Can we list your trust in the community directory?",
        help_text="Members see the trust's name, sector and region. You choose later whether "
        "to share your programme phase and a contact person.",
        required_message="Choose whether we can list your trust in the directory",
    )

    def clean_consent_to_list(self):
        return self.cleaned_data["consent_to_list"] == "yes"


class ApplyForTrustForm(_ApplicationQuestions):
    trust = forms.ModelChoiceField(
        label="Trust",
        queryset=None,
        empty_label=None,
        error_messages={"invalid_choice": "Choose one of your trusts"},
    )
    field_order = ["trust", "job_title", "hopes", "consent_to_list"]

    def __init__(self, *args, trusts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["trust"].queryset = trusts
        self.helper = NHSFormHelper(self, submit_text="Send application")


class NewTrustApplicationForm(_ApplicationQuestions):
    applicant_name = forms.CharField(
        label="Your full name", max_length=150, error_messages={"required": "Enter your name"}
    )
    applicant_email = forms.EmailField(
        label="Your work email address",
        help_text="We send the decision here. Use your NHS email address.",
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@nhs.net",
        },
    )
    trust_name = forms.CharField(
        label="Trust name", max_length=200, error_messages={"required": "Enter the trust's name"}
    )
    ods_code = forms.CharField(
        label="Trust ODS code",
        max_length=6,
        help_text="The trust's Organisation Data Service code, for example RTF.",
        error_messages={"required": "Enter the trust's ODS code"},
    )
    sector = forms.ChoiceField(
        label="Sector",
        choices=Sector.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the trust's sector"},
    )
    region = forms.ChoiceField(
        label="Region",
        choices=[("", "Choose a region"), *Region.choices],
        error_messages={"required": "Choose the trust's region"},
    )
    field_order = [
        "website",
        "applicant_name",
        "applicant_email",
        "job_title",
        "trust_name",
        "ods_code",
        "sector",
        "region",
        "hopes",
        "consent_to_list",
    ]

    # Left empty by people (drawn off screen, out of the tab order and hidden from screen
    # readers); bots that fill every field are turned away.
    website = forms.CharField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = NHSFormHelper(self, submit_text="Send application")
        people_fields = [name for name in self.fields if name != "website"]
        self.helper.layout = Layout(HTML(HONEYPOT), *people_fields)

    def clean(self):
        data = super().clean()
        if data.get("website"):
            raise ValidationError(
                "Your application could not be sent. Please try again.", code="spam"
            )
        return data

    def clean_ods_code(self):
        code = self.cleaned_data["ods_code"].strip().upper()
        ods_code_validator(code)
        return code


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision",
        choices=[
            (DecisionKind.APPROVED, "Approve: the trust becomes a member"),
            (DecisionKind.INFO_REQUESTED, "Ask the applicant for more information"),
            (DecisionKind.DECLINED, "Decline, with a reason"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a decision"},
    )
    message = forms.CharField(
        label="Message to the applicant",
        help_text="Needed to decline (the reason) or ask for more information (the question). "
        "It is e-mailed to the applicant.",
        required=False,
        max_length=3000,
        widget=textarea(4),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = NHSFormHelper(self, submit_text="Record decision")


class AnswerForm(forms.Form):
    message = forms.CharField(
        label="Your answer",
        max_length=3000,
        widget=textarea(5),
        error_messages={"required": "Enter your answer"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = NHSFormHelper(self, submit_text="Send answer")


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Reason",
        max_length=2000,
        widget=textarea(3),
        error_messages={"required": "Enter the reason"},
    )

    def __init__(self, *args, submit_text="Confirm", required=True, label="Reason", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = required
        self.fields["reason"].label = label
        self.helper = NHSFormHelper(self, submit_text=submit_text)


class MembershipSettingsForm(forms.Form):
    listed = forms.BooleanField(label="List our trust in the community directory", required=False)
    share_phase = forms.BooleanField(label="Show which phase our programme is in", required=False)
    share_bright_spots = forms.BooleanField(
        label="Offer our significant survey improvements as bright spots",
        help_text="Other members see the trust's name, the element and its whole-survey "
        "scores before and after. Only published figures that met the group-size threshold "
        "are used.",
        required=False,
    )
    contact = forms.ModelChoiceField(
        label="Contact person",
        help_text="They are asked by e-mail and shown only once they agree. They can withdraw "
        "at any time.",
        queryset=None,
        required=False,
        empty_label="No contact",
        error_messages={"invalid_choice": "Choose someone from the list"},
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = people
        self.helper = NHSFormHelper(self, submit_text="Save settings")


class StoryForm(forms.Form):
    title = forms.CharField(max_length=200, error_messages={"required": "Enter a title"})
    summary = forms.CharField(
        label="Summary",
        help_text="One or two sentences shown in search results.",
        max_length=400,
        widget=textarea(2),
        error_messages={"required": "Enter a summary"},
    )
    what_we_did = forms.CharField(
        label="What you did",
        max_length=8000,
        widget=textarea(8),
        error_messages={"required": "Describe what you did"},
    )
    result = forms.CharField(
        label="What happened as a result",
        help_text="What changed, and how you know. Do not include anything that identifies "
        "a patient or a member of staff.",
        max_length=8000,
        widget=textarea(6),
        error_messages={"required": "Describe what happened as a result"},
    )
    phase = forms.ChoiceField(
        label="Programme phase",
        choices=PhaseKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the phase"},
    )
    elements = forms.MultipleChoiceField(
        label="Cultural elements",
        choices=Element.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one cultural element"},
    )
    tags = forms.CharField(
        label="Tags (optional)",
        help_text="Up to 10, separated by commas, for example: board, nursing, appraisal.",
        max_length=300,
        required=False,
    )

    def __init__(self, *args, submit_text="Save story", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = NHSFormHelper(self, submit_text=submit_text)


TIME = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*$")


def _time_field(label):
    return forms.CharField(
        label=label,
        help_text="UK time, in 24 hours, for example 09:30 or 14:00.",
        max_length=5,
        widget=forms.TextInput(attrs={"class": "nhsuk-input--width-5", "inputmode": "numeric"}),
        error_messages={"required": f"Enter the {label.lower()}"},
    )


def _parse_time(value: str, label: str) -> datetime.time:
    match = TIME.match(value)
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise ValidationError(f"Enter the {label.lower()} like 09:30 or 14:00")
    return datetime.time(int(match[1]), int(match[2]))


class EventForm(forms.Form):
    title = forms.CharField(max_length=200, error_messages={"required": "Enter a title"})
    kind = forms.ChoiceField(
        label="Kind of event",
        choices=EventKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of event"},
    )
    description = forms.CharField(
        max_length=5000, widget=textarea(6), error_messages={"required": "Enter a description"}
    )
    day = NHSDateField(label="Date", help_text="For example, 27 3 2027")
    start_time = _time_field("Start time")
    end_time = _time_field("End time")
    online = forms.ChoiceField(
        label="Where is it?",
        choices=[("yes", "Online"), ("no", "At a venue")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose online or at a venue"},
    )
    joining_link = forms.URLField(
        label="Joining link (online events)",
        help_text="Shown only to people with a place.",
        required=False,
        assume_scheme="https",
        error_messages={"invalid": "Enter a web address starting with https://"},
    )
    venue = forms.CharField(
        label="Venue name and address (events at a venue)", max_length=300, required=False
    )
    capacity = forms.IntegerField(
        label="Places",
        min_value=1,
        max_value=5000,
        widget=forms.TextInput(attrs={"class": "nhsuk-input--width-4", "inputmode": "numeric"}),
        error_messages={
            "required": "Enter the number of places",
            "invalid": "Enter the number of places as a whole number, like 40",
            "min_value": "There must be at least 1 place",
            "max_value": "There can be at most 5,000 places",
        },
    )

    def __init__(self, *args, submit_text="Save event", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["day"].error_messages["required"] = "Enter the date of the event"
        self.helper = NHSFormHelper(self, submit_text=submit_text)

    def clean(self):
        data = super().clean()
        day, start, end = data.get("day"), data.get("start_time"), data.get("end_time")
        starts_at = ends_at = None
        if start:
            try:
                starts_at = _parse_time(start, "Start time")
            except ValidationError as error:
                self.add_error("start_time", error)
        if end:
            try:
                ends_at = _parse_time(end, "End time")
            except ValidationError as error:
                self.add_error("end_time", error)
        if day and starts_at and ends_at:
            data["starts_at"] = datetime.datetime.combine(day, starts_at, tzinfo=LONDON)
            data["ends_at"] = datetime.datetime.combine(day, ends_at, tzinfo=LONDON)
            if data["ends_at"] <= data["starts_at"]:
                self.add_error("end_time", "The end time must be after the start time")
        data["online"] = data.get("online") == "yes"
        return data

    def event_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "kind": data["kind"],
            "description": data["description"],
            "starts_at": data["starts_at"],
            "ends_at": data["ends_at"],
            "online": data["online"],
            "joining_link": data["joining_link"] if data["online"] else "",
            "venue": "" if data["online"] else data["venue"],
            "capacity": data["capacity"],
        }

    @staticmethod
    def initial_for(event) -> dict:
        starts, ends = event.starts_at.astimezone(LONDON), event.ends_at.astimezone(LONDON)
        return {
            "title": event.title,
            "kind": event.kind,
            "description": event.description,
            "day": starts.date(),
            "start_time": f"{starts:%H:%M}",
            "end_time": f"{ends:%H:%M}",
            "online": "yes" if event.online else "no",
            "joining_link": event.joining_link,
            "venue": event.venue,
            "capacity": event.capacity,
        }


class AttendanceForm(forms.Form):
    attended = forms.MultipleChoiceField(
        label="Who came?",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, registrations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attended"].choices = [
            (str(r.pk), f"{r.user.full_name}{f' ({r.trust.name})' if r.trust else ''}")
            for r in registrations
        ]
        self.helper = NHSFormHelper(self, submit_text="Save attendance")
