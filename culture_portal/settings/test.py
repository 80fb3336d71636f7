"""pytest: SQLite in memory unless DATABASE_URL names PostgreSQL (as CI does)."""

from culture_portal.settings.base import *  # noqa: F403
from culture_portal.settings.base import env

DEBUG = False
SECRET_KEY = "test-only-not-a-secret"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tests talk to Redis only where a test asks for it; the cache stays in-process.
if not env.str("TEST_CACHE_REDIS", default=""):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
DEMO_DATA_ALLOWED = True
LOGGING = {"version": 1, "disable_existing_loggers": False}
