"""Settings for `make bench`: the production code path (DEBUG off, hashed-free static), with a
reference view added to the URLs."""

from culture_portal.settings.local import *  # noqa: F403

DEBUG = False
ROOT_URLCONF = "benchmarks.urls"
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
# The load generator signs in many times from one address.
AXES_ENABLED = False
# The load generator sends every request from 127.0.0.1; per-client limits would measure
# the limiter, not the portal. The limiter itself is tested in tests/.
RATELIMIT_ENABLE = False
