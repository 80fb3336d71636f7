"""The outbox when Redis is stopped: a change made while the broker is down still commits,
and its e-mail is sent once Redis is back (by the sweep that beat runs), neither lost nor
sent twice. A Redis server of the test's own is stopped and started, so the shared one that
other tests (and other xdist workers) use is never touched."""

import shutil
import socket
import subprocess
import time

import pytest
from django.core import mail

from core.models import Email
from core.tasks import send_email, send_pending_emails
from culture_portal.celery import app
from programmes.constants import PhaseKind
from programmes.models import SignOffRequest
from programmes.services import phase_sign_off_request
from tests.programmes.factories import phase_of
from tests.services import require_redis_broker, skip_or_fail, worker_thread

pytestmark = pytest.mark.services


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PrivateRedis:
    """A redis-server on a port of its own, keeping nothing on disk."""

    def __init__(self):
        self.binary = shutil.which("redis-server") or skip_or_fail("redis-server is absent")
        self.port = free_port()
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1"]
            + ["--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while not self.answers():
            if time.monotonic() > deadline:
                pytest.fail("the test's own redis-server did not start")
            time.sleep(0.05)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


def use_broker(url: str | None) -> None:
    """Point the Celery app's publishing and consuming at `url` (None: back to the shared
    broker). The read and write URLs are set, not broker_url, because Celery prefers a
    CELERY_BROKER_URL environment variable to that. The app's pools are forgotten, not
    closed: kombu keeps them per broker for the whole process, and a closed one would be
    handed back to the next test that publishes to the shared broker."""
    app._pool = None
    app.amqp._producer_pool = None
    app.conf.broker_write_url = url
    app.conf.broker_read_url = url


@pytest.fixture
def private_redis(transactional_db):
    require_redis_broker()  # results still go to the shared Redis; it must answer
    server = PrivateRedis()
    server.start()
    app.conf.task_always_eager = False
    use_broker(server.url)
    try:
        yield server
    finally:
        server.stop()
        use_broker(None)
        app.conf.task_always_eager = True


def test_a_change_made_while_redis_is_down_commits_and_its_e_mail_goes_once_later(
    private_redis, programme_a, od_lead_a, sponsor_a, caplog
):
    # The pool holds a live connection, as a running portal's would, when Redis stops.
    with app.connection_for_write() as connection:
        connection.ensure_connection(max_retries=1)
    private_redis.stop()

    phase_sign_off_request(
        phase=phase_of(programme_a, PhaseKind.SCOPING), actor=od_lead_a, note="All done"
    )

    # The change committed; its e-mail waits in the outbox, unsent, and nothing went out.
    assert SignOffRequest.objects.filter(phase__programme=programme_a).count() == 1
    email = Email.objects.get(to_email=sponsor_a.email)
    assert email.sent_at is None and "All done" in email.body
    assert mail.outbox == []
    assert any("not queued" in record.getMessage() for record in caplog.records)

    private_redis.start()
    with worker_thread():
        # What beat does every ten minutes; then every path that could send it again.
        assert send_pending_emails.delay().get(timeout=30) == 1
        assert send_pending_emails.delay().get(timeout=30) == 0
        assert send_email.delay(email.pk).get(timeout=30) is False

    assert [message.to for message in mail.outbox] == [[sponsor_a.email]]
    assert mail.outbox[0].subject.startswith("Ready for your sign-off")
    email.refresh_from_db()
    assert email.sent_at is not None and email.body == ""


def test_a_change_made_while_redis_is_up_is_sent_by_the_worker_once(
    private_redis, programme_a, od_lead_a, sponsor_a
):
    with worker_thread():
        phase_sign_off_request(
            phase=phase_of(programme_a, PhaseKind.SCOPING), actor=od_lead_a, note="All done"
        )
        email = Email.objects.get(to_email=sponsor_a.email)
        deadline = time.monotonic() + 30
        while Email.objects.filter(pk=email.pk, sent_at__isnull=True).exists():
            assert time.monotonic() < deadline, "the worker did not send the e-mail"
            time.sleep(0.1)
        assert send_pending_emails.delay().get(timeout=30) == 0
        assert send_email.delay(email.pk).get(timeout=30) is False
    assert [message.to for message in mail.outbox] == [[sponsor_a.email]]
