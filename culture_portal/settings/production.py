"""Production: every secret and host comes from the environment, and start-up fails without."""

from django.core.exceptions import ImproperlyConfigured

from culture_portal.settings.base import *  # noqa: F403
from culture_portal.settings.base import env, env_or_fail, required, strict_bool

DEBUG = False
SECRET_KEY = required("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env_or_fail(env.list, "DJANGO_ALLOWED_HOSTS", default=[])
if not ALLOWED_HOSTS:
    required("DJANGO_ALLOWED_HOSTS")

# Production never falls back to the embedded defaults: each service must be named.
required("DATABASE_URL")
required("CELERY_BROKER_URL")
if EMAIL_BACKEND.endswith((".console.EmailBackend", ".locmem.EmailBackend")):  # noqa: F405
    # Password-reset links would otherwise end up in the logs.
    raise ImproperlyConfigured(
        "The environment variable DJANGO_EMAIL_BACKEND must name a real e-mail backend "
        "(for example django.core.mail.backends.smtp.EmailBackend) in production."
    )

# Set where a TLS proxy in front of gunicorn sets X-Forwarded-Proto (the usual deployment).
if strict_bool("DJANGO_BEHIND_TLS_PROXY", default=True):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Behind a proxy every request comes from the proxy's address: without the header that
    # carries the client's, all respondents would share one rate-limit bucket.
    RATELIMIT_IP_META_KEY = required("RATELIMIT_IP_META_KEY")
SECURE_SSL_REDIRECT = strict_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_or_fail(env.int, "DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
DEMO_DATA_ALLOWED = False
# National admins see every trust: in production they need a second factor unless told not to.
SECOND_FACTOR_REQUIRED_FOR_NATIONAL_ADMINS = strict_bool(
    "SECOND_FACTOR_REQUIRED_FOR_NATIONAL_ADMINS", default=True
)
