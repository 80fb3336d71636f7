"""pytest: SQLite in memory unless DATABASE_URL names PostgreSQL (as CI does)."""

from culture_portal.settings.base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-not-a-secret"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if REDIS_URL:  # noqa: F405 - CI's real Redis cache, kept apart from anything else on it
    CACHES["default"]["KEY_PREFIX"] = "test"  # noqa: F405
# Tasks run in-process by default even where a broker is configured; the tests that need a
# real worker switch this off for themselves (tests/conftest.py, celery_worker).
CELERY_TASK_ALWAYS_EAGER = True
DEMO_DATA_ALLOWED = True
LOGGING = {"version": 1, "disable_existing_loggers": False}
# Static files are served from their sources (no collectstatic step outside production).
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
