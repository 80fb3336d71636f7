"""The second factor: setting up an authenticator app (and its recovery codes), the code step
of password sign-in, the lock after repeated wrong codes, national admins held at the second
factor when the setting says so, the audit log of each, and the permission matrix."""

import re
import time
from datetime import timedelta
from types import SimpleNamespace
from urllib.parse import quote

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import services
from accounts.services import recovery_code_stored
from accounts.views.second_factor import PENDING_SESSION_KEY, SETUP_SESSION_KEY
from core.exceptions import ApplicationError
from core.models import AuditEvent
from tests.accounts.factories import TEST_PASSWORD
from tests.conftest import PERSONAS
from tests.url_matrix import LOGIN, OK, matrix_tests

pytestmark = pytest.mark.django_db

SIGN_IN = "/sign-in/"
CODE_STEP = "/sign-in/code/"
SETUP = "/account/two-factor/"
CODES = "/account/two-factor/recovery-codes/"
OFF = "/account/two-factor/turn-off/"


def code_for(secret: str, steps_ahead: int = 0) -> str:
    """The code an app shows for `secret`: now, or `steps_ahead` 30-second steps on (a code
    already used cannot be used again, so a sign-in right after set-up takes the next one)."""
    return f"{totp(bytes.fromhex(secret), drift=steps_ahead):06d}"


def wrong_code_for(secret: str) -> str:
    near = {code_for(secret, steps) for steps in (-1, 0, 1, 2)}
    return next(f"{n:06d}" for n in range(1000000) if f"{n:06d}" not in near)


def set_up_app(user):
    """The user's authenticator app, set up through the service, as if they had scanned it."""
    secret = services.second_factor_secret_new()
    device, codes = services.second_factor_enrol(user=user, secret=secret, code=code_for(secret))
    # Setting up ends other sessions; the caller's copy of the user must know.
    user.refresh_from_db()
    return SimpleNamespace(device=device, codes=codes, secret=secret)


@pytest.fixture
def app(od_lead_a):
    return set_up_app(od_lead_a)


def password_step(client, user, next_url=None, address="127.0.0.1"):
    url = SIGN_IN + (f"?next={next_url}" if next_url else "")
    data = {"username": user.email, "password": TEST_PASSWORD}
    return client.post(url, data, REMOTE_ADDR=address)


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def events(action: str) -> int:
    return AuditEvent.objects.filter(action=action).count()


# --- The permission matrix ------------------------------------------------------------------

NONE = lambda objects: {}  # noqa: E731


def _code_first(path):
    return f"{CODE_STEP}?next={quote(path)}"


def _for_signed_in(default, sponsor_a):
    return {**dict.fromkeys(PERSONAS, default), "anonymous": LOGIN, "sponsor_a": sponsor_a}


# sponsor_a has an app but signs in here without its code (force_login), so every page of
# the second factor sends them to the code step first; the other personas have none.
MATRIX = {
    "accounts:sign-in-code": (
        NONE,
        {**dict.fromkeys(PERSONAS, "/start/"), "anonymous": SIGN_IN, "sponsor_a": OK},
    ),
    "accounts:second-factor-setup": (NONE, _for_signed_in(OK, _code_first(SETUP))),
    "accounts:second-factor-codes": (NONE, _for_signed_in(SETUP, _code_first(CODES))),
    "accounts:second-factor-off": (NONE, _for_signed_in("/account/", _code_first(OFF))),
}
POST_MATRIX = {
    "accounts:second-factor-codes": ({}, _for_signed_in(302, 302)),
    "accounts:second-factor-off": ({}, _for_signed_in(302, 302)),
}


@pytest.fixture
def objects(trust_a, sponsor_a):
    set_up_app(sponsor_a)
    return {}


(
    test_get_answers_each_persona_as_the_matrix_says,
    test_post_answers_each_persona_as_the_matrix_says,
) = matrix_tests(MATRIX, POST_MATRIX)


def test_anonymous_posts_to_the_code_step_go_back_to_sign_in(client):
    response = client.post(CODE_STEP, {"code": "123456"})
    assert response.status_code == 302 and response.url == SIGN_IN


# --- Setting up -----------------------------------------------------------------------------


class TestSetUp:
    def test_the_page_draws_the_qr_code_and_the_key_without_script(self, client_as, od_lead_a):
        client = client_as(od_lead_a)
        page = client.get(SETUP).content.decode()
        assert 'src="data:image/svg+xml' in page
        assert "<script" not in page.split("<main", 1)[1].split("</main>", 1)[0]
        secret = client.session[SETUP_SESSION_KEY]
        from base64 import b32encode

        key = b32encode(bytes.fromhex(secret)).decode()
        assert key[:4] + " " + key[4:8] in page
        assert 'autocomplete="one-time-code"' in page
        assert 'inputmode="numeric"' in page
        # The same secret until the set-up is finished: reloading does not change the code.
        client.get(SETUP)
        assert client.session[SETUP_SESSION_KEY] == secret

    def test_a_wrong_code_is_explained_and_nothing_is_kept(self, client_as, od_lead_a):
        client = client_as(od_lead_a)
        client.get(SETUP)
        secret = client.session[SETUP_SESSION_KEY]
        response = client.post(SETUP, {"code": wrong_code_for(secret)})
        page = response.content.decode()
        assert response.status_code == 200
        assert "The code is not right. Check your app and try again" in page
        assert "<title>Error:" in page
        assert not TOTPDevice.objects.filter(user=od_lead_a).exists()
        assert events("accounts.second_factor_enrolled") == 0

    @pytest.mark.parametrize("typed", ["", "12345", "abcdef", "1234567"])
    def test_a_code_that_is_not_6_digits_asks_for_one(self, client_as, od_lead_a, typed):
        client = client_as(od_lead_a)
        client.get(SETUP)
        page = client.post(SETUP, {"code": typed}).content.decode()
        assert "Enter the 6-digit code from your authenticator app" in page

    def test_the_right_code_turns_it_on_and_shows_ten_codes_once(self, client_as, od_lead_a):
        client = client_as(od_lead_a)
        client.get(SETUP)
        secret = client.session[SETUP_SESSION_KEY]
        # The app shows the code with a space; that is fine.
        code = code_for(secret)
        response = client.post(SETUP, {"code": f"{code[:3]} {code[3:]}"})
        assert response.status_code == 302 and response.url == CODES
        device = TOTPDevice.objects.get(user=od_lead_a)
        assert device.confirmed and device.key == secret
        # This session passed the second factor by setting it up, and stays signed in.
        assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
        page = client.get(CODES)
        assert page["Cache-Control"].startswith("max-age=0")
        tokens = StaticToken.objects.filter(device__user=od_lead_a)
        assert tokens.count() == 10
        html = page.content.decode()
        assert "Save your recovery codes" in html
        shown = re.findall(r"<code>([^<]+)</code>", html)
        # The database keeps only a keyed hash of each code.
        assert {recovery_code_stored(code) for code in shown} == {t.token for t in tokens}
        assert not StaticToken.objects.filter(token__in=shown).exists()
        again = client.get(CODES).content.decode()
        assert not any(code in again for code in shown)
        assert "You have 10 recovery codes left" in again
        assert events("accounts.second_factor_enrolled") == 1

    def test_setting_up_ends_the_other_sessions(self, client, client_as, od_lead_a):
        from django.test import Client

        elsewhere = Client()
        elsewhere.force_login(od_lead_a)
        here = client_as(od_lead_a)
        here.get(SETUP)
        here.post(SETUP, {"code": code_for(here.session[SETUP_SESSION_KEY])})
        assert here.get("/account/").status_code == 200
        assert elsewhere.get("/account/").status_code == 302

    def test_setting_up_again_replaces_the_app_and_the_codes(self, client, od_lead_a, app):
        password_step(client, od_lead_a)
        client.post(CODE_STEP, {"code": code_for(app.secret, 1)})
        client.get(SETUP)
        new_secret = client.session[SETUP_SESSION_KEY]
        assert "Your current app will stop working" in client.get(SETUP).content.decode()
        client.post(SETUP, {"code": code_for(new_secret)})
        assert list(TOTPDevice.objects.filter(user=od_lead_a).values_list("key", flat=True)) == [
            new_secret
        ]
        assert StaticDevice.objects.filter(user=od_lead_a).count() == 1
        old = [recovery_code_stored(code) for code in app.codes]
        assert not StaticToken.objects.filter(token__in=old).exists()


# --- Signing in -----------------------------------------------------------------------------


class TestSignIn:
    def test_without_an_app_the_password_signs_in_as_before(self, client, od_lead_a):
        response = password_step(client, od_lead_a)
        assert response.status_code == 302 and response.url == "/start/"
        assert signed_in(client)

    def test_with_an_app_the_password_alone_does_not_sign_in(self, client, od_lead_a, app):
        response = password_step(client, od_lead_a)
        assert response.status_code == 302 and response.url == CODE_STEP
        assert not signed_in(client)
        assert events("accounts.signed_in") == 0
        page = client.get(CODE_STEP).content.decode()
        assert "Enter the code from your authenticator app" in page
        assert 'autocomplete="one-time-code"' in page and 'inputmode="numeric"' in page
        # Until the code is right, every page still asks for a sign-in.
        assert client.get("/account/").url.startswith(SIGN_IN)

    def test_the_right_code_signs_in_and_goes_where_they_were_going(self, client, od_lead_a, app):
        password_step(client, od_lead_a, next_url="/trusts/RAA/")
        response = client.post(CODE_STEP, {"code": code_for(app.secret, 1)})
        assert response.status_code == 302 and response.url == "/trusts/RAA/"
        assert signed_in(client)
        assert client.session[DEVICE_ID_SESSION_KEY] == app.device.persistent_id
        assert PENDING_SESSION_KEY not in client.session
        assert events("accounts.signed_in") == 1
        assert client.get("/trusts/RAA/").status_code == 200

    def test_a_wrong_code_is_explained_and_does_not_sign_in(self, client, od_lead_a, app):
        password_step(client, od_lead_a)
        response = client.post(CODE_STEP, {"code": wrong_code_for(app.secret)})
        page = response.content.decode()
        assert response.status_code == 200
        assert "The code is not right. Check your app and try again" in page
        assert "<title>Error:" in page
        assert not signed_in(client)

    def test_a_code_already_used_is_refused(self, client, od_lead_a, app):
        # The set-up used the current code: it cannot sign in as well.
        password_step(client, od_lead_a)
        client.post(CODE_STEP, {"code": code_for(app.secret)})
        assert not signed_in(client)

    def test_a_recovery_code_works_once_only(self, client, od_lead_a, app):
        code = app.codes[0]
        password_step(client, od_lead_a)
        page = client.get(f"{CODE_STEP}?method=recovery").content.decode()
        assert "Enter a recovery code" in page
        response = client.post(f"{CODE_STEP}?method=recovery", {"code": f" {code.upper()} "})
        assert response.status_code == 302 and signed_in(client)
        assert events("accounts.second_factor_recovery_code_used") == 1
        assert StaticToken.objects.filter(device__user=od_lead_a).count() == 9
        client.post("/sign-out/")
        StaticDevice.objects.update(throttling_failure_count=0, throttling_failure_timestamp=None)
        password_step(client, od_lead_a)
        again = client.post(f"{CODE_STEP}?method=recovery", {"code": code})
        assert again.status_code == 200 and not signed_in(client)
        assert "The recovery code is not right, or it has been used" in again.content.decode()

    def test_the_code_step_without_a_password_goes_back_to_sign_in(self, client, app):
        assert client.get(CODE_STEP).url == SIGN_IN

    def test_a_half_finished_sign_in_expires(self, client, od_lead_a, app):
        password_step(client, od_lead_a)
        session = client.session
        session[PENDING_SESSION_KEY] = {**session[PENDING_SESSION_KEY], "at": time.time() - 3600}
        session.save()
        response = client.post(CODE_STEP, {"code": code_for(app.secret, 1)})
        assert response.url == SIGN_IN and not signed_in(client)


# --- Lockout and rate limits ----------------------------------------------------------------


class TestLockout:
    def test_five_wrong_codes_lock_out_even_the_right_code(self, client, od_lead_a, app, settings):
        password_step(client, od_lead_a)
        wrong = wrong_code_for(app.secret)
        statuses = [
            client.post(CODE_STEP, {"code": wrong}).status_code
            for _ in range(settings.AXES_FAILURE_LIMIT)
        ]
        assert statuses == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429]
        locked = client.post(CODE_STEP, {"code": code_for(app.secret, 1)})
        assert locked.status_code == 429
        assert b"Your account is locked for now" in locked.content
        assert not signed_in(client)
        assert events("accounts.second_factor_locked_out") == 1
        # One lock: the password step is refused too, so starting again does not help.
        from django.test import Client

        assert password_step(Client(), od_lead_a).status_code == 429

    def test_the_lock_ends_after_the_cool_off(self, client, od_lead_a, app):
        password_step(client, od_lead_a)
        for _ in range(5):
            client.post(CODE_STEP, {"code": wrong_code_for(app.secret)})
        AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
        TOTPDevice.objects.update(throttling_failure_timestamp=timezone.now() - timedelta(hours=1))
        response = client.post(CODE_STEP, {"code": code_for(app.secret, 1)})
        assert response.status_code == 302 and signed_in(client)

    def test_wrong_codes_soon_after_each_other_wait(self, client, od_lead_a, app):
        password_step(client, od_lead_a)
        client.post(CODE_STEP, {"code": wrong_code_for(app.secret)})
        # django-otp's own throttle: the next try must wait, even with the right code.
        page = client.post(CODE_STEP, {"code": code_for(app.secret, 1)}).content.decode()
        assert "Wait a few seconds, then try again" in page
        assert not signed_in(client)

    def test_many_tries_from_one_address_are_slowed(
        self, client, od_lead_a, app, one_rate_window, settings
    ):
        settings.SIGN_IN_ATTEMPTS_PER_ADDRESS = "20/10m"
        password_step(client, od_lead_a)
        # Blank codes do not count towards the lock; the address's bound on attempts applies.
        statuses = [client.post(CODE_STEP, {"code": ""}).status_code for _ in range(20)]
        assert statuses[:19] == [200] * 19
        assert statuses[19] == 429

    def test_wrong_codes_count_with_wrong_passwords_from_the_same_address(
        self, client, od_lead_a, od_lead_b, app, one_rate_window, settings
    ):
        """Guesses spread over accounts, some at the password and some at the code, are
        summed for the address; each account's own lock is not reached."""
        settings.SIGN_IN_FAILURES_PER_ADDRESS = "3/10m"
        from django.test import Client

        Client().post(SIGN_IN, {"username": od_lead_b.email, "password": "guess"})
        password_step(client, od_lead_a)
        wrong = wrong_code_for(app.secret)
        assert client.post(CODE_STEP, {"code": wrong}).status_code == 200
        assert client.post(CODE_STEP, {"code": wrong}).status_code == 200
        assert client.post(CODE_STEP, {"code": code_for(app.secret, 1)}).status_code == 429
        assert not signed_in(client)
        assert password_step(Client(), od_lead_b).status_code == 429
        assert password_step(Client(), od_lead_b, address="198.51.100.7").status_code == 302


# --- National admins ------------------------------------------------------------------------


@pytest.fixture
def required(settings):
    settings.SECOND_FACTOR_REQUIRED_FOR_NATIONAL_ADMINS = True


class TestNationalAdmins:
    @pytest.mark.parametrize(
        "path", ["/admin-overview/", "/account/", "/audit-log/", "/", "/django-admin/", CODES]
    )
    def test_without_an_app_every_other_page_sends_them_to_set_one_up(
        self, client_as, national_admin, required, path
    ):
        response = client_as(national_admin).get(path)
        assert response.status_code == 302 and response.url == SETUP

    def test_they_can_set_one_up_and_sign_out(self, client_as, national_admin, required):
        client = client_as(national_admin)
        page = client.get(SETUP).content.decode()
        assert "must set up a second factor before they continue" in page
        assert client.post("/sign-out/").status_code == 302
        assert not signed_in(client)

    def test_once_set_up_they_go_on_as_usual(self, client_as, national_admin, required):
        client = client_as(national_admin)
        client.get(SETUP)
        client.post(SETUP, {"code": code_for(client.session[SETUP_SESSION_KEY])})
        assert client.get("/admin-overview/").status_code == 200

    def test_with_an_app_but_no_code_this_session_they_go_to_the_code_step(
        self, client_as, national_admin, required
    ):
        app = set_up_app(national_admin)
        client = client_as(national_admin)
        response = client.get("/admin-overview/")
        assert response.url == f"{CODE_STEP}?next=/admin-overview/"
        assert client.get(response.url).status_code == 200
        done = client.post(response.url, {"code": code_for(app.secret, 1)})
        assert done.url == "/admin-overview/"
        assert client.get("/admin-overview/").status_code == 200

    def test_signing_in_with_the_form_asks_for_the_code(self, client, national_admin, required):
        app = set_up_app(national_admin)
        assert password_step(client, national_admin).url == CODE_STEP
        response = client.post(CODE_STEP, {"code": code_for(app.secret, 1)})
        assert response.url == "/start/"
        assert client.get("/admin-overview/").status_code == 200

    def test_they_cannot_turn_it_off(self, client, national_admin, required):
        app = set_up_app(national_admin)
        password_step(client, national_admin)
        client.post(CODE_STEP, {"code": code_for(app.secret, 1)})
        page = client.get(OFF).content.decode()
        assert "must keep a second factor" in page
        response = client.post(OFF, follow=True)
        assert b"National admins must keep a second factor" in response.content
        assert TOTPDevice.objects.filter(user=national_admin).exists()
        assert events("accounts.second_factor_turned_off") == 0

    def test_when_not_required_as_in_make_run_they_are_not_held(self, client_as, national_admin):
        client = client_as(national_admin)
        assert client.get("/admin-overview/").status_code == 200
        assert client.get("/account/").status_code == 200

    def test_other_people_are_not_held_when_it_is_required(self, client_as, od_lead_a, required):
        assert client_as(od_lead_a).get("/account/").status_code == 200


# --- Managing it ----------------------------------------------------------------------------


def _signed_in_with_code(client, user, app):
    password_step(client, user)
    client.post(CODE_STEP, {"code": code_for(app.secret, 1)})
    assert signed_in(client)
    return client


class TestManaging:
    def test_new_recovery_codes_replace_the_old(self, client, od_lead_a, app):
        _signed_in_with_code(client, od_lead_a, app)
        response = client.post(CODES)
        assert response.status_code == 302 and response.url == CODES
        page = client.get(CODES).content.decode()
        new = {token.token for token in StaticToken.objects.filter(device__user=od_lead_a)}
        shown = re.findall(r"<code>([^<]+)</code>", page)
        assert len(new) == 10 and {recovery_code_stored(code) for code in shown} == new
        assert not set(shown) & set(app.codes)
        assert events("accounts.second_factor_codes_renewed") == 1

    def test_turning_it_off_makes_sign_in_one_step_again(self, client, od_lead_a, app):
        _signed_in_with_code(client, od_lead_a, app)
        assert "Turn off your second factor" in client.get(OFF).content.decode()
        response = client.post(OFF)
        assert response.url == "/account/"
        assert not TOTPDevice.objects.filter(user=od_lead_a).exists()
        assert not StaticDevice.objects.filter(user=od_lead_a).exists()
        assert events("accounts.second_factor_turned_off") == 1
        client.post("/sign-out/")
        assert password_step(client, od_lead_a).url == "/start/"

    def test_a_session_that_did_not_pass_it_cannot_change_it(self, client_as, od_lead_a, app):
        client = client_as(od_lead_a)
        assert client.post(OFF).url == f"{CODE_STEP}?next={OFF}"
        assert client.post(CODES).url == f"{CODE_STEP}?next={CODES}"
        assert TOTPDevice.objects.filter(user=od_lead_a).exists()

    def test_the_account_page_shows_whether_it_is_on(self, client, client_as, od_lead_a):
        page = client_as(od_lead_a).get("/account/").content.decode()
        assert "Second factor: off" in page and f'href="{SETUP}"' in page
        app = set_up_app(od_lead_a)
        client.logout()
        page = _signed_in_with_code(client, od_lead_a, app).get("/account/").content.decode()
        assert "Second factor: on" in page and "10 recovery codes left" in page


def test_audit_log_labels_the_second_factor_events(client_as, national_admin, od_lead_a):
    set_up_app(od_lead_a)
    page = client_as(national_admin).get("/audit-log/?category=second_factor").content.decode()
    assert "Set up a second factor" in page


class TestResetByANationalAdmin:
    def _url(self, user):
        from accounts.models import TrustMembership

        membership = TrustMembership.objects.get(user=user)
        return reverse("accounts:team-member-second-factor-reset", args=["RAA", membership.pk])

    def test_a_lost_phone_is_reset_and_the_person_told(
        self, client, od_lead_a, app, national_admin, mailoutbox, django_capture_on_commit_callbacks
    ):
        laptop = Client()
        laptop.force_login(od_lead_a)
        client.force_login(national_admin)
        member_page = reverse("accounts:team-member", args=["RAA", od_lead_a.memberships.get().pk])
        assert b"Reset Olu Lead's second factor" in client.get(member_page).content
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(self._url(od_lead_a))
        assert response.status_code == 302
        assert not TOTPDevice.objects.filter(user=od_lead_a).exists()
        assert not StaticDevice.objects.filter(user=od_lead_a).exists()
        assert [m.to for m in mailoutbox] == [[od_lead_a.email]]
        assert events("accounts.second_factor_reset") == 1
        # Their open sessions ended; the password alone signs them in again.
        assert laptop.get(reverse("accounts:account")).status_code == 302
        fresh = Client()
        password_step(fresh, od_lead_a)
        assert signed_in(fresh)

    @pytest.mark.parametrize("persona", ["od_lead_a", "sponsor_a", "viewer_a"], indirect=True)
    def test_nobody_else_may_reset_it(self, client_as, persona, od_lead_a, app):
        response = client_as(persona).post(self._url(od_lead_a))
        assert response.status_code == 403
        assert TOTPDevice.objects.filter(user=od_lead_a).exists()

    def test_another_trust_s_od_lead_gets_not_found(self, client_as, od_lead_b, od_lead_a, app):
        assert client_as(od_lead_b).post(self._url(od_lead_a)).status_code == 404

    def test_an_admin_cannot_reset_their_own(self, national_admin):
        with pytest.raises(ApplicationError, match="your own second factor"):
            services.second_factor_reset(user=national_admin, actor=national_admin)


def test_the_django_admin_s_own_sign_in_cannot_skip_the_code(client, national_admin):
    set_up_app(national_admin)
    response = client.post(
        "/django-admin/login/?next=/django-admin/",
        {"username": national_admin.email, "password": TEST_PASSWORD},
    )
    assert response.status_code == 302
    assert response.url == "/sign-in/?next=%2Fdjango-admin%2F"
    assert not signed_in(client)
    assert client.get("/admin-overview/").status_code == 302
