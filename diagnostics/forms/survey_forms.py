"""Respondent forms. They validate; the section page itself is drawn by a template loop,
because widget rendering of many radio groups is several times slower (DESIGN.md 5)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from diagnostics.constants import BANDS, PREFER_NOT_TO_SAY, SCALE_OPTIONS, STAFF_GROUPS, Demographic
from diagnostics.models import Section, Wave
from diagnostics.services.survey import MAX_COMMENT_LENGTH

PREFER_NOT = (PREFER_NOT_TO_SAY, _("Prefer not to say"))


def item_field_name(item_id: int) -> str:
    return f"item_{item_id}"


def comment_field_name(question_id: int) -> str:
    return f"comment_{question_id}"


class SectionForm(forms.Form):
    """One field per item of the section (and the comment questions on the last section)."""

    def __init__(self, *args, section: Section, comment_questions=(), with_items=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.section = section
        self.items = list(section.items.all()) if with_items else []
        # Resolve the translated labels once per form, not once per question.
        choices = {
            scale: [(value, str(label)) for value, label in options]
            for scale, options in SCALE_OPTIONS.items()
        }
        for item in self.items:
            self.fields[item_field_name(item.pk)] = forms.TypedChoiceField(
                label=item.text,
                choices=choices[item.scale],
                coerce=int,
                # A blank optional question is no answer (None), not an empty string.
                empty_value=None,
                required=item.required,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Select an answer for: %(text)s") % {"text": item.text},
                    "invalid_choice": _("Select one of the answers for: %(text)s")
                    % {"text": item.text},
                },
            )
        self.comment_questions = list(comment_questions)
        self.foreign_items = (
            sorted(
                name for name in self.data if name.startswith("item_") and name not in self.fields
            )
            if self.is_bound and with_items
            else []
        )
        for question in self.comment_questions:
            self.fields[comment_field_name(question.pk)] = forms.CharField(
                label=question.text,
                required=False,
                max_length=MAX_COMMENT_LENGTH,
                widget=forms.Textarea(attrs={"rows": 5}),
                error_messages={
                    "max_length": _("Your comment must be %(limit)s characters or fewer")
                    % {"limit": MAX_COMMENT_LENGTH}
                },
            )

    def clean(self):
        data = super().clean()
        if self.foreign_items:
            # Answers to questions that are not on this page: a tampered or stale page.
            raise forms.ValidationError(
                _("This page has changed since it was loaded. Nothing was saved: answer again"),
                code="foreign_items",
            )
        return data

    def answers(self) -> dict[int, int]:
        return {
            item.pk: self.cleaned_data[item_field_name(item.pk)]
            for item in self.items
            if self.cleaned_data.get(item_field_name(item.pk)) is not None
        }

    def comments(self) -> dict[int, str]:
        return {
            q.pk: self.cleaned_data.get(comment_field_name(q.pk), "")
            for q in self.comment_questions
        }


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


class ResumeForm(CodeForm):
    label = _("Your resume code")
    hint = _("The code you were given when you saved your answers")
    missing = _("Enter your resume code")
