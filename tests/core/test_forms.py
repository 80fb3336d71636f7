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


# --- Plain-English error messages (plain_error_messages) ------------------------------------


class PlainForm(forms.Form):
    title = forms.CharField(label="Title", max_length=200)
    code = forms.CharField(label="ODS code", max_length=5, min_length=3)
    notes = forms.CharField(label="Notes (optional)", max_length=10, required=False)
    size = forms.IntegerField(label="How many codes?", min_value=1, max_value=500)
    share = forms.FloatField(label="Share (%)", max_value=100, required=False)
    email = forms.EmailField(label="Email address", required=False)
    link = forms.URLField(label="Link", required=False, assume_scheme="https")
    colour = forms.ChoiceField(label="Colour", choices=[("red", "Red"), ("blue", "Blue")])
    days = forms.MultipleChoiceField(label="Days", choices=[("mon", "Monday")], required=False)
    agree = forms.BooleanField(label="I have read the guidance")
    upload = forms.FileField(label="CSV file", required=False)
    started = NHSDateField(label="Start date", required=False)
    kept = forms.CharField(
        label="Name",
        max_length=5,
        error_messages={"required": "Enter your name", "max_length": "Keep it short"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = NHSFormHelper(self)


def errors_of(data, files=None):
    form = PlainForm(data=data, files=files)
    assert not form.is_valid()
    return {name: list(messages) for name, messages in form.errors.items()}


def test_required_fields_say_what_to_enter_or_select():
    errors = errors_of({})
    assert errors["title"] == ["Enter title"]
    assert errors["code"] == ["Enter ODS code"]  # an abbreviation keeps its capitals
    assert errors["size"] == ["Enter how many codes"]
    assert errors["colour"] == ["Select colour"]
    assert errors["agree"] == ["Tick the box: I have read the guidance"]


def test_lengths_and_limits_name_the_field():
    errors = errors_of(
        {
            "title": "T" * 201,
            "code": "AB",
            "notes": "x" * 11,
            "size": "501",
            "share": "101",
            "kept": "Too long",
        }
    )
    assert errors["title"] == ["Title must be 200 characters or fewer"]
    assert errors["code"] == ["ODS code must be 3 characters or more"]
    assert errors["notes"] == ["Notes must be 10 characters or fewer"]
    assert errors["size"] == ["How many codes must be 500 or less"]
    assert errors["share"] == ["Share must be 100 or less"]
    assert errors_of({"size": "0"})["size"] == ["How many codes must be 1 or more"]


def test_wrong_kinds_of_value_are_explained():
    errors = errors_of(
        {
            "size": "twelve",
            "share": "lots",
            "email": "not an address",
            "link": "nowhere",
            "colour": "green",
            "days": ["sun"],
        }
    )
    assert errors["size"] == ["How many codes must be a whole number"]
    assert errors["share"] == ["Share must be a number"]
    assert errors["email"] == [
        "Enter an email address in the correct format, like name@example.com"
    ]
    assert errors["link"] == ["Enter a web address in the correct format, like https://www.nhs.uk"]
    assert errors["colour"] == ["Choose one of the options given for colour"]
    assert errors["days"] == ["Choose one of the options given for days"]


def test_an_empty_file_is_called_empty():
    from django.core.files.uploadedfile import SimpleUploadedFile

    errors = errors_of({}, {"upload": SimpleUploadedFile("data.csv", b"")})
    assert errors["upload"] == ["The selected file is empty"]


def test_messages_the_form_or_its_field_class_chose_are_kept():
    errors = errors_of({"started_day": "31", "started_month": "2", "started_year": "2026"})
    assert errors["kept"] == ["Enter your name"]
    assert errors["started"] == ["Date must be a real date"]  # NHSDateField's own
    assert errors_of({"kept": "Far too long"})["kept"] == ["Keep it short"]


def test_no_stock_django_wording_is_left_on_any_message():
    stock = (
        "Ensure this value",
        "This field is required",
        "Select a valid choice",
        "Enter a whole number",
        "Enter a number",
        "Enter a valid",
    )
    form = PlainForm(
        data={"title": "T" * 201, "size": "x", "colour": "green", "email": "x", "link": "x"}
    )
    assert not form.is_valid()
    shown = [message for messages in form.errors.values() for message in messages]
    assert len(shown) >= 6
    assert [message for message in shown if message.startswith(stock)] == []
