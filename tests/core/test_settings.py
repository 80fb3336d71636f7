"""Start-up as an operator meets it: real processes, real environment variables."""

import os
import re
import subprocess
import sys

import pytest
from django.conf import settings

GOOD_SECRET = "x7!Kq2@pLm9#Rt4$Vw8%Zy3^Bn6&Cd1*Fg5(Hj0)Ks2-Lq7=Mp4+Nr9_" + "a" * 10


def run_manage(*args, **env_overrides):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(
            ("DJANGO_", "DATABASE_URL", "CELERY_", "REDIS_URL", "EMAIL_", "RATELIMIT_")
        )
    }
    env.update(env_overrides)
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


PRODUCTION = "culture_portal.settings.production"
# What an operator must set in production besides the secret key and hosts.
PRODUCTION_SERVICES = {
    "DATABASE_URL": "postgres://portal@127.0.0.1:5432/culture_portal",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
    "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "RATELIMIT_IP_META_KEY": "HTTP_X_FORWARDED_FOR",
}


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", DJANGO_SETTINGS_MODULE=PRODUCTION, DJANGO_ALLOWED_HOSTS="x.nhs.uk")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


@pytest.mark.parametrize("missing", ["DATABASE_URL", "CELERY_BROKER_URL", "RATELIMIT_IP_META_KEY"])
def test_production_refuses_to_fall_back_to_embedded_services(missing):
    env = {**PRODUCTION_SERVICES, missing: ""}
    result = run_manage(
        "check",
        DJANGO_SETTINGS_MODULE=PRODUCTION,
        DJANGO_SECRET_KEY=GOOD_SECRET,
        DJANGO_ALLOWED_HOSTS="x.nhs.uk",
        **env,
    )
    assert result.returncode != 0
    assert f"{missing} must be set" in result.stderr


def test_production_refuses_the_console_email_backend():
    result = run_manage(
        "check",
        DJANGO_SETTINGS_MODULE=PRODUCTION,
        DJANGO_SECRET_KEY=GOOD_SECRET,
        DJANGO_ALLOWED_HOSTS="x.nhs.uk",
        **{**PRODUCTION_SERVICES, "DJANGO_EMAIL_BACKEND": ""},
    )
    assert result.returncode != 0
    assert "DJANGO_EMAIL_BACKEND must name a real e-mail backend" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run_manage("check", DJANGO_SETTINGS_MODULE=PRODUCTION, DJANGO_SECRET_KEY=GOOD_SECRET)
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS must be set" in result.stderr


def test_a_malformed_setting_stops_start_up_naming_it():
    result = run_manage("check", DJANGO_DEBUG="maybe")
    assert result.returncode != 0
    assert "DJANGO_DEBUG is malformed" in result.stderr
    result = run_manage("check", AXES_FAILURE_LIMIT="five")
    assert "AXES_FAILURE_LIMIT is malformed" in result.stderr
    result = run_manage("check", SIGN_IN_FAILURES_PER_ADDRESS="lots")
    assert "SIGN_IN_FAILURES_PER_ADDRESS is malformed" in result.stderr


def test_production_settings_pass_the_deployment_checklist():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE=PRODUCTION,
        DJANGO_SECRET_KEY=GOOD_SECRET,
        DJANGO_ALLOWED_HOSTS="culture.example.nhs.uk",
        **PRODUCTION_SERVICES,
    )
    assert result.returncode == 0, result.stderr + result.stdout


def test_seed_demo_is_refused_under_production_settings():
    result = run_manage(
        "seed_demo",
        DJANGO_SETTINGS_MODULE=PRODUCTION,
        DJANGO_SECRET_KEY=GOOD_SECRET,
        DJANGO_ALLOWED_HOSTS="culture.example.nhs.uk",
        **{**PRODUCTION_SERVICES, "DATABASE_URL": "sqlite:///:memory:"},
    )
    assert result.returncode != 0
    assert "refused under production settings" in result.stderr


def test_healthz_answers_503_naming_the_broker_on_a_closed_port():
    script = (
        "import django; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/healthz');"
        "print(r.status_code, r.json()['failing'])"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="culture_portal.settings.test",
        CELERY_BROKER_URL="redis://127.0.0.1:1/0",
        DATABASE_URL="sqlite:///:memory:",
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.stdout.strip() == "503 ['broker']", result.stderr


@pytest.mark.parametrize("module", ["local", "test", "production"])
def test_every_settings_module_reads_the_database_url(module):
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])",
        DJANGO_SETTINGS_MODULE=f"culture_portal.settings.{module}",
        DJANGO_SECRET_KEY=GOOD_SECRET,
        DJANGO_ALLOWED_HOSTS="x.nhs.uk",
        **{**PRODUCTION_SERVICES, "DATABASE_URL": "postgres://u@127.0.0.1:5432/db"},
    )
    assert result.stdout.strip().splitlines()[-1] == "django.db.backends.postgresql", result.stderr


def test_production_static_files_collect_with_hashed_names(tmp_path):
    result = run_manage(
        "collectstatic",
        "--noinput",
        DJANGO_SETTINGS_MODULE=PRODUCTION,
        DJANGO_SECRET_KEY=GOOD_SECRET,
        DJANGO_ALLOWED_HOSTS="x.nhs.uk",
        **{**PRODUCTION_SERVICES, "DATABASE_URL": "sqlite:///:memory:"},
        STATIC_ROOT=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    init = next((tmp_path / "js").glob("nhsuk-init.*.js")).read_text()
    # The ES-module import points at the hashed copy of NHS.UK frontend, for cache-busting.
    assert re.search(r"vendor/nhsuk/nhsuk-frontend\.min\.[0-9a-f]{12}\.js", init)
    css = next((tmp_path / "vendor" / "nhsuk").glob("nhsuk-frontend.min.*.css")).read_text()
    assert re.search(r"assets/images/nhsuk-icon-cross\.[0-9a-f]{12}\.svg", css)
