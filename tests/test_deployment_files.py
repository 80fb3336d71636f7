"""No Docker engine runs here, so the compose file is checked by reading it: every command
must name a real module, settings module and Celery app, and every service a healthcheck."""

import importlib
import re
import shlex
from pathlib import Path

import pytest
import yaml
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]


def test_compose_has_the_five_services_each_with_a_healthcheck():
    assert set(SERVICES) == {"web", "worker", "beat", "postgres", "redis"}
    for name, service in SERVICES.items():
        assert "healthcheck" in service, name
    assert SERVICES["postgres"]["image"].startswith("postgres:15")
    assert SERVICES["redis"]["image"].startswith("redis:7")


def test_portal_services_use_production_settings_that_import():
    for name in ("web", "worker", "beat"):
        module = SERVICES[name]["environment"]["DJANGO_SETTINGS_MODULE"]
        assert module == "culture_portal.settings.production", name
        assert importlib.util.find_spec(module) is not None


def test_gunicorn_serves_a_real_wsgi_application():
    command = SERVICES["web"]["command"]
    target = re.search(r"gunicorn (\S+):(\S+)", command)
    module = importlib.import_module(target.group(1))
    assert callable(getattr(module, target.group(2)))
    assert "manage.py migrate" in command


@pytest.mark.parametrize("name", ["worker", "beat"])
def test_celery_commands_name_the_real_celery_app(name):
    words = shlex.split(SERVICES[name]["command"])
    app_module = words[words.index("-A") + 1]
    from celery import Celery

    assert isinstance(importlib.import_module(app_module).celery_app, Celery)
    assert words[words.index("-A") + 2] == name


def test_every_scheduled_task_is_registered_with_the_celery_app():
    from culture_portal.celery import app

    app.loader.import_default_modules()
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in app.tasks, entry["task"]


def test_dockerfile_command_matches_the_web_service():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "culture_portal.wsgi:application" in dockerfile
    assert "DJANGO_SETTINGS_MODULE=culture_portal.settings.production" in dockerfile


def test_env_example_lists_every_variable_the_settings_read():
    read = set()
    for path in (ROOT / "culture_portal" / "settings").glob("*.py"):
        source = path.read_text()
        read |= set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z_]+)"', source))
        read |= set(re.findall(r'(?:required|strict_bool)\(\s*"([A-Z_]+)"', source))
        read |= set(re.findall(r'env_or_fail\(\s*env\.\w+,\s*"([A-Z_]+)"', source))
    documented = set(re.findall(r"^#?\s*([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.M))
    assert read - documented == set()
    readme = (ROOT / "README.md").read_text()
    assert [name for name in sorted(read) if f"`{name}`" not in readme] == []
