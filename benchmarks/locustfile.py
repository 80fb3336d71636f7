"""The `make loadtest` scenario for locust: staff fill in and send the demo's open survey
page by page, as people do (a few seconds on each page), while OD leads read dashboards.

Each request is named by its endpoint, so locust reports a p95 per endpoint. A submit counts
as successful only when it is redirected to the thank-you page; the runner compares that
count with the responses stored."""

import json
import os
import random
import re

from locust import HttpUser, between, events, task

SLUG = os.environ.get("LOADTEST_SURVEY", "northumbria-culture-now")
PASSWORD = os.environ.get("LOADTEST_PASSWORD", "culture-demo-2026")
# [[name, path], ...]: the pages OD leads read.
DASHBOARDS = json.loads(os.environ.get("LOADTEST_DASHBOARDS", "[]"))

SUBMIT = "survey: submit (POST)"
SENT_FILE = os.environ.get("LOADTEST_SENT_FILE", "")
sent = {"count": 0}


@events.request.add_listener
def count_sent(name, exception, **kwargs):
    """Every successful submit, including those finishing while locust stops the users."""
    if name == SUBMIT and exception is None:
        sent["count"] += 1


@events.quitting.add_listener
def write_sent(environment, **kwargs):
    if SENT_FILE:
        with open(SENT_FILE, "w") as out:
            out.write(str(sent["count"]))


CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
FIELD = re.compile(r'<(?:input|select|textarea)[^>]*name="([^"]+)"')


def choices(html: str, name: str) -> list[str]:
    pattern = rf'<input[^>]*name="{re.escape(name)}"[^>]*value="([^"]*)"'
    options = r'<option value="([^"]+)"'
    found = re.findall(pattern, html)
    if not found and f'name="{name}"' in html and "<select" in html:
        found = re.findall(options, html.split(f'name="{name}"', 1)[1].split("</select>", 1)[0])
    return found


class Staff(HttpUser):
    """One member of staff after another at a shared or personal device: start, answer every
    section, say a little about themselves, check, send."""

    wait_time = between(2, 5)

    @task
    def fill_in_the_survey(self):
        self.client.cookies.clear()
        page = self.client.get(f"/s/{SLUG}/", name="survey: start page")
        token = CSRF.search(page.text).group(1)
        response = self.client.post(
            f"/s/{SLUG}/",
            data={"csrfmiddlewaretoken": token},
            name="survey: start (POST)",
            allow_redirects=False,
        )
        location = response.headers.get("Location", "")
        while location and "/check/" not in location:
            self.wait()
            kind = "about you" if "about-you" in location else "section"
            page = self.client.get(location, name=f"survey: {kind} page")
            data = {"csrfmiddlewaretoken": CSRF.search(page.text).group(1)}
            for name in set(FIELD.findall(page.text)) - {"csrfmiddlewaretoken"}:
                if name.startswith("comment_"):
                    if random.random() < 0.2:  # noqa: S311 - a simulated person, not security
                        data[name] = "More time for team meetings would help."
                    continue
                options = choices(page.text, name)
                if options:
                    data[name] = random.choice(options)  # noqa: S311
            response = self.client.post(
                location, data=data, name=f"survey: {kind} (POST)", allow_redirects=False
            )
            location = response.headers.get("Location", "")
        if not location:
            return
        page = self.client.get(location, name="survey: check page")
        token = CSRF.search(page.text).group(1)
        with self.client.post(
            f"/s/{SLUG}/submit/",
            data={"csrfmiddlewaretoken": token},
            name=SUBMIT,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code == 302 and "/sent/" in response.headers.get("Location", ""):
                response.success()
            else:
                response.failure(f"not sent: {response.status_code}")


class ODLead(HttpUser):
    """An OD lead signed in, reading the trust's dashboards between meetings."""

    fixed_count = int(os.environ.get("LOADTEST_OD_LEADS", "5"))
    wait_time = between(3, 8)

    def on_start(self):
        page = self.client.get("/sign-in/", name="sign-in page")
        self.client.post(
            "/sign-in/",
            data={
                "csrfmiddlewaretoken": CSRF.search(page.text).group(1),
                "username": "od.lead@demo.nhs.uk",
                "password": PASSWORD,
            },
            name="sign-in (POST)",
        )

    @task
    def read_a_dashboard(self):
        name, path = random.choice(DASHBOARDS)  # noqa: S311
        self.client.get(path, name=f"dashboard: {name}")
