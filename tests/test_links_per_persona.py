"""Every link a person is shown is one they may follow. For each persona of the demo, the
pages reachable from where they land (two clicks deep) are read, and every link on them
must open for that person: never 403 ("you may not"), 404 or a server error. A link shown
to someone who may not use it is a dead end, and tells them about pages that are not theirs.
"""

from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from django.test import Client

from accounts.models import User

pytestmark = pytest.mark.django_db

PERSONAS = [
    None,  # anonymous
    "od.lead@demo.nhs.uk",
    "change.team@demo.nhs.uk",
    "sponsor@demo.nhs.uk",
    "viewer@demo.nhs.uk",
    "national.admin@demo.nhs.uk",  # curators are national admins too: the same links
]
CLICKS = 2
# Not followed: the Django admin (its own guard, tested in tests/accounts), static files,
# and the respondent's survey pages, whose links depend on a survey cookie.
SKIPPED_PREFIXES = ("/admin/", "/static/", "/s/", "/media/")
OPEN = {200, 301, 302}


class LinkParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href") or ""
            self.links.append(href)


def internal_links(html: str) -> list[str]:
    parser = LinkParser()
    parser.feed(html)
    found = []
    for href in parser.links:
        href, _ = urldefrag(href)
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not href.startswith("/"):
            continue  # another site, mailto:, or a fragment on the page itself
        if href.startswith(SKIPPED_PREFIXES):
            continue
        found.append(href)
    return found


def client_for(email) -> Client:
    client = Client()
    if email:
        client.force_login(User.objects.get(email=email))
    return client


@pytest.mark.parametrize("email", PERSONAS, ids=lambda email: email or "anonymous")
def test_every_link_shown_opens_for_the_person_shown_it(seeded_demo, email):
    client = client_for(email)
    landing = client.get("/", follow=True)
    start = landing.redirect_chain[-1][0] if landing.redirect_chain else "/"
    queue = deque([(start, 0, "(landing page)")])
    seen = {start}
    dead_ends = []
    while queue:
        path, depth, shown_on = queue.popleft()
        response = client.get(path)
        if response.status_code not in OPEN:
            dead_ends.append(f"{path} answered {response.status_code} (linked from {shown_on})")
            continue
        if depth == CLICKS or response.status_code != 200:
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        for link in internal_links(response.content.decode()):
            if link not in seen:
                seen.add(link)
                queue.append((link, depth + 1, path))
    assert len(seen) > 5, f"only {sorted(seen)} reached: the crawl did not get started"
    assert dead_ends == [], "\n".join(dead_ends)
