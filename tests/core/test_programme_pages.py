"""The line printed at the top of a programme page says whose programme and when the page
was drawn, in local time."""

import datetime
from types import SimpleNamespace

from django.utils import timezone

from core.templatetags.programme_pages import programme_print_header


def test_a_printed_programme_page_says_when_it_was_drawn(monkeypatch):
    drawn = datetime.datetime(2026, 6, 1, 13, 5, tzinfo=datetime.UTC)  # 14:05 in London
    monkeypatch.setattr(timezone, "now", lambda: drawn)
    programme = SimpleNamespace(name="Caring Together", trust=SimpleNamespace(name="Trust A"))
    assert programme_print_header(programme) == (
        "Trust A: Caring Together · as it stood on 1 June 2026 at 2:05pm"
    )
