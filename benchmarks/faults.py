"""`make faults`: scripted failures against the real stack on loopback (gunicorn,
PostgreSQL, Redis, a Celery worker), each with the outcome it must have:

1. A Celery worker killed mid-aggregation: the previous figures stay meanwhile, and after
   the worker restarts the sweep (as beat runs it) gives figures equal to a clean run.
2. Redis stopped during survey submissions: every submission is still stored (PostgreSQL is
   the record), and the figures catch up once Redis is back.
3. PostgreSQL restarted: while it is down pages answer the styled 503, never a half-saved
   response; it recovers without restarting gunicorn or the worker.
4. File storage failing on upload: a plain message, nothing saved.

It stops and starts this machine's Redis and PostgreSQL, so run it on a development
machine, not beside other work (CI does not run it). Prints each outcome; exits 1 if any
scenario fails.
"""

import http.client
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
DATABASE = "culture_portal_faults"
PG_VERSION = (sorted(os.listdir("/etc/postgresql")) or ["15"])[0]
PG_CTL = shutil.which("pg_ctlcluster") or "/usr/bin/pg_ctlcluster"
REDIS_CLI = shutil.which("redis-cli") or "/usr/bin/redis-cli"
REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"
REDIS_START = [
    REDIS_SERVER,
    "--daemonize",
    "yes",
    "--bind",
    "127.0.0.1",
    "-::1",
    "--port",
    "6379",
    "--save",
    "",
    "--appendonly",
    "no",
    "--dir",
    "/var/lib/redis",
    "--logfile",
    "/var/log/redis/ci.log",
]
PASSWORD = "culture-demo-2026"  # noqa: S105 - the published demo password
RESULTS: list[tuple[str, bool, str]] = []
BROKER_DB, CACHE_DB = 7, 8
# As in docker-compose.yml: without gossip, mingle and heartbeats, a worker reconnects
# cleanly after the broker restarts (with them, `make faults` saw it hang after a Redis
# restart, in gossip's shutdown).
WORKER_OPTIONS = ["--without-gossip", "--without-mingle", "--without-heartbeat"]
WORKER_LOG = Path(tempfile.gettempdir()) / "culture-faults-worker.log"
ONLY = set(filter(None, os.environ.get("FAULTS_ONLY", "").split(",")))  # e.g. "2,3"


def say(text: str) -> None:
    print(text, flush=True)


def check(name: str, ok: bool, detail: str) -> None:
    RESULTS.append((name, ok, detail))
    say(f"  {'ok    ' if ok else 'FAILED'} {name}: {detail}")


# --- the stack ---------------------------------------------------------------------------


def prepare_environment() -> dict:
    import psycopg2

    admin = psycopg2.connect("postgres://postgres@127.0.0.1:5432/postgres", connect_timeout=3)
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {DATABASE}")
        cursor.execute(f"CREATE DATABASE {DATABASE}")
    admin.close()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DATABASE}",
        # Redis databases of its own, emptied first: no task left over from another run.
        "CELERY_BROKER_URL": f"redis://127.0.0.1:6379/{BROKER_DB}",
        "REDIS_URL": f"redis://127.0.0.1:6379/{CACHE_DB}",
        "PYTHONPATH": str(ROOT),
    }
    for number in (BROKER_DB, CACHE_DB):
        subprocess.run(  # noqa: S603
            [REDIS_CLI, "-h", "127.0.0.1", "-n", str(number), "flushdb"],
            check=True,
            capture_output=True,
        )
    os.environ.update(env)
    for command in (["migrate", "--noinput", "-v0"], ["seed_demo"]):
        subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
    return env


def start_web(env: dict, port: int, **extra) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "gunicorn",
            "culture_portal.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--log-level",
            "critical",
        ],
        cwd=ROOT,
        env={**env, **extra},
        stderr=subprocess.DEVNULL,
    )


def start_worker(env: dict) -> subprocess.Popen:
    """A worker whose log goes to WORKER_LOG (read it when an outcome is missed)."""
    log = WORKER_LOG.open("a")
    return subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "culture_portal",
            "worker",
            "--loglevel=INFO",
            "--concurrency=1",
            *WORKER_OPTIONS,
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def worker_answers(env: dict) -> bool:
    """What a liveness check asks: does a worker answer a ping within 10 seconds?"""
    result = subprocess.run(  # noqa: S603
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "culture_portal",
            "inspect",
            "ping",
            "--timeout",
            "10",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    return "pong" in result.stdout


def kill_group(process: subprocess.Popen) -> None:
    """SIGKILL the worker and its pool children at once: no warm shutdown, no ack."""
    os.killpg(os.getpgid(process.pid), signal.SIGKILL)
    process.wait(timeout=10)


def wait_for(predicate, timeout: float, step: float = 0.05):
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    return None


def http_status(port: int, method: str, path: str, headers=None, body=None) -> tuple[int, str]:
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        text = response.read().decode(errors="replace")
        connection.close()
        return response.status, text
    except OSError:
        return 0, ""


def web_up(port: int) -> bool:
    return http_status(port, "GET", "/healthz")[0] in (200, 503)


def redis_up() -> bool:
    result = subprocess.run(  # noqa: S603
        [REDIS_CLI, "-h", "127.0.0.1", "-p", "6379", "ping"],
        capture_output=True,
        text=True,
        check=False,
    )
    return "PONG" in result.stdout


def django_ready():
    import django

    django.setup()
    from django.db import connection

    return connection


def fresh_connection():
    from django.db import connection

    connection.close()
    return connection


# --- 1. a worker killed mid-aggregation ------------------------------------------------------


def snapshot(wave_id: int) -> list:
    from diagnostics.results.models import ResultRow

    fresh_connection()
    return sorted(
        ResultRow.objects.filter(wave_id=wave_id).values_list(
            "breakdown",
            "group",
            "kind",
            "item_id",
            "element",
            "suppressed",
            "n",
            "c1",
            "c2",
            "c3",
            "c4",
            "c5",
        ),
        key=repr,
    )


def refresh_running(wave_id: int) -> bool:
    """The refresh holds an advisory lock on the wave for as long as it runs."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_locks "
            "WHERE locktype = 'advisory' AND classid = 4242 AND objid = %s",
            [wave_id],
        )
        return cursor.fetchone()[0] > 0


def scenario_worker_killed(env: dict) -> None:
    say("\n1. A Celery worker killed mid-aggregation")
    from benchmarks import aggregation
    from diagnostics.results.models import WaveResult
    from diagnostics.results.services import wave_results_refresh
    from diagnostics.tasks import refresh_wave_results, sweep_wave_results

    wave = aggregation.results_wave()  # a closed wave of 25,000 responses x 40 answers
    wave_results_refresh(wave_id=wave.pk)
    clean = snapshot(wave.pk)
    # Forget the figures' final flag, so a refresh recomputes every row from the answers.
    WaveResult.objects.filter(wave=wave).update(final=False)
    worker = start_worker(env)
    time.sleep(4)
    refresh_wave_results.apply_async((wave.pk,))
    started = wait_for(lambda: refresh_running(wave.pk), timeout=30)
    kill_group(worker)
    check("the worker was killed while it held the wave", bool(started), "advisory lock seen")
    check(
        "the previous figures stay while no worker runs",
        snapshot(wave.pk) == clean,
        f"{len(clean):,} rows unchanged",
    )
    restarted = time.perf_counter()
    worker = start_worker(env)
    sweep_wave_results.apply_async()  # what beat does every 5 minutes
    recomputed = wait_for(
        lambda: WaveResult.objects.filter(wave=wave, final=True).exists(), timeout=120, step=0.5
    )
    elapsed = time.perf_counter() - restarted
    check(
        "after the restart the figures equal a clean run",
        bool(recomputed) and snapshot(wave.pk) == clean,
        f"recomputed {elapsed:.1f} s after the restart, no row counted twice",
    )
    kill_group(worker)


# --- 2. Redis stopped during submissions -----------------------------------------------------


def submit_headers(cookie: str) -> dict:
    csrf = "f" * 32
    return {
        "Cookie": f"survey_draft={cookie}; csrftoken={csrf}",
        "X-CSRFToken": csrf,
        "Content-Type": "application/x-www-form-urlencoded",
    }


def scenario_redis_down(env: dict, port: int) -> None:
    say("\n2. Redis stopped during survey submissions")
    from benchmarks.survey_setup import ready_drafts, survey_wave
    from diagnostics.results.models import WaveResult
    from diagnostics.surveys.models import Response
    from diagnostics.surveys.services import wave_status_change
    from diagnostics.tasks import sweep_wave_results

    wave = survey_wave()
    cookies = ready_drafts(wave, 120)
    before = Response.objects.filter(wave=wave).count()
    worker = start_worker(env)
    statuses: list[int] = []

    def send_all():
        for cookie in cookies:
            status, _ = http_status(
                port, "POST", f"/s/{wave.slug}/submit/", submit_headers(cookie), ""
            )
            statuses.append(status)
            time.sleep(0.1)

    sender = threading.Thread(target=send_all)
    sender.start()
    time.sleep(3)
    subprocess.run(  # noqa: S603
        [REDIS_CLI, "-h", "127.0.0.1", "shutdown", "nosave"],
        capture_output=True,
        check=False,
    )
    down_at = len(statuses)
    time.sleep(6)
    subprocess.run(REDIS_START, check=True, capture_output=True)  # noqa: S603
    wait_for(redis_up, timeout=20, step=0.2)
    up_at = len(statuses)
    sender.join()
    fresh_connection()
    stored = Response.objects.filter(wave=wave).count() - before
    sent = sum(1 for status in statuses if status == 302)
    check(
        "every submission answered and was stored while Redis was down",
        sent == len(cookies) == stored,
        f"{up_at - down_at} sent while it was down; {sent} of {len(cookies)} answered, "
        f"{stored} stored",
    )
    answered = worker_answers(env)
    check(
        "the worker carries on after Redis comes back",
        answered,
        "it answers a ping"
        if answered
        else "it does not answer: its consumer hung on the lost connection (a known Celery "
        "fault with Redis, celery/celery#10205); a supervisor's liveness check must restart "
        "it, as this script now does",
    )
    if not answered:
        kill_group(worker)
        worker = start_worker(env)
    wave_status_change(wave=wave, to="closed")
    back = time.perf_counter()

    def swept_and_fresh():
        # What beat does every 5 minutes, here every 5 seconds to keep the run short.
        sweep_wave_results.apply_async()
        return wait_for(
            lambda: WaveResult.objects.filter(wave=wave, final=True, state="fresh").first(),
            timeout=5,
            step=0.5,
        )

    caught_up = wait_for(swept_and_fresh, timeout=120, step=0)
    total = Response.objects.filter(wave=wave).count()
    check(
        "the figures caught up once Redis was back",
        bool(caught_up) and caught_up.responses_counted == total,
        f"{caught_up.responses_counted if caught_up else 0} of {total} responses counted, "
        f"{time.perf_counter() - back:.1f} s after the survey closed",
    )
    kill_group(worker)


# --- 3. PostgreSQL restarted -------------------------------------------------------------------


def scenario_postgres_restart(env: dict, port: int) -> None:
    say("\n3. PostgreSQL restarted")
    from django.db.models import Count

    from benchmarks.survey_setup import ready_drafts, survey_wave
    from diagnostics.surveys.models import Response

    wave = survey_wave()
    wave.status = "open"
    wave.save(update_fields=["status"])
    cookies = ready_drafts(wave, 40)
    items = wave.version.sections.first().items.count()
    subprocess.run(  # noqa: S603
        [PG_CTL, "--skip-systemctl-redirect", PG_VERSION, "main", "stop", "-m", "fast"],
        check=True,
        capture_output=True,
    )
    page, body = http_status(port, "GET", f"/s/{wave.slug}/")
    submit, _ = http_status(port, "POST", f"/s/{wave.slug}/submit/", submit_headers(cookies[0]), "")
    check(
        "while it is down a page answers the styled 503",
        page == 503 and "The service is not available at the moment" in body,
        f"page {page}, submit {submit}",
    )
    subprocess.run(  # noqa: S603
        [PG_CTL, "--skip-systemctl-redirect", PG_VERSION, "main", "start"],
        check=True,
        capture_output=True,
    )
    back = time.perf_counter()
    recovered = wait_for(
        lambda: http_status(port, "GET", f"/s/{wave.slug}/")[0] == 200, timeout=60, step=0.5
    )
    check(
        "it recovers without restarting gunicorn",
        bool(recovered),
        f"pages answer 200 again {time.perf_counter() - back:.1f} s after PostgreSQL is back",
    )
    statuses = [
        http_status(port, "POST", f"/s/{wave.slug}/submit/", submit_headers(c), "")[0]
        for c in cookies
    ]
    fresh_connection()
    counts = set(
        Response.objects.filter(wave=wave).annotate(n=Count("answers")).values_list("n", flat=True)
    )
    check(
        "no response was half saved, and submits work again",
        counts <= {items} and statuses.count(302) >= len(cookies) - 1,
        f"every stored response has {items} answers; {statuses.count(302)} of "
        f"{len(cookies)} submits after recovery answered (one draft was used while down: "
        f"{'sent' if submit == 302 else 'refused'})",
    )


# --- 4. file storage failing on upload ------------------------------------------------------


def signed_in(port: int, email: str) -> tuple[str, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", "/sign-in/")
    response = connection.getresponse()
    html = response.read().decode()
    csrf = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie")).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    connection.request(
        "POST",
        "/sign-in/",
        body=urlencode({"csrfmiddlewaretoken": token, "username": email, "password": PASSWORD}),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={csrf}",
        },
    )
    response = connection.getresponse()
    response.read()
    session = re.search(r"sessionid=([^;]+)", response.getheader("Set-Cookie") or "").group(1)
    return session, csrf


def scenario_storage_failure(env: dict) -> None:
    say("\n4. File storage failing on upload")
    from resources.models import Resource

    blocked = Path(tempfile.mkdtemp(prefix="culture-faults-")) / "media"
    blocked.write_text("a file where the media folder should be: every write fails")
    port = free_port()
    web = start_web(env, port, MEDIA_ROOT=str(blocked / "media"))
    wait_for(lambda: web_up(port), timeout=30, step=0.2)
    session, csrf = signed_in(port, "national.admin@demo.nhs.uk")
    boundary = "culturefaults"
    fields = {
        "csrfmiddlewaretoken": csrf,
        "title": "A guide that cannot be stored",
        "summary": "Uploaded while storage fails.",
        "kind": "guide",
        "phases": "discover",
    }
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'
        for k, v in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="guide.pdf"\r\n'
        "Content-Type: application/pdf\r\n\r\n%PDF-1.4 faults\n%%EOF\n\r\n"
    )
    body = "".join(parts) + f"--{boundary}--\r\n"
    status, html = http_status(
        port,
        "POST",
        "/resources/curate/new/",
        {
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "Cookie": f"sessionid={session}; csrftoken={csrf}",
            "X-CSRFToken": csrf,
        },
        body,
    )
    fresh_connection()
    saved = Resource.objects.filter(title=fields["title"]).exists()
    check(
        "a plain message and nothing saved",
        status == 200 and "could not be stored just now" in html and not saved,
        f"answer {status}; resource saved: {saved}",
    )
    web.terminate()
    web.wait(timeout=20)


def free_port() -> int:
    from benchmarks.__main__ import free_port as pick

    return pick()


def main() -> int:
    say("make faults: scripted failures on loopback (this stops and starts Redis and PostgreSQL)")
    WORKER_LOG.write_text("")
    env = prepare_environment()
    django_ready()
    port = free_port()
    web = start_web(env, port)
    try:
        wait_for(lambda: web_up(port), timeout=30, step=0.2)
        scenarios = [
            lambda: scenario_worker_killed(env),
            lambda: scenario_redis_down(env, port),
            lambda: scenario_postgres_restart(env, port),
            lambda: scenario_storage_failure(env),
        ]
        for number, scenario in enumerate(scenarios, start=1):
            if not ONLY or str(number) in ONLY:
                scenario()
    finally:
        web.terminate()
        web.wait(timeout=20)
        if not redis_up():
            subprocess.run(REDIS_START, check=False, capture_output=True)  # noqa: S603
    failed = [name for name, ok, _ in RESULTS if not ok]
    say(f"\n{len(RESULTS) - len(failed)} of {len(RESULTS)} outcomes as required")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
