"""The one choice of the survey that stands for a trust at a glance (the programme
overview's headline and the bright spots), and the months it looks back."""

import datetime

import pytest

from diagnostics.constants import WaveStatus
from diagnostics.results.models import ResultRow
from diagnostics.results.selectors import (
    HeadlineReason,
    _months_ago,
    element_scores_headline,
    headline_survey,
    newer_survey_without_figures,
)
from programmes.constants import Element
from tests.diagnostics.factories import WaveFactory, published_wave

pytestmark = pytest.mark.django_db


def chosen(trust):
    headline = headline_survey(trust=trust)
    return headline.wave, headline.reason


def test_a_small_pulse_survey_does_not_replace_a_large_one(trust_a):
    big = published_wave(trust_a, closed_days_ago=120, responses=420, title="Staff survey")
    published_wave(trust_a, closed_days_ago=10, responses=13, title="Pulse")
    assert chosen(trust_a) == (big, HeadlineReason.LARGEST)


def test_the_marked_main_survey_comes_first(trust_a):
    # The years marked need only differ here: the service sets them from the closing date.
    published_wave(trust_a, closed_days_ago=200, responses=420)
    main = published_wave(trust_a, closed_days_ago=100, responses=300, main_of_year=2000)
    published_wave(trust_a, closed_days_ago=300, responses=350, main_of_year=1999)
    published_wave(trust_a, closed_days_ago=10, responses=13)
    assert chosen(trust_a) == (main, HeadlineReason.MAIN)  # the latest of those marked


def test_a_main_survey_older_than_the_window_gives_way_to_the_largest_recent_one(trust_a):
    published_wave(trust_a, closed_days_ago=600, responses=900, main_of_year=2000)
    pulse = published_wave(trust_a, closed_days_ago=300, responses=40)
    published_wave(trust_a, closed_days_ago=30, responses=13)
    assert chosen(trust_a) == (pulse, HeadlineReason.LARGEST)


def test_equal_sizes_go_to_the_later_survey(trust_a):
    published_wave(trust_a, closed_days_ago=300, responses=50)
    later = published_wave(trust_a, closed_days_ago=30, responses=50)
    assert chosen(trust_a)[0] == later


def test_with_nothing_recent_the_latest_with_figures_is_used(trust_a):
    published_wave(trust_a, closed_days_ago=900, responses=900)
    latest = published_wave(trust_a, closed_days_ago=600, responses=20)
    assert chosen(trust_a) == (latest, HeadlineReason.NEWEST)


def test_surveys_without_published_figures_are_never_chosen_while_one_has_them(trust_a):
    with_figures = published_wave(trust_a, closed_days_ago=100, responses=20)
    published_wave(trust_a, closed_days_ago=5, responses=0)  # closed below k
    published_wave(trust_a, closed_days_ago=3, responses=500, final=False)  # being worked out
    WaveFactory(trust=trust_a, status=WaveStatus.OPEN)
    assert chosen(trust_a) == (with_figures, HeadlineReason.LARGEST)


def test_without_any_figures_the_newest_survey_is_given_to_say_why(trust_a, trust_b):
    assert chosen(trust_a) == (None, HeadlineReason.NO_FIGURES)
    published_wave(trust_a, closed_days_ago=30, responses=0)
    still_open = WaveFactory(trust=trust_a, status=WaveStatus.OPEN)
    published_wave(trust_b, closed_days_ago=30, responses=400)  # another trust's
    headline = headline_survey(trust=trust_a)
    assert (headline.wave, headline.has_figures) == (still_open, False)


def test_a_newer_survey_without_figures_is_named_beside_the_headline(trust_a):
    headline_wave = published_wave(trust_a, closed_days_ago=100, responses=400)
    assert newer_survey_without_figures(headline_survey(trust=trust_a)) is None
    WaveFactory(trust=trust_a, status=WaveStatus.DRAFT)  # nobody can answer a draft yet
    assert newer_survey_without_figures(headline_survey(trust=trust_a)) is None
    pulse = WaveFactory(trust=trust_a, status=WaveStatus.OPEN)
    headline = headline_survey(trust=trust_a)
    assert headline.wave == headline_wave
    assert newer_survey_without_figures(headline) == pulse


def test_the_headlines_element_scores_are_its_shown_whole_survey_ones(trust_a):
    big = published_wave(trust_a, closed_days_ago=120, responses=420)
    pulse = published_wave(trust_a, closed_days_ago=10, responses=13)
    for wave, score in ((big, 6.2), (pulse, 1.0)):
        ResultRow.objects.create(
            wave=wave, breakdown="all", kind="element", element=Element.TEAMWORK, score=score
        )
    ResultRow.objects.create(
        wave=big, breakdown="all", kind="element", element=Element.VISION_VALUES, suppressed=True
    )
    headline, scores = element_scores_headline(trust=trust_a)
    assert headline.wave == big and scores == {Element.TEAMWORK: 6.2}


@pytest.mark.parametrize(
    ("now", "then"),
    [
        (datetime.datetime(2026, 6, 15, 9, tzinfo=datetime.UTC), (2024, 12, 15)),
        (datetime.datetime(2026, 8, 31, 9, tzinfo=datetime.UTC), (2025, 2, 28)),
        (datetime.datetime(2025, 8, 31, 9, tzinfo=datetime.UTC), (2024, 2, 29)),
    ],
)
def test_eighteen_months_back_is_the_same_day_or_the_months_last(now, then):
    back = _months_ago(now, 18)
    assert (back.year, back.month, back.day) == then
