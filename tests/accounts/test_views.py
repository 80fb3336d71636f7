"""Every URL of the foundation, for every persona: anonymous, wrong trust, wrong role and
right role. tests/test_url_matrix.py fails when a URL is added without a row in a MATRIX."""

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from tests.accounts.factories import TEST_PASSWORD, TrustFactory, TrustMembershipFactory
from tests.conftest import PERSONAS
from tests.url_matrix import (
    FORBIDDEN,
    LOGIN,
    NOT_FOUND,
    OK,
    POST_ONLY,
    assert_outcome,
    get_cases,
)

pytestmark = pytest.mark.django_db

EVERYONE_OK = dict.fromkeys(PERSONAS, OK)
# url name -> (args, {persona: expected outcome})
MATRIX = {
    "core:home": ({}, EVERYONE_OK),
    "core:accessibility": ({}, EVERYONE_OK),
    "core:privacy": ({}, EVERYONE_OK),
    "core:cookies": ({}, EVERYONE_OK),
    "core:healthz": ({}, EVERYONE_OK),
    "accounts:sign-in": ({}, {**dict.fromkeys(PERSONAS, "/start/"), "anonymous": OK}),
    "accounts:password-reset": ({}, EVERYONE_OK),
    "accounts:password-reset-sent": ({}, EVERYONE_OK),
    "accounts:password-reset-complete": ({}, EVERYONE_OK),
    "accounts:password-reset-confirm": (
        {"uidb64": "MQ", "token": "not-a-token"},
        EVERYONE_OK,  # shows "this reset link does not work" to everyone
    ),
    "accounts:sign-out": ({}, POST_ONLY),
    "accounts:landing": (
        {},
        {
            "anonymous": LOGIN,
            "viewer_a": "/trusts/RAA/",
            "change_team_a": "/trusts/RAA/",
            "od_lead_a": "/trusts/RAA/",
            "od_lead_b": "/trusts/RBB/",
            "sponsor_a": "/trusts/RAA/",
            "national_admin": "/admin-overview/",
        },
    ),
    "accounts:trust-detail": (
        {"ods_code": "RAA"},
        {
            "anonymous": LOGIN,
            "viewer_a": OK,
            "change_team_a": OK,
            "od_lead_a": OK,
            "od_lead_b": NOT_FOUND,  # wrong trust: its existence is not revealed
            "sponsor_a": OK,
            "national_admin": OK,
        },
    ),
    "accounts:trust-switch": (
        {},
        # Only for people in more than one trust (see TestTrustSwitch); personas have one.
        {**dict.fromkeys(PERSONAS, FORBIDDEN), "anonymous": LOGIN},
    ),
    "accounts:admin-overview": (
        {},
        {**dict.fromkeys(PERSONAS, FORBIDDEN), "anonymous": LOGIN, "national_admin": OK},
    ),
    "accounts:trust-export": ({"ods_code": "RAA"}, POST_ONLY),
    "accounts:audit-log": (
        {},
        {**dict.fromkeys(PERSONAS, FORBIDDEN), "anonymous": LOGIN, "national_admin": OK},
    ),
    # Single sign-on is off unless configured (tests/accounts/test_sso.py switches it on).
    "accounts:sso-start": ({}, dict.fromkeys(PERSONAS, NOT_FOUND)),
    "accounts:sso-callback": ({}, dict.fromkeys(PERSONAS, NOT_FOUND)),
    "accounts:sso-not-recognised": ({}, dict.fromkeys(PERSONAS, NOT_FOUND)),
    "accounts:sso-failed": ({}, dict.fromkeys(PERSONAS, NOT_FOUND)),
}
GET_CASES = get_cases(MATRIX)


@pytest.mark.parametrize(("url_name", "persona"), GET_CASES, indirect=["persona"])
def test_url_answers_each_persona_as_the_matrix_says(client_as, url_name, persona, request):
    kwargs, outcomes = MATRIX[url_name]
    persona_name = request.node.callspec.params["persona"]
    expected = outcomes[persona_name]
    request.getfixturevalue("trust_a"), request.getfixturevalue("trust_b")
    request.getfixturevalue("od_lead_b")  # trust B has an OD lead in every case
    url = reverse(url_name, kwargs=kwargs or None)
    response = client_as(persona).get(url)
    assert_outcome(response, expected, url)
    if url_name == "accounts:trust-detail" and expected == OK:
        # The right trust's page, and nothing of the other trust on it.
        assert b"Trust A NHS Foundation Trust" in response.content
        assert b"Trust B NHS Trust" not in response.content
        assert b"Bea Lead" not in response.content


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_sign_out_accepts_only_post_and_ends_the_session(client_as, persona):
    client = client_as(persona)
    assert client.get(reverse("accounts:sign-out")).status_code == 405
    response = client.post(reverse("accounts:sign-out"))
    assert response.status_code == 302 and response.url == "/"
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("anonymous", 302), ("od_lead_a", 302), ("national_admin", 200)],
    indirect=["persona"],
)
def test_django_admin_is_for_national_admins_only(client_as, persona, expected):
    response = client_as(persona).get("/django-admin/accounts/trust/")
    assert response.status_code == expected


class TestDjangoAdmin:
    def test_a_national_admin_cannot_grant_themselves_superuser(self, client_as, national_admin):
        client = client_as(national_admin)
        url = f"/django-admin/accounts/user/{national_admin.pk}/change/"
        page = client.get(url).content.decode()
        assert 'name="is_superuser"' not in page and 'name="groups"' not in page
        client.post(
            url,
            {
                "email": national_admin.email,
                "full_name": national_admin.full_name,
                "is_active": "on",
                "is_superuser": "on",
                "is_staff": "on",
                "date_joined_0": "2026-01-01",
                "date_joined_1": "09:00:00",
                "memberships-TOTAL_FORMS": "0",
                "memberships-INITIAL_FORMS": "0",
            },
        )
        national_admin.refresh_from_db()
        assert not national_admin.is_superuser

    def test_superusers_are_hidden_from_national_admins(self, client_as, national_admin):
        from tests.accounts.factories import UserFactory

        boss = UserFactory(is_superuser=True, is_staff=True, email="root@example.nhs.uk")
        client = client_as(national_admin)
        assert client.get(f"/django-admin/accounts/user/{boss.pk}/change/").status_code == 302
        assert b"root@example.nhs.uk" not in client.get("/django-admin/accounts/user/").content


class TestSignIn:
    def test_wrong_password_shows_the_error_summary_and_keeps_the_email(self, client, od_lead_a):
        response = client.post(
            reverse("accounts:sign-in"), {"username": od_lead_a.email, "password": "nope"}
        )
        html = response.content.decode()
        assert response.status_code == 200
        assert '<div class="nhsuk-error-summary"' in html
        assert (
            '<a href="#id_username">The email address or password is not right. '
            "Check them and try again</a>" in html
        )
        assert f'value="{od_lead_a.email}"' in html
        assert "<title>Error: Sign in" in html

    def test_blank_form_names_each_missing_field(self, client):
        response = client.post(reverse("accounts:sign-in"), {"username": "", "password": ""})
        html = response.content.decode()
        assert '<a href="#id_username">Enter your email address</a>' in html
        assert '<a href="#id_password">Enter your password</a>' in html
        assert 'aria-describedby="id_username_error"' in html
        assert 'aria-invalid="true"' in html

    def test_right_password_signs_in_whatever_the_case_of_the_email(self, client, od_lead_a):
        response = client.post(
            reverse("accounts:sign-in"),
            {"username": od_lead_a.email.upper(), "password": TEST_PASSWORD},
        )
        assert response.status_code == 302 and response.url == "/start/"

    def test_sign_in_follows_next_only_to_our_own_pages(self, client, od_lead_a):
        url = reverse("accounts:sign-in")
        data = {"username": od_lead_a.email, "password": TEST_PASSWORD}
        assert client.post(f"{url}?next=/trusts/RAA/", data).url == "/trusts/RAA/"
        client.logout()
        assert client.post(f"{url}?next=https://evil.example/", data).url == "/start/"

    def test_five_failures_lock_the_account_for_a_period(self, client, od_lead_a, settings):
        url = reverse("accounts:sign-in")
        for _ in range(settings.AXES_FAILURE_LIMIT):
            client.post(url, {"username": od_lead_a.email, "password": "guess"})
        locked = client.post(url, {"username": od_lead_a.email, "password": TEST_PASSWORD})
        assert locked.status_code == 429
        assert b"Your account is locked for now" in locked.content
        assert "_auth_user_id" not in client.session

    def test_changing_the_capitals_of_the_email_does_not_dodge_the_lock(self, client, od_lead_a):
        url = reverse("accounts:sign-in")
        variants = [
            od_lead_a.email,
            od_lead_a.email.upper(),
            od_lead_a.email.title(),
            " " + od_lead_a.email,
        ]
        for attempt in range(5):
            client.post(url, {"username": variants[attempt % 4], "password": "guess"})
        locked = client.post(url, {"username": od_lead_a.email.upper(), "password": TEST_PASSWORD})
        assert locked.status_code == 429

    def test_the_lock_page_says_how_long_and_the_lock_ends(self, client, od_lead_a):
        from datetime import timedelta

        from axes.models import AccessAttempt
        from django.utils import timezone

        url = reverse("accounts:sign-in")
        for _ in range(5):
            client.post(url, {"username": od_lead_a.email, "password": "guess"})
        locked = client.post(url, {"username": od_lead_a.email, "password": TEST_PASSWORD})
        assert "locked the account for 15 minutes" in " ".join(locked.content.decode().split())
        AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
        unlocked = client.post(url, {"username": od_lead_a.email, "password": TEST_PASSWORD})
        assert unlocked.status_code == 302

    def test_a_lock_on_one_account_does_not_lock_another(self, client, od_lead_a, sponsor_a):
        url = reverse("accounts:sign-in")
        for _ in range(5):
            client.post(url, {"username": od_lead_a.email, "password": "guess"})
        response = client.post(url, {"username": sponsor_a.email, "password": TEST_PASSWORD})
        assert response.status_code == 302

    def test_deactivated_account_cannot_sign_in(self, client, od_lead_a):
        od_lead_a.is_active = False
        od_lead_a.save()
        response = client.post(
            reverse("accounts:sign-in"), {"username": od_lead_a.email, "password": TEST_PASSWORD}
        )
        assert response.status_code == 200
        assert "_auth_user_id" not in client.session


class TestPasswordReset:
    def test_sends_a_link_to_a_known_address_and_says_the_same_for_unknown(
        self, client, od_lead_a, mailoutbox, django_capture_on_commit_callbacks
    ):
        url = reverse("accounts:password-reset")
        with django_capture_on_commit_callbacks(execute=True):
            known = client.post(url, {"email": od_lead_a.email})
            unknown = client.post(url, {"email": "nobody@example.nhs.uk"})
        assert known.url == unknown.url == reverse("accounts:password-reset-sent")
        assert len(mailoutbox) == 1
        assert "/password-reset/" in mailoutbox[0].body

    def test_mismatched_new_passwords_are_refused_and_nothing_changes(self, client, od_lead_a):
        uid = urlsafe_base64_encode(force_bytes(od_lead_a.pk))
        token = default_token_generator.make_token(od_lead_a)
        start = client.get(reverse("accounts:password-reset-confirm", args=[uid, token]))
        form_url = start.url  # Django swaps the token for a session marker
        response = client.post(
            form_url,
            {"new_password1": "first-choice-2026!", "new_password2": "second-choice-2026!"},
        )
        assert b"The two passwords do not match" in response.content
        od_lead_a.refresh_from_db()
        assert od_lead_a.check_password(TEST_PASSWORD)


class TestTrustSwitch:
    def test_is_offered_only_to_people_in_more_than_one_trust(self, client_as, od_lead_a):
        client = client_as(od_lead_a)
        assert client.get(reverse("accounts:trust-switch")).status_code == 403
        assert b"Switch trust" not in client.get("/trusts/RAA/").content
        TrustMembershipFactory(user=od_lead_a, trust=TrustFactory(ods_code="RCC", name="Z Trust"))
        assert client.get(reverse("accounts:trust-switch")).status_code == 200
        assert b"Switch trust" in client.get("/trusts/RAA/").content

    def test_refuses_a_trust_the_user_does_not_belong_to(self, client_as, od_lead_a, trust_b):
        TrustMembershipFactory(user=od_lead_a, trust=TrustFactory(ods_code="RCC", name="Z Trust"))
        response = client_as(od_lead_a).post(
            reverse("accounts:trust-switch"), {"trust": trust_b.pk}
        )
        assert response.status_code == 200
        assert b"Select one of your trusts" in response.content
        assert client_as(od_lead_a).get(reverse("accounts:landing")).url == "/trusts/RAA/"

    def test_switching_changes_the_landing_page(self, client_as, od_lead_a):
        other = TrustFactory(ods_code="RCC", name="Z Trust")
        TrustMembershipFactory(user=od_lead_a, trust=other)
        client = client_as(od_lead_a)
        response = client.post(reverse("accounts:trust-switch"), {"trust": other.pk})
        assert response.url == "/trusts/RCC/"
        assert client.get(reverse("accounts:landing")).url == "/trusts/RCC/"


class TestQueryCounts:
    def test_trust_page_queries_do_not_grow_with_the_team(
        self, client_as, od_lead_a, trust_a, django_assert_max_num_queries
    ):
        TrustMembershipFactory.create_batch(30, trust=trust_a)
        client = client_as(od_lead_a)
        # The For you list at the top adds a fixed four for an OD lead: steps and actions
        # (their own and ownerless ones together), surveys this week, survey results.
        with django_assert_max_num_queries(9):
            assert client.get("/trusts/RAA/").status_code == 200

    def test_admin_overview_queries_do_not_grow_with_trusts(
        self, client_as, national_admin, django_assert_max_num_queries
    ):
        for trust in TrustFactory.create_batch(40):
            TrustMembershipFactory.create_batch(2, trust=trust)
        TrustFactory(name="An Ambulance Trust", sector="ambulance")
        client = client_as(national_admin)
        # Six of them are what waits for national admins, for the "For you" list; the cards
        # count that list, so they add none. A fixed number whatever is waiting.
        with django_assert_max_num_queries(17):
            response = client.get("/admin-overview/?sector=acute")
        assert response.status_code == 200
        assert response.content.count(b'href="/trusts/') == 40
        assert b"An Ambulance Trust" not in response.content
