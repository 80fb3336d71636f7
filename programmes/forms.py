"""Forms for the programme pages. They validate shape; the rules live in services."""

import re
import uuid
from pathlib import Path

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from core.forms import NHSDateField, NHSFormHelper
from programmes.constants import (
    ACTION_NOTE_MAX_LENGTH,
    FRAMEWORK_ELEMENTS,
    ActionStatus,
    CommitmentKind,
    DiagnosticTool,
    Element,
    FindingKind,
    Framework,
    InterventionStatus,
    PhaseKind,
    Priority,
    StepOutcome,
)

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
EVIDENCE_TYPES = {
    ".pdf": b"%PDF",
    ".docx": b"PK\x03\x04",
    ".xlsx": b"PK\x03\x04",
    ".pptx": b"PK\x03\x04",
    ".png": b"\x89PNG",
    ".jpg": b"\xff\xd8\xff",
    ".jpeg": b"\xff\xd8\xff",
    ".csv": None,
    ".txt": None,
}


def checked_upload(upload, *, label: str = "The file"):
    """Refuse files of the wrong type or size: the extension must be one we accept and the
    first bytes must match it, so a renamed program is not stored as 'evidence'."""
    if upload is None:
        return None
    suffix = Path(upload.name).suffix.lower()
    if suffix not in EVIDENCE_TYPES:
        raise ValidationError(f"{label} must be a PDF, Word, Excel, PowerPoint, image, CSV or text")
    if upload.size > MAX_EVIDENCE_BYTES:
        raise ValidationError(f"{label} must be smaller than 10 MB")
    if upload.size == 0:
        raise ValidationError(f"{label} is empty")
    magic = EVIDENCE_TYPES[suffix]
    head = upload.read(8)
    upload.seek(0)
    if magic is not None and not head.startswith(magic):
        raise ValidationError(f"{label} is not a real {suffix[1:].upper()} file")
    if magic is None and b"\x00" in head:
        raise ValidationError(f"{label} is not a text file")
    upload.name = Path(upload.name).name[-150:]
    return upload


def element_choices(framework: str):
    return [(code, Element(code).label) for code in FRAMEWORK_ELEMENTS[framework]]


def people_field(label, *, required=False, help_text=""):
    return forms.ModelChoiceField(
        label=label,
        queryset=None,
        required=required,
        empty_label="Nobody yet",
        help_text=help_text,
        error_messages={"invalid_choice": "Choose someone from the list"},
    )


def textarea(rows=4):
    return forms.Textarea(attrs={"rows": rows})


class ProgrammeForm(forms.Form):
    name = forms.CharField(
        label="Local name of the programme",
        max_length=120,
        help_text="What staff will know it as, for example ‘Advancing Culture Together’",
        error_messages={"required": "Enter the programme's local name"},
    )
    framework = forms.ChoiceField(
        label="Cultural elements framework",
        choices=Framework.choices,
        widget=forms.RadioSelect,
        initial=Framework.REVISED,
        error_messages={"required": "Choose a framework"},
    )
    start_date = NHSDateField(
        label="Start date",
        help_text="For example, 1 4 2027",
        error_messages={
            "required": "Enter the start date",
            "incomplete": "The start date must include a day, month and year",
            "invalid": "The start date must be a real date",
        },
    )
    sponsor = people_field(
        "Board sponsor",
        help_text="People with the board sponsor role at the trust. The sponsor signs each "
        "phase off.",
    )
    change_team = forms.ModelMultipleChoiceField(
        label="Change team",
        help_text="The trust's OD leads and change team members",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose people from the list"},
    )
    board_interviews_planned = forms.IntegerField(
        label="Board interviews planned",
        min_value=0,
        max_value=200,
        initial=0,
        help_text="One for each board member you plan to interview",
        widget=forms.NumberInput(attrs={"class": "nhsuk-input--width-4"}),
        error_messages={
            "required": "Enter how many board interviews are planned",
            "invalid": "Enter the number of board interviews as a whole number",
            "min_value": "The number of board interviews cannot be negative",
            "max_value": "Enter 200 board interviews or fewer",
        },
    )

    def __init__(self, *args, sponsors, team, submit_text="Start the programme", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sponsor"].queryset = sponsors
        self.fields["change_team"].queryset = team
        self.fields["change_team"].label_from_instance = lambda user: user.full_name
        self.fields["sponsor"].label_from_instance = lambda user: user.full_name
        self.helper = NHSFormHelper(self, submit_text=submit_text)


class PhaseDatesForm(forms.Form):
    planned_start = NHSDateField(label="Planned start", required=False)
    planned_end = NHSDateField(label="Planned end", required=False)
    actual_start = NHSDateField(
        label="Actual start", required=False, help_text="Leave empty if it has not started"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = NHSFormHelper(self, submit_text="Save dates")


class SignOffForm(forms.Form):
    comment = forms.CharField(
        label="Comment (optional)", required=False, max_length=2000, widget=textarea(3)
    )
    open_steps_reason = forms.CharField(
        label="Why sign off with required steps still open?",
        required=False,
        max_length=2000,
        widget=textarea(3),
    )

    def __init__(self, *args, open_steps: int = 0, still_open=(), following=None, **kwargs):
        super().__init__(*args, **kwargs)
        if not open_steps:
            del self.fields["open_steps_reason"]
        else:
            # Asked here as well as by the service, so the page names every gap at once.
            reason = self.fields["open_steps_reason"]
            reason.required = True
            reason.error_messages["required"] = (
                f"{open_steps} required step{'s are' if open_steps > 1 else ' is'} not done. "
                "Give the reason for signing off now."
            )
        # Each step still open is carried into the next phase or closed as not done. After
        # the last phase there is nowhere to carry it: it is closed, as the page says.
        self._step_fields = {}
        if following is not None:
            for step in still_open:
                name = f"step_{step.pk}"
                self.fields[name] = forms.ChoiceField(
                    label=f"‘{step.title}’" + ("" if step.required else " (optional)"),
                    choices=[
                        (StepOutcome.CARRIED, f"Carry it into the {following} phase"),
                        (StepOutcome.NOT_DONE, "Close it as not done"),
                    ],
                    widget=forms.RadioSelect,
                    error_messages={"required": f"Choose what happens to the step ‘{step.title}’"},
                )
                self._step_fields[name] = step.pk
        # The sponsor decides about the open steps first, then gives the reason and comment.
        self.order_fields([*self._step_fields, "open_steps_reason", "comment"])
        self.helper = NHSFormHelper(self, submit_text="Sign off the phase")

    def step_choices(self) -> dict[int, str]:
        return {pk: self.cleaned_data[name] for name, pk in self._step_fields.items()}


class SignOffRequestForm(forms.Form):
    note = forms.CharField(
        label="Note for the sponsor (optional)",
        help_text="What is done, and anything they should look at before signing off.",
        required=False,
        max_length=2000,
        widget=textarea(3),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = NHSFormHelper(self, submit_text="Ask the sponsor to sign off")


class SendBackForm(forms.Form):
    comment = forms.CharField(
        label="What needs to happen before you sign it off?",
        help_text="The OD leads and the change team will see this.",
        max_length=2000,
        widget=textarea(4),
        error_messages={"required": "Say what needs to happen before you sign it off"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = NHSFormHelper(self, submit_text="Send back")


class StepForm(forms.Form):
    title = forms.CharField(
        label="Step", max_length=200, error_messages={"required": "Enter what the step is"}
    )
    description = forms.CharField(
        label="Details (optional)", required=False, max_length=2000, widget=textarea(3)
    )
    required = forms.BooleanField(
        label="The phase cannot be signed off without it (unless a reason is given)",
        required=False,
    )
    owner = people_field("Owner")
    due_on = NHSDateField(
        label="Due date (optional)",
        required=False,
        error_messages={
            "incomplete": "The due date must include a day, month and year",
            "invalid": "The due date must be a real date",
        },
    )

    def __init__(self, *args, people, submit_text="Save step", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people
        self.fields["owner"].label_from_instance = lambda user: user.full_name
        self.helper = NHSFormHelper(self, submit_text=submit_text)


class StepCompleteForm(forms.Form):
    evidence_note = forms.CharField(
        label="What was done", required=False, max_length=4000, widget=textarea(4)
    )
    evidence_link = forms.URLField(
        label="Link to evidence (optional)",
        required=False,
        max_length=500,
        assume_scheme="https",
        error_messages={"invalid": "Enter a link that starts with https://"},
    )
    evidence_file = forms.FileField(
        label="Upload a file (optional)",
        required=False,
        help_text="PDF, Word, Excel, PowerPoint, image, CSV or text, up to 10 MB",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = NHSFormHelper(self, submit_text="Mark as done")

    def clean_evidence_file(self):
        return checked_upload(self.cleaned_data.get("evidence_file"))

    def clean(self):
        data = super().clean()
        if not self.errors and not any(
            data.get(name) for name in ("evidence_note", "evidence_link", "evidence_file")
        ):
            self.add_error(
                "evidence_note", "Add a note, a link or a file that shows the step is done"
            )
        return data


class StepTemplateForm(forms.Form):
    phase_kind = forms.ChoiceField(
        label="Phase",
        choices=PhaseKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a phase"},
    )
    title = forms.CharField(
        label="Step", max_length=200, error_messages={"required": "Enter what the step is"}
    )
    description = forms.CharField(
        label="Details (optional)", required=False, max_length=2000, widget=textarea(3)
    )
    required = forms.BooleanField(label="Required to sign the phase off", required=False)
    tool = forms.ChoiceField(
        label="Diagnostic tool (optional)",
        required=False,
        choices=[("", "None"), *DiagnosticTool.choices],
    )

    def __init__(self, *args, submit_text="Save step", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = NHSFormHelper(self, submit_text=submit_text)


PORTAL_PATH = re.compile(r"/[^/\\\s][^\\\s]*|/")


def check_evidence_link(value: str) -> str:
    """A web link (http or https) or a path on this portal. A path must not be able to
    turn into another site's address (//host, /\\host, or with spaces inside)."""
    value = value.strip()
    if not value:
        return value
    if value.startswith("/"):
        if not PORTAL_PATH.fullmatch(value):
            raise ValidationError("Enter a link that starts with https:// or a portal page’s path")
        return value
    try:
        URLValidator(schemes=["https", "http"])(value)
    except ValidationError:
        raise ValidationError(
            "Enter a link that starts with https:// or a portal page’s path"
        ) from None
    return value


class FindingForm(forms.Form):
    statement = forms.CharField(
        label="Finding",
        max_length=2000,
        widget=textarea(3),
        error_messages={"required": "Enter the finding"},
    )
    kind = forms.ChoiceField(
        label="Is it a strength or an area to develop?",
        choices=FindingKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose strength or area to develop"},
    )
    element = forms.ChoiceField(
        label="Cultural element",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a cultural element"},
    )
    tool = forms.ChoiceField(
        label="Source",
        choices=DiagnosticTool.choices,
        error_messages={"required": "Choose the tool the finding came from"},
    )
    evidence_link = forms.CharField(
        label="Link to evidence (optional)",
        required=False,
        max_length=500,
        help_text="A web link, or a portal page such as a survey results page",
    )

    def __init__(self, *args, framework, submit_text="Save finding", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["element"].choices = element_choices(framework)
        self.helper = NHSFormHelper(self, submit_text=submit_text)

    def clean_evidence_link(self):
        return check_evidence_link(self.cleaned_data["evidence_link"])


class ElementSummaryForm(forms.Form):
    summary = forms.CharField(
        label="Summary",
        required=False,
        max_length=4000,
        widget=textarea(5),
        help_text="What the tools together say about this element. Leave empty to remove it.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = NHSFormHelper(self, submit_text="Save summary")


class InterventionForm(forms.Form):
    title = forms.CharField(
        label="Intervention", max_length=200, error_messages={"required": "Enter the intervention"}
    )
    description = forms.CharField(
        label="Details (optional)", required=False, max_length=2000, widget=textarea(3)
    )
    status = forms.ChoiceField(
        label="Does the trust do this already?",
        choices=InterventionStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose existing or planned"},
    )
    elements = forms.MultipleChoiceField(
        label="Cultural elements it addresses",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one cultural element"},
    )
    owner = forms.CharField(
        label="Owner (optional)",
        required=False,
        max_length=150,
        help_text="A person or a team, for example ‘Director of Workforce’",
    )
    priority = forms.ChoiceField(
        label="Priority",
        choices=Priority.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a priority"},
    )

    def __init__(self, *args, framework, submit_text="Save intervention", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["elements"].choices = element_choices(framework)
        self.helper = NHSFormHelper(self, submit_text=submit_text)


class StrategyForm(forms.Form):
    commitment = forms.CharField(
        label="The board's commitment to collective leadership",
        required=False,
        max_length=4000,
        widget=textarea(4),
    )
    vision = forms.CharField(label="Vision", required=False, max_length=4000, widget=textarea(4))
    document = forms.FileField(
        label="Strategy document (optional)",
        required=False,
        help_text="PDF or Word, up to 10 MB. A new upload replaces the old one.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = NHSFormHelper(self, submit_text="Save strategy")

    def clean_document(self):
        return _strategy_document(self.cleaned_data.get("document"))


def _strategy_document(upload):
    upload = checked_upload(upload, label="The document")
    if upload is not None and Path(upload.name).suffix.lower() not in {".pdf", ".docx"}:
        raise ValidationError("The document must be a PDF or Word file")
    return upload


class BoardApprovalForm(forms.Form):
    approved_on = NHSDateField(
        label="Date of the board meeting that approved the strategy",
        error_messages={
            "required": "Enter the date the board approved the strategy",
            "incomplete": "The approval date must include a day, month and year",
            "invalid": "The approval date must be a real date",
        },
    )
    document = forms.FileField(
        label="The strategy as the board approved it",
        required=False,
        help_text="PDF or Word, up to 10 MB.",
    )

    def __init__(self, *args, document_name: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if document_name:
            self.fields["document"].label += " (optional)"
            self.fields["document"].help_text = (
                f"Leave empty if the board approved the attached {document_name}. "
                "PDF or Word, up to 10 MB."
            )
        self.helper = NHSFormHelper(self, submit_text="Record the board's approval")

    def clean_document(self):
        return _strategy_document(self.cleaned_data.get("document"))


class PriorityForm(forms.Form):
    title = forms.CharField(
        label="Priority", max_length=200, error_messages={"required": "Enter the priority"}
    )
    description = forms.CharField(
        label="Details (optional)", required=False, max_length=2000, widget=textarea(3)
    )
    findings = forms.ModelMultipleChoiceField(
        label="Findings it responds to",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, findings, submit_text="Save priority", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["findings"].queryset = findings
        self.fields["findings"].label_from_instance = lambda finding: (
            f"{finding.get_element_display()}: {finding.statement[:120]}"
        )
        self.helper = NHSFormHelper(self, submit_text=submit_text)


class CommitmentForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind of change",
        choices=CommitmentKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of change"},
    )
    text = forms.CharField(
        label="Commitment",
        max_length=2000,
        widget=textarea(3),
        error_messages={"required": "Enter the commitment"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = NHSFormHelper(self, submit_text="Add commitment")


class ActionForm(forms.Form):
    title = forms.CharField(
        label="Action", max_length=200, error_messages={"required": "Enter the action"}
    )
    priority = forms.ModelChoiceField(
        label="Strategy priority (optional)",
        queryset=None,
        required=False,
        empty_label="None",
        error_messages={"invalid_choice": "Choose a priority from the list"},
    )
    owner = people_field("Owner", required=True)
    due_on = NHSDateField(
        label="Due date",
        error_messages={
            "required": "Enter the due date",
            "incomplete": "The due date must include a day, month and year",
            "invalid": "The due date must be a real date",
        },
    )
    status = forms.ChoiceField(
        label="Status", choices=ActionStatus.choices, initial=ActionStatus.NOT_STARTED
    )
    element = forms.ChoiceField(label="Cultural element (optional)", required=False)
    resources = forms.CharField(
        label="Resources (optional)",
        required=False,
        max_length=2000,
        widget=textarea(3),
        help_text="Links to resources that help, one per line",
    )

    def __init__(self, *args, people, priorities, framework, submit_text="Save action", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people
        self.fields["owner"].label_from_instance = lambda user: user.full_name
        self.fields["owner"].error_messages["required"] = "Choose who owns the action"
        self.fields["priority"].queryset = priorities
        self.fields["element"].choices = [("", "None"), *element_choices(framework)]
        self.helper = NHSFormHelper(self, submit_text=submit_text)

    def clean_resources(self):
        lines = [line.strip() for line in self.cleaned_data["resources"].splitlines()]
        lines = [line for line in lines if line]
        for line in lines:
            check_evidence_link(line)
        return "\n".join(lines)


class ActionNoteForm(forms.Form):
    text = forms.CharField(
        label="Progress note",
        max_length=ACTION_NOTE_MAX_LENGTH,
        widget=textarea(4),
        help_text="What has happened since the last note: progress, problems, decisions. "
        f"Up to {ACTION_NOTE_MAX_LENGTH:,} characters.",
        error_messages={
            "required": "Enter the progress note",
            "max_length": f"The progress note must be {ACTION_NOTE_MAX_LENGTH:,} characters or "
            "fewer (it has %(show_value)s)",
        },
    )
    # Made when the form is shown and sent with it: the same form sent twice stores one note.
    submission_key = forms.UUIDField(
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid": "The page was changed before it was sent. Send it again"},
    )

    def __init__(self, *args, action_url, **kwargs):
        kwargs.setdefault("initial", {"submission_key": uuid.uuid4()})
        super().__init__(*args, **kwargs)
        self.helper = NHSFormHelper(self, submit_text="Add progress note")
        self.helper.form_action = action_url


class CommentCodingForm(forms.Form):
    """The elements a free-text comment speaks to: a patient comment, or a survey comment."""

    elements = forms.MultipleChoiceField(
        label="Which cultural elements does this comment speak to?",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave all unticked if it speaks to none of them",
        error_messages={"invalid_choice": "Choose only elements from the list"},
    )

    def __init__(self, *args, framework, submit_text="Save and code the next comment", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["elements"].choices = element_choices(framework)
        self.helper = NHSFormHelper(self, submit_text=submit_text)
