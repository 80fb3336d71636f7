import re

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_home_explains_the_programme_to_anyone(client):
    html = client.get("/").content.decode()
    for phase in ("Scoping", "Discover", "Design", "Deliver"):
        assert phase in html
    assert "Culture and leadership programme" in html


def test_pages_carry_the_strict_security_headers(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_no_page_has_an_inline_script(client, od_lead_a):
    client.force_login(od_lead_a)
    for url in ("/", "/trusts/RAA/", "/sign-in/"):
        html = client.get(url, follow=True).content.decode()
        for chunk in html.split("<script")[1:]:
            tag = chunk.split(">", 1)[0]
            assert "src=" in tag or 'type="application/json"' in tag, tag


def test_cookies_page_lists_every_cookie_the_portal_sets(client, od_lead_a):
    from tests.accounts.factories import TEST_PASSWORD

    set_names = set()
    client.get(reverse("accounts:sign-in"))
    set_names |= set(client.cookies.keys())
    client.post(
        reverse("accounts:sign-in"), {"username": od_lead_a.email, "password": TEST_PASSWORD}
    )
    set_names |= set(client.cookies.keys())
    client.get("/trusts/RAA/")
    set_names |= set(client.cookies.keys())
    # A survey, sent, and the same on a kiosk.
    from tests.diagnostics.factories import WaveFactory
    from tests.diagnostics.surveys.test_respondent_views import answer_all

    wave = WaveFactory(
        trust=od_lead_a.memberships.get().trust, access_mode="both", with_directorates=["Medicine"]
    )
    client.post(f"/s/{wave.slug}/")
    answer_all(client, wave)
    client.post(f"/s/{wave.slug}/submit/")
    # Kiosk mode signs the browser out first (it is signed in as the OD lead here).
    client.post(f"/s/{wave.slug}/kiosk/", {"sign_out": "1"})
    client.get(f"/s/{wave.slug}/kiosk/")
    set_names |= set(client.cookies.keys())
    html = client.get(reverse("core:cookies")).content.decode()
    listed = set(re.findall(r'<td class="nhsuk-table__cell">([\w-]+)</td>', html))
    assert set_names == listed
    assert listed == {"sessionid", "csrftoken", "survey_draft", "survey_sent", "survey_kiosk"}


def test_every_page_title_names_the_page_then_the_service(client):
    html = client.get("/nowhere/").content.decode()
    assert "<title>Page not found – Culture and leadership programme – NHS</title>" in html


def test_privacy_notice_states_the_login_record_retention(client, settings):
    settings.LOGIN_RECORD_RETENTION_DAYS = 45
    assert "deleted after 45 days" in client.get(reverse("core:privacy")).content.decode()


def test_unknown_url_gets_the_styled_404(client):
    response = client.get("/definitely/not/here/")
    assert response.status_code == 404
    assert b"Page not found" in response.content
    assert b"nhsuk-header" in response.content


@pytest.mark.urls("tests.core.urls_with_failure")
def test_a_failure_gets_the_styled_500_without_a_traceback():
    response = Client(raise_request_exception=False).get("/broken/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Sorry, there is a problem with the service" in html
    assert "swordfish" not in html and "Traceback" not in html


@pytest.mark.urls("tests.core.urls_with_failure")
def test_a_database_that_cannot_be_reached_gets_the_styled_503():
    response = Client(raise_request_exception=False).get("/database-down/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    html = response.content.decode()
    assert "The service is not available at the moment" in html
    assert "Connection refused" not in html


def test_a_form_posted_without_its_csrf_token_gets_the_styled_page():
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("accounts:sign-in"), {"username": "a@b.nhs.uk"})
    assert response.status_code == 403
    assert b"Your form could not be sent" in response.content


@pytest.mark.parametrize(
    "address",
    [
        "/resources/?q=%2Fe%00",  # what `make scan` sent: PostgreSQL refused it with a 500
        "/resources/?q=board&phase=%00discover",
        "/resources/?%00=1",
        "/community/?q=trust%00",
        "/trusts/%00/",  # a path parameter that would reach the database
    ],
)
def test_a_null_character_in_the_address_gets_the_styled_400_page(client, address):
    response = client.get(address)
    assert response.status_code == 400
    html = response.content.decode()
    assert "<h1>That web address cannot be used</h1>" in html
    assert 'class="nhsuk-header' in html  # the whole page, not Django's bare text
    # It still passes back through the header middleware.
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_a_signed_in_member_of_staff_gets_the_same_400_page(client, od_lead_a):
    client.force_login(od_lead_a)
    response = client.get("/community/stories/?q=%00")
    assert response.status_code == 400
    assert "That web address cannot be used" in response.content.decode()


def test_a_null_character_in_a_form_is_a_field_error_not_a_400(client):
    response = client.post(
        reverse("resources:feedback"),
        {"path": "/resources/", "message": "Broken\x00 link"},
    )
    from resources.models import PageFeedback

    assert response.status_code == 200
    assert "Null characters are not allowed." in response.content.decode()
    assert not PageFeedback.objects.exists()
