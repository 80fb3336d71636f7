"""Settings shared by every environment, read from the environment through django-environ.

Overrides live in local.py (development), test.py and production.py. Every variable is
listed with its meaning in README.md and .env.example.
"""

import re
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured

from culture_portal.schedules import BEAT_SCHEDULE

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
if env.bool("DJANGO_READ_DOT_ENV_FILE", default=False):
    env.read_env(str(BASE_DIR / ".env"))


def required(name: str) -> str:
    """Fail fast, naming the variable, when a setting has no safe default."""
    value = env.str(name, default="")
    if not value:
        raise ImproperlyConfigured(
            f"The environment variable {name} must be set (see .env.example and README.md)."
        )
    return value


def env_or_fail(reader, name: str, **kwargs):
    """Read a typed variable; a malformed value stops start-up with a message naming it."""
    try:
        return reader(name, **kwargs)
    except (ValueError, KeyError, environ.ImproperlyConfigured) as error:
        raise ImproperlyConfigured(
            f"The environment variable {name} is malformed: {error}"
        ) from None


def rate_or_fail(name: str, *, default: str) -> str:
    """A django-ratelimit rate such as "100/10m"; anything else stops start-up, where the
    library would only fail on the first request it counts."""
    value = env.str(name, default=default).strip()
    if not re.fullmatch(r"[1-9]\d*/[1-9]?\d*[smhd]", value):
        raise ImproperlyConfigured(
            f"The environment variable {name} is malformed: give a rate such as {default}"
        )
    return value


TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off"}


def strict_bool(name: str, *, default: bool) -> bool:
    """django-environ reads any unknown word as False; a typo here should stop start-up."""
    raw = env.str(name, default="").strip().lower()
    if not raw:
        return default
    if raw in TRUE_WORDS | FALSE_WORDS:
        return raw in TRUE_WORDS
    raise ImproperlyConfigured(
        f"The environment variable {name} is malformed: use true or false, not {raw!r}."
    )


DEBUG = strict_bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
ALLOWED_HOSTS = env_or_fail(env.list, "DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS = env_or_fail(env.list, "DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "crispy_forms",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "core",
    "accounts",
    "programmes",
    "diagnostics",
    "resources",
    "community",
    # Last, so our templates can override the built-in widget templates.
    "django.forms",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): whether this session passed the second factor.
    "django_otp.middleware.OTPMiddleware",
    # Its check runs in process_view: after every middleware has set up the request (so the
    # 400 page has its whole header), and before the sign-in redirect or any view.
    "core.middleware.NullCharacterMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "accounts.middleware.CurrentTrustMiddleware",
    # After the sign-in redirect: holds national admins at the second factor when required.
    "accounts.middleware.SecondFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Turns a rate-limited request into the styled 429 page (RATELIMIT_VIEW).
    "django_ratelimit.middleware.RatelimitMiddleware",
    # django-axes wants to be last so it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "culture_portal.urls"
WSGI_APPLICATION = "culture_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.service",
                "accounts.context_processors.navigation",
            ],
        },
    },
]
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

DATABASES = {
    "default": env_or_fail(
        env.db_url, "DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
    )
}
DATABASES["default"]["CONN_MAX_AGE"] = env_or_fail(env.int, "DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # axes first, so a locked-out account is refused before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "accounts:landing"
LOGOUT_REDIRECT_URL = "core:home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 3

# Login throttling (django-axes): lock an account after repeated failures, for a period.
AXES_FAILURE_LIMIT = env_or_fail(env.int, "AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env_or_fail(env.int, "AXES_COOLOFF_MINUTES", default=15))
# Lock the account, not the address: many NHS staff share one outbound address, and an
# address-based lock would shut out a whole trust after a few mistyped passwords.
AXES_LOCKOUT_PARAMETERS = ["username"]
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "accounts.auth.normalised_username"
AXES_VERBOSE = False
# Per client address (accounts/throttle.py). A trust's staff may share one proxy address, so
# right attempts are bounded only against floods, and wrong passwords and codes, summed over
# every account tried from the address, against password spraying. 200 people of one trust
# signing in within ten minutes, a fifth of them mistyping once, stay well inside both.
SIGN_IN_ATTEMPTS_PER_ADDRESS = rate_or_fail("SIGN_IN_ATTEMPTS_PER_ADDRESS", default="1000/10m")
SIGN_IN_FAILURES_PER_ADDRESS = rate_or_fail("SIGN_IN_FAILURES_PER_ADDRESS", default="100/10m")

# Single sign-on over OpenID Connect (mozilla-django-oidc): on only when both the provider's
# discovery URL and the portal's client id are set. The endpoints are read from the discovery
# document on first use (accounts/oidc.py), never here: start-up must not need the network.
OIDC_DISCOVERY_URL = env.str("OIDC_DISCOVERY_URL", default="").strip()
OIDC_RP_CLIENT_ID = env.str("OIDC_CLIENT_ID", default="").strip()
OIDC_RP_CLIENT_SECRET = env.str("OIDC_CLIENT_SECRET", default="")
OIDC_BUTTON_LABEL = env.str(
    "OIDC_BUTTON_LABEL", default="Sign in with your NHS organisation account"
)
if OIDC_DISCOVERY_URL and not OIDC_DISCOVERY_URL.startswith(("https://", "http://")):
    raise ImproperlyConfigured(
        "The environment variable OIDC_DISCOVERY_URL is malformed: use an https:// address."
    )
SSO_ENABLED = bool(OIDC_DISCOVERY_URL and OIDC_RP_CLIENT_ID)
SSO_BACKEND = "accounts.oidc.PortalOIDCBackend"
if SSO_ENABLED:
    AUTHENTICATION_BACKENDS.append(SSO_BACKEND)
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_RP_SCOPES = "openid email profile"
OIDC_USE_PKCE = True
OIDC_USE_NONCE = True
# Kept in the session for the provider's sign-out (id_token_hint); the access token is not.
OIDC_STORE_ID_TOKEN = True
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:sso-callback"
LOGIN_REDIRECT_URL_FAILURE = "accounts:sso-failed"
# Seconds before a provider that does not answer counts as unavailable.
OIDC_TIMEOUT = 5

# Wrong second-factor codes count as failed sign-ins (accounts/views/second_factor.py); the
# codes typed are kept out of axes' records like the password is.
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "code"]

# The second factor (django-otp): a time-based code from an authenticator app, or a
# single-use recovery code. National admins can be made to use it.
SECOND_FACTOR_REQUIRED_FOR_NATIONAL_ADMINS = strict_bool(
    "SECOND_FACTOR_REQUIRED_FOR_NATIONAL_ADMINS", default=False
)
# The name the authenticator app shows beside the code.
OTP_TOTP_ISSUER = "Culture portal"
# Login records hold client addresses; they are purged after this many days.
LOGIN_RECORD_RETENTION_DAYS = env_or_fail(env.int, "LOGIN_RECORD_RETENTION_DAYS", default=30)
# A closed survey's raw answers are deleted this many months after it closed; its
# aggregate figures and released comments are kept.
RAW_ANSWER_RETENTION_MONTHS = env_or_fail(env.int, "RAW_ANSWER_RETENTION_MONTHS", default=24)

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "core.storage.ModuleAwareManifestStaticFilesStorage"},
}

CRISPY_ALLOWED_TEMPLATE_PACKS = ("nhsuk",)
CRISPY_TEMPLATE_PACK = "nhsuk"
CRISPY_FAIL_SILENTLY = False

EMAIL_BACKEND = (
    env.str("DJANGO_EMAIL_BACKEND", default="") or "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env_or_fail(env.int, "EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = strict_bool("EMAIL_USE_TLS", default=False)
# A stuck mail server must not hold a worker (and the row it locked) for long.
EMAIL_TIMEOUT = env_or_fail(env.int, "EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Culture portal <noreply@localhost>")
# The portal's own address, for links in e-mails sent outside a request (the weekly digest).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

# Sessions are read from the cache (Redis in production) and written through to the
# database, so a busy survey page does not read the session table on every request.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# Messages live in the session, so the portal sets no cookie beyond the two on the cookies page.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# No script of the portal's reads the CSRF cookie (forms carry the token), so scripts may
# not either, here as in production.
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 8
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Strict Content-Security-Policy: every script and style comes from our own origin and no
# inline script runs. Charts are passed as JSON (json_script) and drawn by static JS.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
if SSO_ENABLED:
    # Signing out posts to the portal, which redirects to the provider's end-session page;
    # browsers hold that redirect to form-action too. Only the provider's own origin.
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"].append(
        "{0.scheme}://{0.netloc}".format(urlsplit(OIDC_DISCOVERY_URL))
    )

# Celery: with no broker configured, tasks run eagerly in-process (the embedded default).
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="") or "memory://"
CELERY_BROKER_CONFIGURED = CELERY_BROKER_URL != "memory://"
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_CONFIGURED
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env.str(
    "CELERY_RESULT_BACKEND",
    default=CELERY_BROKER_URL if CELERY_BROKER_CONFIGURED else "cache+memory://",
)
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 15 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 14 * 60
CELERY_RESULT_EXPIRES = 60 * 60 * 24
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Above the longest task, so a slow task is not redelivered while it still runs.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 60 * 60}
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_BEAT_SCHEDULE = BEAT_SCHEDULE

SERVICE_NAME = "Culture and leadership programme"

# "json": one JSON object per line, for a log shipper. Log messages carry ids, never
# names, e-mail or client addresses (docs/anonymity.md).
LOG_FORMAT = env.str("LOG_FORMAT", default="plain")
if LOG_FORMAT not in ("plain", "json"):
    raise ImproperlyConfigured("The environment variable LOG_FORMAT must be plain or json.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Request logs can carry client addresses and query strings: warnings only.
        "django.server": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}
CSRF_FAILURE_VIEW = "core.views.csrf_failure"
# django-ratelimit: counts live in the cache only, keyed by a hash of the client address.
RATELIMIT_VIEW = "core.views.rate_limited"
# Behind a proxy, the header holding the client address (e.g. HTTP_X_FORWARDED_FOR).
RATELIMIT_IP_META_KEY = env.str("RATELIMIT_IP_META_KEY", default="") or None
# seed_demo creates users with published passwords: never where this is False.
DEMO_DATA_ALLOWED = False
