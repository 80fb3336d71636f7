"""`make loadtest`: 200 simulated staff fill in and send a survey, page by page, for five
minutes while five OD leads read dashboards, against gunicorn + PostgreSQL + Redis + a real
Celery worker on loopback. Prints each endpoint's requests, failures and p95, the error
rate (goal 0) and whether the responses stored equal the successful submits; exits 1 if
either goal is missed.

LOADTEST_SECONDS (default 300) and LOADTEST_STAFF (default 200) shorten or shrink a run.
"""

import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.__main__ import free_port, wait_until_up

ROOT = Path(__file__).resolve().parent.parent
DATABASE = "culture_portal_load"
POSTGRES_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
SECONDS = int(os.environ.get("LOADTEST_SECONDS", "300"))
STAFF = int(os.environ.get("LOADTEST_STAFF", "200"))
OD_LEADS = 5
SURVEY = "northumbria-culture-now"


def fresh_database() -> str:
    import psycopg2

    admin = psycopg2.connect(POSTGRES_ADMIN, connect_timeout=3)
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {DATABASE}")
        cursor.execute(f"CREATE DATABASE {DATABASE}")
    admin.close()
    return f"postgres://postgres@127.0.0.1:5432/{DATABASE}"


def manage(env, *args) -> str:
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


FACTS = """
import json
from diagnostics.surveys.models import Response, Wave
from programmes.models import Programme
wave = Wave.objects.get(slug="%s")
closed = Wave.objects.filter(trust=wave.trust, status="closed").order_by("-closes_at").first()
programme = Programme.objects.get(trust=wave.trust, closed_on__isnull=True)
print(json.dumps({
    "responses": Response.objects.filter(wave=wave).count(),
    "dashboards": [
        ["survey results", f"/diagnostics/surveys/{closed.pk}/results/"],
        ["live survey progress", f"/diagnostics/surveys/{wave.pk}/"],
        ["programme overview", f"/programmes/{programme.pk}/"],
    ],
}))
"""


def facts(env) -> dict:
    return json.loads(manage(env, "shell", "-c", FACTS % SURVEY).strip().splitlines()[-1])


def main() -> int:
    workdir = Path(tempfile.mkdtemp(prefix="culture-load-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
        "DATABASE_URL": fresh_database(),
        "CELERY_BROKER_URL": os.environ.get("CELERY_BROKER_URL", "redis://127.0.0.1:6379/0"),
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/1"),
        "PYTHONPATH": str(ROOT),
    }
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "seed_demo")
    before = facts(env)
    port = free_port()
    server = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "gunicorn",
            "culture_portal.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "4",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    worker = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "culture_portal",
            "worker",
            "--loglevel=WARNING",
            "--concurrency=1",
            "--pool=solo",
        ],
        cwd=ROOT,
        env=env,
    )
    started = time.perf_counter()
    try:
        wait_until_up(port)
        load_env = {
            **env,
            "LOADTEST_DASHBOARDS": json.dumps(before["dashboards"]),
            "LOADTEST_OD_LEADS": str(OD_LEADS),
            "LOADTEST_SENT_FILE": str(workdir / "sent.txt"),
        }
        subprocess.run(  # noqa: S603
            [
                sys.executable,
                "-m",
                "locust",
                "-f",
                str(ROOT / "benchmarks" / "locustfile.py"),
                "--headless",
                "--users",
                str(STAFF + OD_LEADS),
                "--spawn-rate",
                "20",
                "--run-time",
                f"{SECONDS}s",
                "--stop-timeout",
                "60",
                "--host",
                f"http://127.0.0.1:{port}",
                "--csv",
                str(workdir / "load"),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            cwd=ROOT,
            env=load_env,
            check=False,
            capture_output=True,
        )
        time.sleep(2)
        after = facts(env)
    finally:
        server.terminate()
        worker.terminate()
        server.wait(timeout=30)
        worker.wait(timeout=60)
    sent = int((workdir / "sent.txt").read_text())
    stored = after["responses"] - before["responses"]
    return report(workdir / "load_stats.csv", sent, stored, started)


def report(stats_file: Path, sent: int, stored: int, started: float) -> int:
    rows = list(csv.DictReader(stats_file.open()))
    endpoints = [row for row in rows if row["Name"] != "Aggregated"]
    total = next(row for row in rows if row["Name"] == "Aggregated")
    requests, failures = int(total["Request Count"]), int(total["Failure Count"])
    print(
        f"\nmake loadtest: {STAFF} staff and {OD_LEADS} OD leads for {SECONDS} s against "
        "gunicorn (4 workers), PostgreSQL, Redis and a Celery worker on loopback\n"
    )
    print(f"{'endpoint':<36} {'requests':>9} {'failures':>9} {'p50 ms':>7} {'p95 ms':>7}")
    for row in sorted(endpoints, key=lambda r: r["Name"]):
        print(
            f"{row['Name']:<36} {int(row['Request Count']):>9,} {int(row['Failure Count']):>9}"
            f" {row['50%']:>7} {row['95%']:>7}"
        )
    error_rate = failures / requests if requests else 1
    print(f"\n{'all requests':<36} {requests:>9,} {failures:>9}  error rate {error_rate:.3%}")
    print(f"surveys sent (submit redirected to the thank-you page): {sent:,}")
    print(f"responses stored in the same time:                      {stored:,}")
    ok = failures == 0 and stored == sent and requests > 0
    print(f"\nverdict: {'ok' if ok else 'MISSED'} (goal: no errors; stored = sent)")
    print(f"wall time {time.perf_counter() - started:.0f} s")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
