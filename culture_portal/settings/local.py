"""Development: `make run`. SQLite and eager tasks unless the environment says otherwise."""

from culture_portal.settings.base import *  # noqa: F403
from culture_portal.settings.base import env, strict_bool

DEBUG = strict_bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="local-development-only-not-a-secret")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
# runserver serves static files from their sources; no collectstatic needed.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DEMO_DATA_ALLOWED = True
# Static files are served from their sources (no collectstatic step outside production).
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
