"""The 'nhsuk' crispy template pack renders every kind of field as its NHS.UK component."""

import datetime
import re

import pytest
from django import forms
from django.http import QueryDict
from django.template import Context, Template

from core.forms import NHSDateField, NHSFormHelper


class EveryFieldForm(forms.Form):
    name = forms.CharField(
        label="Your name",
        help_text="As it appears on your badge",
        error_messages={"required": "Enter your name"},
    )
    notes = forms.CharField(label="Notes", widget=forms.Textarea, required=False)
    band = forms.ChoiceField(label="Band", choices=[("", "Choose"), ("5", "5"), ("6", "6")])
    group = forms.ChoiceField(
        label="Staff group",
        choices=[("nursing", "Nursing"), ("medical", "Medical")],
        widget=forms.RadioSelect,
        help_text="Choose one",
        error_messages={"required": "Select your staff group"},
    )
    days = forms.MultipleChoiceField(
        label="Days you work",
        choices=[("mon", "Monday"), ("tue", "Tuesday")],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    agree = forms.BooleanField(label="I agree", required=False)
    started = NHSDateField(label="Start date", required=False)
    upload = forms.FileField(label="Evidence", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = NHSFormHelper(self, submit_text="Save")


def render(form):
    return Template("{% load crispy_forms_tags %}{% crispy form %}").render(Context({"form": form}))


def test_blank_form_renders_each_component():
    html = render(EveryFieldForm())
    assert "novalidate" in html
    assert re.search(r'<input type="text" name="name" class="nhsuk-input"[^>]* id="id_name"', html)
    assert '<div class="nhsuk-hint" id="id_name_helptext">As it appears on your badge</div>' in html
    assert 'aria-describedby="id_name_helptext"' in html
    assert 'class="nhsuk-textarea"' in html
    assert 'class="nhsuk-select"' in html
    assert '<div class="nhsuk-radios" data-module="nhsuk-radios">' in html
    assert 'class="nhsuk-radios__input"' in html and 'id="id_group_0"' in html
    assert '<div class="nhsuk-checkboxes" data-module="nhsuk-checkboxes">' in html
    assert re.search(r'id="id_days_0"\s+name="days"\s+type="checkbox"', html)
    assert re.search(r'id="id_group_0"\s+name="group"\s+type="radio"', html)
    assert 'class="nhsuk-checkboxes__input"' in html
    assert '<div class="nhsuk-date-input" id="id_started">' in html
    assert 'class="nhsuk-input nhsuk-date-input__input nhsuk-input--width-4"' in html
    assert 'enctype="multipart/form-data"' in html
    assert 'class="nhsuk-file-upload__input"' in html
    assert (
        '<legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Staff group</legend>'
        in html
    )
    assert re.search(
        r'<button type="submit"[^>]*class="nhsuk-button"\s+data-module="nhsuk-button"', html
    )
    assert "nhsuk-error-summary" not in html
    assert " required" not in html  # browser validation would hide NHS error messages


def test_errors_show_a_summary_linking_to_each_field_and_keep_what_was_typed():
    form = EveryFieldForm(
        data={
            "band": "5",
            "started_day": "31",
            "started_month": "2",
            "started_year": "2026",
            "notes": "kept <b>safe</b>",
        }
    )
    assert not form.is_valid()
    html = render(form)
    assert '<a href="#id_name">Enter your name</a>' in html
    assert '<a href="#id_group_0">Select your staff group</a>' in html
    assert '<a href="#id_started_0">Date must be a real date</a>' in html
    assert 'class="nhsuk-form-group nhsuk-form-group--error"' in html
    assert 'class="nhsuk-input nhsuk-input--error"' in html
    assert '<span class="nhsuk-u-visually-hidden">Error:</span> Enter your name' in html
    assert 'aria-describedby="id_name_helptext id_name_error"' in html
    # A fieldset carries the description for the whole group.
    assert 'aria-describedby="id_group_helptext id_group_error"' in html
    assert "nhsuk-input--width-2 nhsuk-input--error" in html
    assert 'value="31"' in html and "kept &lt;b&gt;safe&lt;/b&gt;" in html
    assert '<option value="5" selected>' in html


def test_checked_options_stay_checked_after_an_error():
    form = EveryFieldForm(data=QueryDict("group=medical&days=mon&days=tue&agree=on"))
    html = render(form)
    assert re.search(r'value="mon"\s+checked', html) and re.search(r'value="tue"\s+checked', html)
    assert re.search(r'value="medical"\s+checked', html)
    assert html.count("checked") == 4


class TestNHSDateField:
    @pytest.fixture
    def field(self):
        return NHSDateField(label="Date")

    def test_valid_date(self, field):
        assert field.clean(["9", "03", "2026"]) == datetime.date(2026, 3, 9)

    @pytest.mark.parametrize(
        ("parts", "message"),
        [
            (["", "", ""], "Enter a date"),
            (["9", "", "2026"], "Date must include a day, month and year"),
            (["31", "2", "2026"], "Date must be a real date"),
            (["x", "2", "2026"], "Date must be a real date"),
            (["1", "2", "26"], "Date must be a real date"),
        ],
    )
    def test_messages(self, field, parts, message):
        with pytest.raises(forms.ValidationError) as error:
            field.clean(parts)
        assert error.value.messages == [message]

    def test_optional_blank_is_none(self):
        assert NHSDateField(required=False).clean(["", "", ""]) is None
