"""Forms for the library. They check shape; the workflow's rules live in services."""

import datetime
import zoneinfo

from crispy_forms.layout import Div, Layout
from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.forms import NHSDateField, NHSFormHelper, SecondarySubmit, Submit
from programmes.constants import DiagnosticTool, Element, PhaseKind
from resources.constants import Audience, ResourceKind
from resources.uploads import check_resource_file

LONDON = zoneinfo.ZoneInfo("Europe/London")
TOOLS = [choice for choice in DiagnosticTool.choices if choice[0] != "other"]


def checkboxes(label, choices, help_text=""):
    return forms.MultipleChoiceField(
        label=label,
        choices=choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=help_text,
    )


class ResourceForm(forms.Form):
    title = forms.CharField(
        label="Title", max_length=200, error_messages={"required": "Enter a title"}
    )
    summary = forms.CharField(
        label="Summary",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One or two sentences, shown in search results",
        error_messages={"required": "Enter a summary"},
    )
    body = forms.CharField(
        label="Body (optional)",
        required=False,
        max_length=50_000,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="Markdown: ## for a heading, - for a bullet, [text](https://…) for a link",
    )
    kind = forms.ChoiceField(
        label="Type",
        choices=ResourceKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a type"},
    )
    phases = checkboxes("Phases", PhaseKind.choices)
    tools = checkboxes("Diagnostic tools", TOOLS)
    elements = checkboxes("Cultural elements", Element.choices)
    audience = checkboxes("Who it is for", Audience.choices)
    file = forms.FileField(
        label="Upload a file",
        required=False,
        help_text="PDF, Word, Excel, PowerPoint, OpenDocument text or PNG, up to 25 MB. "
        "Leave empty to keep the current file, or give a link instead.",
        error_messages={"empty": "The file is empty"},
    )
    link = forms.URLField(
        label="Or a link",
        required=False,
        max_length=500,
        assume_scheme="https",
        error_messages={"invalid": "Enter a link that starts with https://"},
    )
    owner = forms.ModelChoiceField(
        label="Owner",
        queryset=None,
        required=False,
        empty_label="No owner",
        help_text="Who keeps it up to date",
        error_messages={"invalid_choice": "Choose an owner from the list"},
    )
    review_due = NHSDateField(
        label="Review by (optional)",
        required=False,
        help_text="A year after publication if left empty",
        error_messages={
            "incomplete": "The review date must include a day, month and year",
            "invalid": "The review date must be a real date",
        },
    )
    featured = forms.BooleanField(label="Feature it on the library's front page", required=False)

    def __init__(self, *args, owners, has_file=False, submit_text="Save", **kwargs):
        super().__init__(*args, **kwargs)
        self.has_file = has_file
        self.fields["owner"].queryset = owners
        self.fields["owner"].label_from_instance = lambda user: user.full_name
        self.helper = NHSFormHelper(self, submit_text=submit_text)

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is not None:
            upload.resource_kind = check_resource_file(upload)
        return upload

    def clean_link(self):
        link = self.cleaned_data["link"]
        if link and not link.startswith(("https://", "http://")):
            raise ValidationError("Enter a link that starts with https://")
        return link

    def clean(self):
        data = super().clean()
        if not self.errors:
            if data.get("file") and data.get("link"):
                self.add_error("link", "Give a file or a link, not both")
            elif not (data.get("file") or data.get("link") or self.has_file or data.get("body")):
                self.add_error("body", "Write the body, upload a file or give a link")
            if not (data.get("phases") or data.get("tools") or data.get("elements")):
                self.add_error("phases", "Choose at least one phase, diagnostic tool or element")
        return data


class ApproveForm(forms.Form):
    publish_on = NHSDateField(
        label="Publish on (optional)",
        required=False,
        help_text="Leave empty to publish now",
        error_messages={
            "incomplete": "The publication date must include a day, month and year",
            "invalid": "The publication date must be a real date",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = NHSFormHelper(self, submit_text="Approve and publish")
        self.helper.form_tag = False  # the page wraps it, with the action URL

    def clean_publish_on(self):
        day = self.cleaned_data.get("publish_on")
        if day and day < timezone.localdate():
            raise ValidationError("The publication date cannot be in the past")
        return day

    def publish_at(self):
        day = self.cleaned_data.get("publish_on")
        if not day or day == timezone.localdate():
            return None
        return datetime.datetime.combine(day, datetime.time(7, 0), tzinfo=LONDON)


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label="What needs to change",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Say what needs to change"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = NHSFormHelper(self, submit_text="Return to draft")
        self.helper.inputs[0].button_variant = "nhsuk-button--secondary"
        self.helper.form_tag = False


class CsvImportForm(forms.Form):
    file = forms.FileField(
        label="Upload a CSV file",
        help_text="Headings: title, summary, kind, phases, tools, elements, audience, link, "
        "owner_email, review_due (body is optional). Lists are separated by ;. Every row "
        "becomes a draft; nothing is imported if any row is wrong.",
        error_messages={"required": "Choose a CSV file to upload", "empty": "The file is empty"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = NHSFormHelper(self, submit_text="Import resources")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".csv"):
            raise ValidationError("The file must be a CSV")
        return upload


FEEDBACK_SALT = "resources.feedback"
FEEDBACK_MIN_SECONDS = 3
FEEDBACK_MAX_AGE = 60 * 60 * 6


def feedback_token() -> str:
    """A signed time the form was shown: a form sent back within a few seconds, or with a
    forged or stale token, came from a bot, not a person reading the page."""
    return signing.dumps(timezone.now().timestamp(), salt=FEEDBACK_SALT)


class FeedbackForm(forms.Form):
    """'Is there anything wrong with this page?': compact (rows=3, a secondary button) at the
    foot of every page, full-size on a page of its own. The template opens the <form>."""

    message = forms.CharField(
        label="What is wrong with this page?",
        max_length=1200,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Do not include personal, sensitive or confidential information, such as "
        "names, contact details or anything about a patient. We take out the names, email "
        "addresses and phone numbers we recognise before your message is kept, but an "
        "unusual name can be missed. We cannot reply to you.",
        error_messages={
            "required": "Tell us what is wrong with the page",
            "max_length": "Keep your message under 1,200 characters",
        },
    )
    page = forms.CharField(widget=forms.HiddenInput, max_length=300)
    token = forms.CharField(widget=forms.HiddenInput)
    # Left empty by people (it is hidden from them and from screen readers); bots fill it.
    website = forms.CharField(
        label="Leave this empty",
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, compact=False, **kwargs):
        kwargs.setdefault("auto_id", "feedback-%s")
        super().__init__(*args, **kwargs)
        self.helper = NHSFormHelper(self, submit_text="")
        self.helper.add_input((SecondarySubmit if compact else Submit)(name="send", value="Send"))
        self.helper.form_tag = False
        # The page draws the error summary above its heading.
        self.helper.form_show_errors = False
        self.helper.layout = Layout(
            "page",
            "token",
            Div("website", css_class="portal-hp", aria_hidden="true"),
            "message",
        )
        if compact:
            self.fields["message"].widget.attrs["rows"] = 3

    def redisplayed(self, *, page: str, token: str, message: str = "") -> "FeedbackForm":
        """This form as drawn again: its errors and what was typed, with the page checked and
        a fresh token (a bad one would fail again)."""
        if not self.is_bound:
            return FeedbackForm(initial={"page": page, "token": token})
        shown = FeedbackForm({"page": page, "token": token, "message": message})
        shown._errors = self.errors  # the errors of what was sent, not of the fresh token
        return shown

    def clean_page(self):
        page = self.cleaned_data["page"]
        if not page.startswith("/") or page.startswith("//"):
            raise ValidationError("Send the form from the page it is about")
        return page

    def clean(self):
        data = super().clean()
        try:
            shown = signing.loads(
                data.get("token", ""), salt=FEEDBACK_SALT, max_age=FEEDBACK_MAX_AGE
            )
        except signing.BadSignature:
            shown = None
        too_quick = shown is not None and timezone.now().timestamp() - shown < FEEDBACK_MIN_SECONDS
        if data.get("website") or shown is None or too_quick:
            raise ValidationError("Your message could not be sent. Please try again.", code="spam")
        return data
