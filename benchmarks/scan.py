"""`make scan`: real scanners from Debian's packages against the portal on loopback.

1. wapiti crawls and attacks the portal three times: anonymously (the public pages, the
   library, the survey a member of staff fills in), signed in as an OD lead, and signed in
   as a national admin, each within SCAN_MINUTES. Its modules look for reflected and
   stored XSS, SQL injection (errors and timing), command execution, path traversal, open
   redirects, CRLF injection, unusual HTTP methods and access-control bypass, and grade
   the CSP, security headers and cookie flags.
2. sqlmap tries every parameter of the pages whose SQL is written by hand (the library's
   ranked search and the community's story and directory searches) with its boolean,
   error, UNION, stacked and time-based techniques.

The server runs the production code path (DEBUG off) with the demo data on a database of
its own; the per-client rate limits and sign-in lockout are off, as in `make bench`, so
the scanners reach what is behind them (the limits themselves are tested in tests/).
HTTPS-only settings (Secure cookies, HSTS) are asserted by tests/test_security_battery.py,
since a loopback server speaks plain HTTP.

Prints each finding and a summary; exits 1 if wapiti reports a vulnerability or sqlmap
finds an injectable parameter. Needs `apt-get install wapiti sqlmap`. Not run in CI (it
takes half an hour); its latest outcome is in the README.
"""

import http.client
import json
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.__main__ import session_cookie, wait_until_up

ROOT = Path(__file__).resolve().parent.parent
DATABASE = "culture_portal_scan"
PASSWORD = "culture-demo-2026"  # noqa: S105 - the published demo password
MINUTES = float(os.environ.get("SCAN_MINUTES", "8"))
MODULES = (
    "xss,permanentxss,sql,blindsql,exec,file,redirect,crlf,methods,htaccess,"
    "csp,http_headers,cookieflags"
)
PERSONAS = {
    "anonymous": None,
    "OD lead": "od.lead@demo.nhs.uk",
    "national admin": "national.admin@demo.nhs.uk",
}
# Pages that end the scanner's session, and Django's own admin (a well-trodden third
# party; the scan is for the portal's pages).
EXCLUDED = ["/sign-out/", "/admin/*", "/static/*"]
# The hand-written SQL: every parameter of these pages goes to sqlmap.
SQLMAP_TARGETS = {
    "/resources/?q=board+interview&phase=discover&kind=guide&sort=newest&page=1": None,
    "/community/stories/?q=listening&phase=discover&element=teamwork&tag=wellbeing": "OD lead",
    "/community/?q=trust&region=london&sector=acute&phase=discover": "OD lead",
}


# Debian's wapiti 3.0.4 builds its exclusion patterns with a regex flag at the end, which
# Python 3.11 refuses ("global flags not at the start"), so every -x fails. The launcher
# runs wapiti with that one function mended: flags first.
WAPITI_LAUNCHER = """
import re, sys
import wapitiCore.net.crawler as crawler
def wildcard_translate(pattern):
    return re.compile("(?ms)" + ".*".join(map(re.escape, pattern.split("*"))) + r"\\Z")
crawler.wildcard_translate = wildcard_translate
from wapitiCore.main.wapiti import wapiti_main
sys.argv[0] = "wapiti"
sys.exit(wapiti_main())
"""


# What a loopback server over plain HTTP must report, and why it is not a fault. Each is
# matched on wapiti's category and the start of its message; anything else counts.
EXPLAINED = {
    ("HTTP Secure Headers", "Strict-Transport-Security is not set"): (
        "HSTS is sent only over HTTPS: production sets SECURE_HSTS_SECONDS to a year, "
        "asserted by tests/test_security_battery.py"
    ),
    ("Secure Flag cookie", "Secure flag is not set in the cookie"): (
        "cookies are Secure (and __Host- prefixed) in production settings, asserted by "
        "tests/test_security_battery.py; over plain HTTP a Secure cookie would not be sent"
    ),
    ("HTTP Secure Headers", "X-XSS-Protection is not set"): (
        "left out on purpose: browsers have dropped the XSS auditor it switched on, and "
        "OWASP advises against it; the Content-Security-Policy (no inline script) does "
        "that job"
    ),
}


def explanation(category: str, info: str) -> str | None:
    for (known_category, start), reason in EXPLAINED.items():
        if category == known_category and info.startswith(start):
            return reason
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare(workdir: Path) -> dict:
    try:
        import psycopg2

        admin = psycopg2.connect("postgres://postgres@127.0.0.1:5432/postgres", connect_timeout=3)
        admin.autocommit = True
        with admin.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {DATABASE}")
            cursor.execute(f"CREATE DATABASE {DATABASE}")
        admin.close()
        url = f"postgres://postgres@127.0.0.1:5432/{DATABASE}"
    except Exception as error:  # noqa: BLE001 - any failure: say so and stop
        # On SQLite the hand-written PostgreSQL statements never run, so a clean sqlmap
        # report would mean nothing.
        raise SystemExit(f"make scan needs PostgreSQL on 127.0.0.1:5432 ({error})") from error
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
        "DATABASE_URL": url,
        "MEDIA_ROOT": str(workdir / "media"),
        "PYTHONPATH": str(ROOT),
    }
    env.pop("CELERY_BROKER_URL", None)  # tasks run eagerly: no worker to start
    for command in (["migrate", "--noinput", "-v0"], ["seed_demo"]):
        subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
    return env


def cookie_file(workdir: Path, name: str, session: str) -> Path:
    """The session in wapiti's JSON cookie-jar format."""
    path = workdir / f"cookies-{name}.json"
    attributes = {"expires": None, "secure": False, "port": None, "version": 0}
    path.write_text(
        json.dumps({"127.0.0.1": {"/": {"sessionid": {"value": session, **attributes}}}})
    )
    return path


def run_wapiti(base: str, workdir: Path, persona: str, session: str | None) -> dict:
    slug = re.sub(r"\W+", "-", persona)
    report = workdir / f"wapiti-{slug}.json"
    command = [
        "/usr/bin/python3",
        "-c",
        WAPITI_LAUNCHER,
        "-u",
        f"{base}/",
        "--scope",
        "folder",
        "-m",
        MODULES,
        "-f",
        "json",
        "-o",
        str(report),
        "--flush-session",
        "--store-session",
        str(workdir / f"session-{slug}"),
        "--max-scan-time",
        str(int(MINUTES * 60)),
        "--max-attack-time",
        str(int(MINUTES * 60 / 8)),
        "--max-links-per-page",
        "40",
        "-d",
        "6",
        "--no-bugreport",
        "-v",
        "0",
    ]
    for path in EXCLUDED:
        command += ["-x", f"{base}{path}"]
    if session:
        command += ["-c", str(cookie_file(workdir, slug, session))]
        command += ["-s", f"{base}/start/"]
    started = time.monotonic()
    subprocess.run(command, check=True, capture_output=True, timeout=MINUTES * 60 + 600)  # noqa: S603
    found = json.loads(report.read_text())
    found["seconds"] = time.monotonic() - started
    found["crawled"], found["attacked"] = 0, 0
    for database in (workdir / f"session-{slug}").glob("*.db"):
        with sqlite3.connect(database) as session_db:
            found["crawled"] += session_db.execute(
                "SELECT count(*) FROM paths WHERE evil = 0"
            ).fetchone()[0]
            found["attacked"] += session_db.execute("SELECT count(*) FROM attack_log").fetchone()[0]
    return found


def signed_in(port: int, email: str) -> str:
    """A new session's key (session_cookie gives the whole "sessionid=..." pair)."""
    return session_cookie(port, email, PASSWORD).removeprefix("sessionid=")


def still_signed_in(port: int, session: str) -> bool:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", "/start/", headers={"Cookie": f"sessionid={session}"})
    response = connection.getresponse()
    response.read()
    # Signed in, /start/ sends a user on to the page their role works from; signed out,
    # to the sign-in page.
    return "/sign-in/" not in (response.getheader("Location") or "")


def run_sqlmap(base: str, workdir: Path, target: str, session: str | None) -> tuple[bool, str]:
    command = [
        "sqlmap",
        "-u",
        f"{base}{target}",
        "--batch",
        "--level",
        "3",
        "--risk",
        "2",
        "--technique",
        "BEUST",
        "--time-sec",
        "2",
        "--dbms",
        "PostgreSQL",
        "--output-dir",
        str(workdir / "sqlmap"),
        "--disable-coloring",
    ]
    if session:
        command += ["--cookie", f"sessionid={session}"]
    output = subprocess.run(  # noqa: S603
        command, capture_output=True, text=True, timeout=3600
    ).stdout
    injectable = bool(
        re.search(r"parameter '.+' is vulnerable|sqlmap identified the following", output)
    )
    tested = re.findall(r"(?:GET|POST) parameter '([^']+)' does not seem to be injectable", output)
    summary = f"not injectable: {', '.join(dict.fromkeys(tested)) or 'see output'}"
    if injectable:
        summary = "INJECTABLE:\n" + output[-3000:]
    return injectable, summary


def main() -> int:
    missing = [tool for tool in ("wapiti", "sqlmap") if shutil.which(tool) is None]
    if missing:
        print(f"{' and '.join(missing)} not installed: apt-get install {' '.join(missing)}")
        return 2
    workdir = Path(tempfile.mkdtemp(prefix="culture-scan-"))
    env = prepare(workdir)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
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
            "critical",
        ],
        cwd=ROOT,
        env=env,
        stderr=subprocess.DEVNULL,
    )
    failures = 0
    try:
        wait_until_up(port)
        for persona, email in PERSONAS.items():
            session = signed_in(port, email) if email else None
            report = run_wapiti(base, workdir, persona, session)
            print(
                f"\nwapiti as {persona}: {report['seconds'] / 60:.0f} min, "
                f"{report['crawled']} URLs and forms crawled, "
                f"{report['attacked']} module-by-URL attacks"
            )
            for section in ("vulnerabilities", "anomalies", "additionals"):
                for category, findings in sorted(report.get(section, {}).items()):
                    for finding in findings:
                        info = finding.get("info", "")
                        reason = explanation(category, info)
                        # A vulnerability, or a server error while attacking, is a fault.
                        fault = reason is None and section in ("vulnerabilities", "anomalies")
                        failures += fault
                        where = f"{finding.get('method', '')} {finding.get('path', '')}".strip()
                        parameter = finding.get("parameter") or ""
                        label = "FAULT" if fault else "explained" if reason else "note"
                        print(f"  {label}: {category}: {where} {parameter}".rstrip())
                        print(f"    {info[:300]}")
                        if reason:
                            print(f"    why it is not a fault: {reason}")
            if session and not still_signed_in(port, session):
                print("  (the session ended during the scan: later attacks ran signed out)")
            counts = {
                section: sum(len(found) for found in report.get(section, {}).values())
                for section in ("vulnerabilities", "anomalies", "additionals")
            }
            print(f"  totals: {counts}")
        sessions = {name: signed_in(port, email) for name, email in PERSONAS.items() if email}
        for target, persona in SQLMAP_TARGETS.items():
            injectable, summary = run_sqlmap(base, workdir, target, sessions.get(persona))
            failures += injectable
            print(f"\nsqlmap {target} ({persona or 'anonymous'}): {summary}")
    finally:
        server.terminate()
        server.wait(timeout=15)
    verdict = f"findings to fix: {failures}" if failures else "nothing found to fix"
    print(f"\nReports in {workdir}; {verdict}.")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
