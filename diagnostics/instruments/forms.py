"""TODO docstring"""

from django import forms

from core.forms import NHSFormHelper
from diagnostics.instruments.models import CommentQuestion, Item


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
