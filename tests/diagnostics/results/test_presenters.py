"""What the results pages say in words: why a survey shows no figures, and what has to
happen first."""

import datetime
from types import SimpleNamespace

import pytest

from diagnostics.results.presenters import why_no_figures

OPENS = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
# 23:30 UTC on 31 March is 00:30 on 1 April in London: pages say the UK day.
CLOSES = datetime.datetime(2026, 3, 31, 23, 30, tzinfo=datetime.UTC)


def wave(status, k=11):
    return SimpleNamespace(status=status, threshold_k=k, opens_at=OPENS, closes_at=CLOSES)


def result(*, final, counted=0, state="waiting"):
    return SimpleNamespace(final=final, responses_counted=counted, state=state)


def test_published_figures_need_no_explanation():
    assert why_no_figures(wave("closed"), result(final=True, counted=40, state="fresh")) is None


@pytest.mark.parametrize(
    ("status", "res", "answered", "reason", "why", "then"),
    [
        (
            "draft",
            None,
            None,
            "draft",
            "This survey is still a draft, so nobody can answer it yet.",
            "Its figures are published once, when it closes (planned for 1 April 2026), "
            "if at least 11 people have answered by then.",
        ),
        (
            "scheduled",
            None,
            None,
            "scheduled",
            "This survey has not opened yet: it opens on 2 March 2026.",
            "Its figures are published once, when it closes on 1 April 2026, "
            "if at least 11 people have answered by then.",
        ),
        (
            "open",
            None,
            0,
            "open-too-few",
            "The survey is still open, and fewer than 11 people have answered so far.",
            "Its figures are published once, when it closes on 1 April 2026, and only if "
            "at least 11 people have answered by then.",
        ),
        (
            "open",
            # Figures left from before publish-once (migration 0011) change nothing.
            result(final=False, counted=40, state="fresh"),
            33,
            "open",
            "The survey is still open: at least 33 people have answered so far.",
            "Its figures are published once, when it closes on 1 April 2026.",
        ),
        (
            "closed",
            None,
            None,
            "working-out",
            "The survey closed on 1 April 2026. Its figures are being worked out now, once, "
            "from every response it received.",
            "They are usually ready within a minute or two: look again shortly.",
        ),
        (
            "closed",
            result(final=False, state="failed"),
            None,
            "failed",
            "The survey closed on 1 April 2026, but working out its figures failed, so "
            "nothing was stored.",
            "The portal tries again every few minutes, so the figures should follow soon.",
        ),
        (
            "closed",
            result(final=True),
            None,
            "too-few",
            "Fewer than 11 people answered this survey in total, so it has no figures: "
            "showing any could identify the people who answered.",
            "It will never have figures. A survey needs at least 11 responses for any figure "
            "to be shown.",
        ),
    ],
)
def test_each_state_says_why_and_what_has_to_happen_first(status, res, answered, reason, why, then):
    said = why_no_figures(wave(status), res, answered_so_far=answered)
    assert (said.reason, said.why, said.then) == (reason, why, then)


def test_the_surveys_own_k_is_used():
    said = why_no_figures(wave("open", k=5), None, answered_so_far=0)
    assert "fewer than 5 people" in said.why and "at least 5 people" in said.then
