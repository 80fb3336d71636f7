"""`make bench`: serve the portal with gunicorn on loopback and measure pages against the
reference view in the same run. Prints one line per figure with its limit and verdict, and
exits 1 if any figure misses its limit."""

import http.client
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

from benchmarks.load import run_load

ROOT = Path(__file__).resolve().parent.parent
SECONDS = float(os.environ.get("BENCH_SECONDS", "6"))
# The published demo password (accounts/demo.py); importing it would need Django set up.
DEMO_PASSWORD = "culture-demo-2026"  # noqa: S105
THREADS = int(os.environ.get("BENCH_THREADS", "8"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            connection.request("GET", "/_bench/hello/")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start")


def session_cookie(port: int, email: str, password: str) -> str:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", "/sign-in/")
    response = connection.getresponse()
    html = response.read().decode()
    csrf_cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie")).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    body = urlencode({"csrfmiddlewaretoken": token, "username": email, "password": password})
    connection.request(
        "POST",
        "/sign-in/",
        body=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={csrf_cookie}",
        },
    )
    response = connection.getresponse()
    response.read()
    session = re.search(r"sessionid=([^;]+)", response.getheader("Set-Cookie") or "")
    if response.status != 302 or not session:
        raise SystemExit(f"could not sign in as {email} ({response.status})")
    return f"sessionid={session.group(1)}"


def main() -> int:
    workdir = Path(tempfile.mkdtemp(prefix="culture-bench-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
        "DATABASE_URL": os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3"),
    }
    env.pop("CELERY_BROKER_URL", None)
    manage = [sys.executable, "manage.py"]
    for command in (["migrate", "--noinput", "-v0"], ["seed_demo"]):
        subprocess.run([*manage, *command], cwd=ROOT, env=env, check=True, capture_output=True)  # noqa: S603
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
            str(WORKERS),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        wait_until_up(port)
        od_lead = {"Cookie": session_cookie(port, "od.lead@demo.nhs.uk", DEMO_PASSWORD)}
        admin = {"Cookie": session_cookie(port, "national.admin@demo.nhs.uk", DEMO_PASSWORD)}
        run_load(port, "/", seconds=1, threads=THREADS)  # warm up every worker
        hello = run_load(port, "/_bench/hello/", seconds=SECONDS, threads=THREADS)
        # Public pages (what staff on a phone meet) are held to the survey page's bar;
        # signed-in pages to the dashboard's p95 bar (DESIGN.md section 5).
        public = {
            "home page (anonymous)": run_load(port, "/", seconds=SECONDS, threads=THREADS),
            "sign-in page (anonymous)": run_load(
                port, "/sign-in/", seconds=SECONDS, threads=THREADS
            ),
        }
        signed_in = {
            "trust page (OD lead)": run_load(
                port, "/trusts/RTF/", seconds=SECONDS, threads=THREADS, headers=od_lead
            ),
            "admin overview (national admin)": run_load(
                port, "/admin-overview/", seconds=SECONDS, threads=THREADS, headers=admin
            ),
        }
    finally:
        server.terminate()
        server.wait(timeout=15)

    print(
        f"\nmake bench: gunicorn {WORKERS} workers, {THREADS} client threads, "
        f"{SECONDS:.0f} s per page, SQLite unless BENCH_DATABASE_URL is set\n"
    )
    print(f"{'figure':<52} {'measured':>12} {'limit':>16}  verdict")
    failures = 0

    def line(name, value, limit_text, ok):
        nonlocal failures
        failures += 0 if ok else 1
        print(f"{name:<52} {value:>12} {limit_text:>16}  {'ok' if ok else 'MISSED'}")

    line("hello view rate (reference)", f"{hello.rate:,.0f}/s", "-", hello.errors == 0)
    for name, result in public.items():
        ratio = result.rate / hello.rate
        limit = f">= {0.10 * hello.rate:,.0f}/s"
        line(f"{name}: rate", f"{result.rate:,.0f}/s", limit, ratio >= 0.10)
        line(f"{name}: share of hello rate", f"{ratio:.0%}", ">= 10%", ratio >= 0.10)
        line(f"{name}: errors", str(result.errors), "0", result.errors == 0)
    for name, result in signed_in.items():
        share = f"{result.rate:,.0f}/s ({result.rate / hello.rate:.0%} of hello)"
        print(f"{name + ': rate':<52} {share:>29}  (information)")
        line(f"{name}: p95 latency", f"{result.p95_ms:.0f} ms", "<= 150 ms", result.p95_ms <= 150)
        line(f"{name}: errors", str(result.errors), "0", result.errors == 0)
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
