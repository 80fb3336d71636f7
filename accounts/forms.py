import re

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.template.loader import render_to_string

from accounts.constants import Region, Role, Sector
from accounts.models import Trust, User
from core.audit_log import CATEGORIES
from core.forms import NHSDateField, NHSFormHelper
from core.models import Delivery
from core.outbox import email_queue


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

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        # Through the portal's one outbox, like every other e-mail (core/outbox.py).
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        email_queue(
            to=to_email,
            subject=subject,
            body=render_to_string(email_template_name, context),
        )


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


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages={
            "required": "Enter the email address of the person you are inviting",
            "invalid": "Enter an email address in the correct format, like name@example.nhs.uk",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    role = forms.ChoiceField(
        label="Role",
        choices=Role.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the role they will have"},
    )
    note = forms.CharField(
        label="Note to include in the email (optional)",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "The note must be 500 characters or fewer"},
    )

    def __init__(self, *args, trust, **kwargs):
        super().__init__(*args, **kwargs)
        if trust.invitation_domains:
            self.fields["email"].help_text = (
                "Invitations can go to addresses ending in "
                + ", ".join(trust.invitation_domains)
                + "."
            )
        self.fields["role"].help_text = ROLE_HELP
        self.helper = NHSFormHelper(self, submit_text="Send invitation")


ROLE_HELP = (
    "OD leads run the programme and its team. Change team members do the work. The board "
    "sponsor signs phases off. Viewers read."
)


def _sponsor_field(candidates):
    field = forms.ModelChoiceField(
        label="Who will be the programme's board sponsor instead?",
        queryset=candidates,
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": "Select who will be the board sponsor",
            "invalid_choice": "Select one of the trust's board sponsors",
        },
    )
    field.label_from_instance = lambda user: user.full_name
    return field


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(
        label="Role",
        choices=Role.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a role"},
    )

    def __init__(self, *args, sponsor_candidates=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].help_text = ROLE_HELP
        if sponsor_candidates is not None:
            self.fields["replacement_sponsor"] = _sponsor_field(sponsor_candidates)
            self.fields["replacement_sponsor"].required = False
            self.fields[
                "replacement_sponsor"
            ].help_text = "Only if they stop being a board sponsor: they sponsor the programme now."
        self.helper = NHSFormHelper(self, submit_text="Change role")
        # The page's form carries which change this is.
        self.helper.form_tag = False


class MemberRemoveForm(forms.Form):
    def __init__(self, *args, sponsor_candidates=None, **kwargs):
        super().__init__(*args, **kwargs)
        if sponsor_candidates is not None:
            self.fields["replacement_sponsor"] = _sponsor_field(sponsor_candidates)
        # The page draws the button: a warning button, which the helper does not make.
        self.helper = NHSFormHelper(self, submit_text=None)
        self.helper.form_tag = False


class InvitationDomainsForm(forms.Form):
    domains = forms.CharField(
        label="Email domains invitations may go to",
        required=False,
        help_text="One per line, for example nhs.net. Leave empty to allow any address.",
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = NHSFormHelper(self, submit_text="Save domains")

    def clean_domains(self):
        domains = []
        for number, line in enumerate(self.cleaned_data["domains"].splitlines(), start=1):
            domain = line.strip().lower().lstrip("@")
            if not domain:
                continue
            if not DOMAIN_PATTERN.fullmatch(domain):
                raise forms.ValidationError(
                    f"Line {number}, ‘{line.strip()}’, is not an email domain. Enter domains "
                    "like nhs.net, one per line"
                )
            domains.append(domain)
        return domains


DOMAIN_PATTERN = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}")


class InvitationAcceptForm(forms.Form):
    """A new account for the invited person: their name and a password."""

    full_name = forms.CharField(
        label="Your full name",
        max_length=150,
        error_messages={"required": "Enter your full name"},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    password1 = forms.CharField(
        label="Choose a password",
        strip=False,
        help_text="At least 12 characters. Not a common password.",
        error_messages={"required": "Choose a password"},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label="Type the password again",
        strip=False,
        error_messages={"required": "Type the password again"},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email
        self.helper = NHSFormHelper(self, submit_text="Create account and join")

    def clean(self):
        data = super().clean()
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", "The two passwords do not match")
        elif first:
            probe = User(email=self.email, full_name=data.get("full_name", ""))
            try:
                password_validation.validate_password(first, probe)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class AccountNameForm(forms.Form):
    full_name = forms.CharField(
        label="Full name",
        max_length=150,
        error_messages={"required": "Enter your full name"},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = NHSFormHelper(self, submit_text="Save name")


class EmailChangeForm(forms.Form):
    email = forms.EmailField(
        label="New email address",
        max_length=254,
        help_text="We will send a link to this address. Your address changes when you open it.",
        error_messages={
            "required": "Enter your new email address",
            "invalid": "Enter an email address in the correct format, like name@example.nhs.uk",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    password = forms.CharField(
        label="Your current password",
        strip=False,
        error_messages={"required": "Enter your current password"},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if not user.has_usable_password():
            # Single sign-on people have no password to confirm with.
            del self.fields["password"]
        self.helper = NHSFormHelper(self, submit_text="Send confirmation link")

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("The password is not right")
        return password


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    error_messages = {
        "password_mismatch": "The two passwords do not match",
        "password_incorrect": "Your current password is not right",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].error_messages["required"] = "Enter your current password"
        self.fields["new_password1"].error_messages["required"] = "Enter a new password"
        self.fields["new_password2"].error_messages["required"] = "Enter the new password again"
        self.fields["new_password2"].label = "Confirm new password"
        self.helper = NHSFormHelper(self, submit_text="Change password")


SIX_DIGITS = re.compile(r"\d{6}")
ENTER_APP_CODE = "Enter the 6-digit code from your authenticator app"


class SecondFactorCodeForm(forms.Form):
    """The 6-digit code an authenticator app shows: at sign-in, and to confirm a set-up."""

    code = forms.CharField(
        label="Code from your authenticator app",
        max_length=20,
        help_text="The 6 numbers your app shows for the culture portal. It changes every 30 "
        "seconds.",
        error_messages={"required": ENTER_APP_CODE},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "spellcheck": "false",
                "class": "nhsuk-input--width-10",
            }
        ),
    )

    def __init__(self, *args, submit_text="Continue", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = NHSFormHelper(self, submit_text=submit_text)

    def clean_code(self):
        # Apps show the code as "123 456"; people copy it with the space.
        code = re.sub(r"\s+", "", self.cleaned_data["code"])
        if not SIX_DIGITS.fullmatch(code):
            raise forms.ValidationError(ENTER_APP_CODE)
        return code


class RecoveryCodeForm(forms.Form):
    code = forms.CharField(
        label="Recovery code",
        max_length=40,
        help_text="One of the codes you saved when you set up your second factor. Each code "
        "works once.",
        error_messages={"required": "Enter one of your recovery codes"},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "none",
                "spellcheck": "false",
                "class": "nhsuk-input--width-10",
            }
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = NHSFormHelper(self, submit_text="Continue")


class NotificationPreferencesForm(forms.Form):
    """One radio group per kind of notification (core/notifications.py)."""

    def __init__(self, *args, preferences, **kwargs):
        super().__init__(*args, **kwargs)
        for kind, delivery in preferences:
            self.fields[kind.key] = forms.ChoiceField(
                label=kind.label,
                choices=Delivery.choices,
                initial=delivery,
                widget=forms.RadioSelect,
                error_messages={"required": f"Choose how you hear that {kind.label.lower()}"},
            )
        self.helper = NHSFormHelper(self, submit_text="Save how you hear")
