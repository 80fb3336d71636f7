from django import forms
from django.contrib.auth import forms as auth_forms

from accounts.constants import Region, Sector
from accounts.models import Trust
from core.audit_log import CATEGORIES
from core.forms import NHSDateField, NHSFormHelper


class SignInForm(auth_forms.AuthenticationForm):
    username = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.nhs.uk",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        error_messages={"required": "Enter your password"},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": "The email address or password is not right. Check them and try again",
        "inactive": "This account has been closed. Ask your OD lead or a national admin",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.helper = NHSFormHelper(self, submit_text="Sign in")


class PasswordResetForm(auth_forms.PasswordResetForm):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="We will email a link to reset your password if an account uses this address.",
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.nhs.uk",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = NHSFormHelper(self, submit_text="Send reset link")


class SetPasswordForm(auth_forms.SetPasswordForm):
    error_messages = {"password_mismatch": "The two passwords do not match"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].error_messages["required"] = "Enter a new password"
        self.fields["new_password2"].error_messages["required"] = "Enter the new password again"
        self.fields["new_password2"].label = "Confirm new password"
        self.helper = NHSFormHelper(self, submit_text="Save password")


class TrustSwitchForm(forms.Form):
    trust = forms.ModelChoiceField(
        label="Which trust do you want to work in?",
        queryset=Trust.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": "Select the trust you want to work in",
            "invalid_choice": "Select one of your trusts",
        },
    )

    def __init__(self, *args, trusts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["trust"].queryset = trusts
        self.helper = NHSFormHelper(self, submit_text="Switch trust")


class TrustFilterForm(forms.Form):
    sector = forms.ChoiceField(
        label="Sector", required=False, choices=[("", "All sectors"), *Sector.choices]
    )
    region = forms.ChoiceField(
        label="Region", required=False, choices=[("", "All regions"), *Region.choices]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = NHSFormHelper(self, submit_text="Filter trusts")
        self.helper.form_method = "get"


class AuditFilterForm(forms.Form):
    category = forms.ChoiceField(
        label="What",
        required=False,
        choices=[("", "Everything"), *((key, label) for key, (label, _) in CATEGORIES.items())],
    )
    person = forms.CharField(label="Who (name or e-mail address)", required=False, max_length=150)
    since = NHSDateField(label="From", required=False, help_text="For example, 1 11 2026")
    until = NHSDateField(label="To", required=False, help_text="For example, 30 11 2026")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = NHSFormHelper(self, submit_text="Show events")
        self.helper.form_method = "get"

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", "The end date must be the same as or after the start date")
        return data
