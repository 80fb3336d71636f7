"""The security battery (issue 8): static analysis, production cookie and header settings,
and the URL-by-role rule. Each check is also shown once failing on a problem planted on
purpose, so a green run means the check works, not that it never looked."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import path

from tests.core.test_settings import (
    GOOD_SECRET,
    PRODUCTION,
    PRODUCTION_SERVICES,
    run_manage,
)

APP_PACKAGES = [
    "accounts",
    "community",
    "core",
    "culture_portal",
    "diagnostics",
    "programmes",
    "resources",
]


def bandit(*targets) -> list[dict]:
    """bandit's findings of medium severity or above in `targets`."""
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "bandit", "-r", *targets, "-ll", "-f", "json", "-q"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.stdout, result.stderr
    return json.loads(result.stdout)["results"]


def test_bandit_finds_nothing_of_medium_severity_or_above_in_the_portal():
    findings = bandit(*APP_PACKAGES)
    assert findings == [], "\n".join(
        f"{f['filename']}:{f['line_number']} {f['test_id']} {f['issue_text']}" for f in findings
    )


def test_bandit_catches_a_planted_problem(tmp_path):
    planted = tmp_path / "planted.py"
    planted.write_text(
        "import subprocess\n\n\ndef run(name):\n"
        "    return subprocess.call('convert ' + name, shell=True)\n"
    )
    findings = bandit(str(planted))
    assert {f["test_id"] for f in findings} >= {"B602"}
    assert any(f["issue_severity"] == "HIGH" for f in findings)


PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": PRODUCTION,
    "DJANGO_SECRET_KEY": GOOD_SECRET,
    "DJANGO_ALLOWED_HOSTS": "culture.example.nhs.uk",
    **PRODUCTION_SERVICES,
}
SETTING_NAMES = [
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SECURE",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "X_FRAME_OPTIONS",
    "SECURE_SSL_REDIRECT",
    "DEBUG",
]


def production_settings(**overrides) -> dict:
    script = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {SETTING_NAMES!r}}}))"
    )
    result = run_manage("shell", "-c", script, **{**PRODUCTION_ENV, **overrides})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_cookies_and_headers_are_strict():
    values = production_settings()
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["SESSION_COOKIE_HTTPONLY"] is True
    assert values["SESSION_COOKIE_SAMESITE"] in ("Lax", "Strict")
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    assert values["SECURE_REFERRER_POLICY"]
    assert values["X_FRAME_OPTIONS"] == "DENY"
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["DEBUG"] is False


def test_the_deployment_check_fails_on_a_planted_weak_setting():
    """check --deploy is strict enough to notice a secret key that is too short."""
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        **{**PRODUCTION_ENV, "DJANGO_SECRET_KEY": "short"},
    )
    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr or "SECRET_KEY" in result.stderr


# --- a URL added without a permission decision fails CI ------------------------------------


def planted_view(request):  # pragma: no cover - never called
    raise AssertionError


urlpatterns = [path("planted/", planted_view, name="planted-page")]


def test_the_url_matrix_check_fails_on_a_planted_url(settings):
    """tests/test_url_matrix.py compares every named URL with the apps' matrices; a URL
    added without a row is reported."""
    from django.urls import clear_url_caches, get_resolver

    from tests.test_url_matrix import all_url_names

    root = __import__(settings.ROOT_URLCONF, fromlist=["urlpatterns"])
    planted_module = type(sys)("planted_urls")
    planted_module.urlpatterns = [*root.urlpatterns, *urlpatterns]
    sys.modules["planted_urls"] = planted_module
    settings.ROOT_URLCONF = "planted_urls"
    clear_url_caches()
    try:
        assert "planted-page" in all_url_names(get_resolver())
    finally:
        del sys.modules["planted_urls"]
        clear_url_caches()


@pytest.mark.parametrize("package", APP_PACKAGES)
def test_no_app_turns_off_csrf_protection(package):
    """csrf_exempt anywhere would let another site post as a signed-in user."""
    for source in Path(settings.BASE_DIR, package).rglob("*.py"):
        assert "csrf_exempt" not in source.read_text(), source
