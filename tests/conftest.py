import io
import os

# Playwright's sync API keeps an event loop running in the test thread; Django would
# otherwise refuse ORM calls from it. Set for the test process only.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest  # noqa: E402

from accounts.constants import Region, Role, Sector  # noqa: E402
from tests.accounts.factories import (  # noqa: E402
    TrustFactory,
    TrustMembershipFactory,
    UserFactory,
)
from tests.services import require_redis_broker, worker_thread  # noqa: E402

PERSONAS = [
    "anonymous",
    "viewer_a",
    "change_team_a",
    "od_lead_a",
    "od_lead_b",
    "sponsor_a",
    "national_admin",
]


def pytest_configure(config):
    """Under pytest-xdist each worker (gw0, gw1, ...) gets a Redis cache database of its own,
    the next ones after REDIS_URL's: clearing the cache (fresh_cache) empties the whole
    database, and rate limits count per key, so workers must not share one."""
    from urllib.parse import urlsplit

    from django.conf import settings

    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    cache = settings.CACHES["default"]
    if worker.startswith("gw") and cache["BACKEND"].endswith(".RedisCache"):
        url = urlsplit(cache["LOCATION"])
        number = int(url.path.strip("/") or 0) + 1 + int(worker[2:])
        cache["LOCATION"] = url._replace(path=f"/{number}").geturl()


def pytest_collection_modifyitems(items):
    """Tests that read the session's demo run last: from its seeding on, every test sees it."""
    items.sort(key=lambda item: "seeded_demo" in getattr(item, "fixturenames", ()))


@pytest.fixture(scope="session")
def seeded_demo(django_db_setup, django_db_blocker):
    """The demo (`manage.py seed_demo`), seeded once per test session for the tests that
    read it, instead of once in each of them.

    It is seeded in a transaction rolled back when the session ends (as Django's
    TestCase.setUpTestData does for a class). Each test's own transaction (the `db` fixture)
    is a savepoint inside it, so what a test writes is rolled back and the demo stays as
    seeded. Not with `transactional_db` or `live_server`: their flush would remove it.
    """
    from django.core.management import call_command
    from django.db import transaction

    seeding = transaction.atomic()
    with django_db_blocker.unblock():
        seeding.__enter__()
        call_command("seed_demo", stdout=io.StringIO())
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        seeding.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def fresh_cache():
    """Rate-limit counters and cached pages live in the cache: each test starts without."""
    from django.core.cache import cache

    from diagnostics.instruments.presenters import _blank_questions
    from diagnostics.instruments.selectors import _published_comment_questions, _published_sections

    cache.clear()
    _blank_questions.clear()
    _published_sections.clear()
    _published_comment_questions.clear()
    yield


@pytest.fixture
def trust_a(db):
    return TrustFactory(
        name="Trust A NHS Foundation Trust",
        ods_code="RAA",
        sector=Sector.ACUTE,
        region=Region.LONDON,
    )


@pytest.fixture
def trust_b(db):
    return TrustFactory(
        name="Trust B NHS Trust",
        ods_code="RBB",
        sector=Sector.AMBULANCE,
        region=Region.NORTH_WEST,
    )


def _member(trust, role, name):
    return TrustMembershipFactory(trust=trust, role=role, user=UserFactory(full_name=name)).user


@pytest.fixture
def anonymous():
    return None


@pytest.fixture
def viewer_a(trust_a):
    return _member(trust_a, Role.VIEWER, "Vera Viewer")


@pytest.fixture
def change_team_a(trust_a):
    return _member(trust_a, Role.CHANGE_TEAM, "Chris Change")


@pytest.fixture
def od_lead_a(trust_a):
    return _member(trust_a, Role.OD_LEAD, "Olu Lead")


@pytest.fixture
def od_lead_b(trust_b):
    return _member(trust_b, Role.OD_LEAD, "Bea Lead")


@pytest.fixture
def sponsor_a(trust_a):
    return _member(trust_a, Role.SPONSOR, "Sam Sponsor")


@pytest.fixture
def national_admin(db):
    return UserFactory(full_name="Nia National", national_admin=True)


@pytest.fixture
def persona(request):
    """Indirect parametrisation: @pytest.mark.parametrize("persona", [...], indirect=True)."""
    return request.getfixturevalue(request.param)


@pytest.fixture
def client_as(client):
    """A test client signed in as the given user (or anonymous for None)."""

    def sign_in(user):
        if user is not None:
            client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def celery_worker(transactional_db):
    """A real Celery worker, in a thread of this process, consuming from the Redis broker."""
    require_redis_broker()
    from culture_portal.celery import app

    app.conf.task_always_eager = False
    try:
        with worker_thread() as worker:
            yield worker
    finally:
        app.conf.task_always_eager = True


@pytest.fixture
def programme_a(trust_a, od_lead_a, sponsor_a, change_team_a):
    """Trust A's active programme: its OD lead started it, with the sponsor and change team."""
    from tests.programmes.factories import start_programme

    return start_programme(
        trust_a, od_lead_a, sponsor=sponsor_a, change_team=[change_team_a], name="Trust A Together"
    )


@pytest.fixture
def programme_b(trust_b, od_lead_b):
    from tests.programmes.factories import start_programme

    return start_programme(trust_b, od_lead_b, name="Trust B programme")


@pytest.fixture
def one_rate_window(monkeypatch):
    """Rate limits count per fixed window of time; a test that fills one must not straddle
    two of them on a slow run."""
    monkeypatch.setattr("django_ratelimit.core._get_window", lambda value, period: 1)
