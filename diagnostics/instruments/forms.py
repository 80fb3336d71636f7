"""National admins' forms for editing a draft instrument version."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import NHSFormHelper
from diagnostics.constants import MAX_COMMENT_LENGTH, SCALE_OPTIONS
from diagnostics.instruments.models import CommentQuestion, Item, Section


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


class SectionDetailsForm(forms.Form):
    title = forms.CharField(
        label="Section title", max_length=200, error_messages={"required": "Enter a title"}
    )
    description = forms.CharField(
        label="Description (optional)", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, submit_text="Save section", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = NHSFormHelper(self, submit_text=submit_text)


class NewItemForm(forms.ModelForm):
    class Meta:
        model = Item
        fields = ["code", "text", "element", "polarity", "scale", "required"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 2}),
            "polarity": forms.RadioSelect,
            "scale": forms.RadioSelect,
        }
        error_messages = {
            "code": {"required": "Enter a short code, like WS-TW-06"},
            "text": {"required": "Enter the question's wording"},
            "element": {"required": "Choose the cultural element"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = NHSFormHelper(self, submit_text="Add question")


class ItemForm(forms.ModelForm):
    class Meta:
        model = Item
        fields = ["text", "element", "polarity", "scale", "required"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 2}),
            "polarity": forms.RadioSelect,
            "scale": forms.RadioSelect,
        }
        error_messages = {
            "text": {"required": "Enter the question's wording"},
            "element": {"required": "Choose the cultural element"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = NHSFormHelper(self, submit_text="Save question")


class CommentQuestionForm(forms.ModelForm):
    """A free-text question: its code is fixed once added, like a question's."""

    class Meta:
        model = CommentQuestion
        fields = ["code", "text"]
        labels = {"text": "Question"}
        help_texts = {
            "code": "Short and unique in this version, for example WS-C3",
            "text": "Staff answer in their own words. Answers reach the trust once the survey "
            "closes, all together in random order, only if at least k people answered, with "
            "names, e-mail addresses, phone numbers and NHS numbers taken out",
        }
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}
        error_messages = {
            "code": {"required": "Enter a short code, like WS-C3"},
            "text": {"required": "Enter the question's wording"},
        }

    def __init__(self, *args, submit_text="Add comment question", **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["code"]
        self.helper = NHSFormHelper(self, submit_text=submit_text)
