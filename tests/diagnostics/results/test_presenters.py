"""What the results pages say in words: why a survey shows no figures and what has to
happen first, strengths and areas in the order of their figures, findings as sentences, and
why there is no sector benchmark."""

import datetime
from types import SimpleNamespace

import pytest

from diagnostics.results.presenters import (
    Figure,
    benchmark_note,
    finding_statement,
    strengths_and_areas,
    why_no_figures,
)

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


def figure(label, pct, score, suppressed=False):
    return Figure(
        key=label,
        label=label,
        suppressed=suppressed,
        pct_positive=None if suppressed else pct,
        score=None if suppressed else score,
    )


def test_strengths_and_areas_follow_the_favourable_share_shown_beside_them():
    # "Strongly agree" lifts a score without lifting % favourable: B scores above A but
    # fewer answered favourably, so A comes first, as the numbers beside them say.
    figures = [
        figure("A", 80, 7.0),
        figure("B", 75, 8.0),
        figure("C", 20, 2.0),
        figure("D", 8, 3.5),
        figure("E", 12, 2.5),
        figure("F", 50, 5.0),
        figure("Hidden", None, None, suppressed=True),
    ]
    strengths, areas = strengths_and_areas(figures)
    assert [f.label for f in strengths] == ["A", "B", "F"]
    assert [f.label for f in areas] == ["D", "E", "C"]
    shown = [f.pct_positive for f in strengths]
    assert shown == sorted(shown, reverse=True)
    assert [f.pct_positive for f in areas] == sorted(f.pct_positive for f in areas)


def test_with_few_questions_none_is_both_a_strength_and_an_area():
    strengths, areas = strengths_and_areas([figure("A", 80, 7.0), figure("B", 40, 4.0)])
    assert [f.label for f in strengths] == ["A", "B"] and areas == []
    strengths, areas = strengths_and_areas(
        [figure(c, p, p / 10) for c, p in zip("ABCD", (9, 7, 5, 3), strict=True)]
    )
    assert [f.label for f in strengths] == ["A", "B", "C"]
    assert [f.label for f in areas] == ["D"]


def test_equal_shares_are_ranked_by_score():
    strengths, areas = strengths_and_areas(
        [figure("A", 60, 6.0), figure("B", 60, 6.5), figure("C", 60, 5.5)], count=1
    )
    assert [f.label for f in strengths] == ["B"] and [f.label for f in areas] == ["C"]


@pytest.mark.parametrize(
    ("label", "title", "statement"),
    [
        (
            "Senior leaders make me feel small.",
            "Staff survey 2026",
            "In Staff survey 2026, 8% answered favourably to ‘Senior leaders make me feel small’.",
        ),
        (
            "…feel small.",
            "Pulse.",
            "In Pulse, 8% answered favourably to ‘…feel small’.",
        ),
        (
            "‘I am  treated fairly.’ ",
            "Staff survey 2026",
            "In Staff survey 2026, 8% answered favourably to ‘I am treated fairly’.",
        ),
        (
            "Would you recommend us as a place to work?",
            "Staff survey 2026",
            "In Staff survey 2026, 8% answered favourably to "
            "‘Would you recommend us as a place to work?’",
        ),
        (
            "My manager's door is open:",
            "Staff survey 2026",
            "In Staff survey 2026, 8% answered favourably to ‘My manager's door is open’.",
        ),
    ],
)
def test_a_finding_from_a_question_reads_as_one_sentence(label, title, statement):
    assert finding_statement(figure(label, 8.2, 1.5), title) == statement


def benchmarked_wave(sector="acute"):
    return SimpleNamespace(
        trust=SimpleNamespace(sector=sector),
        version=SimpleNamespace(instrument=SimpleNamespace(name="Culture and leadership survey")),
    )


def test_a_trust_without_a_sector_benchmark_is_told_why():
    from diagnostics import constants
    from diagnostics.results import services

    # The note, the nightly benchmarks and the table's constraint all use this one minimum.
    assert services.MINIMUM_BENCHMARK_TRUSTS is constants.MINIMUM_BENCHMARK_TRUSTS == 5
    note = benchmark_note(benchmarked_wave("mental_health"), [], has_benchmark=False)
    assert note == (
        "There is no sector benchmark for this survey yet: fewer than 5 mental health and "
        "learning disability trusts have final figures from a closed ‘Culture and leadership "
        "survey’. Benchmarks are worked out every night, from each trust's latest such "
        "survey, and one appears once at least 5 trusts contribute."
    )


def test_a_missing_benchmark_beside_one_element_or_one_group_is_explained():
    with_one = figure("Teamwork", 60, 6.0)
    with_one.benchmark = object()
    without = figure("Vision", 50, 5.0)
    note = benchmark_note(benchmarked_wave(), [with_one, without], has_benchmark=True)
    assert note == (
        "A dash in the benchmark column means fewer than 5 acute trusts had a figure shown "
        "for that element."
    )
    assert benchmark_note(benchmarked_wave(), [with_one], has_benchmark=True) == ""
    hidden = figure("Hidden", None, None, suppressed=True)
    assert benchmark_note(benchmarked_wave(), [with_one, hidden], has_benchmark=True) == ""
    assert benchmark_note(benchmarked_wave(), [], has_benchmark=False, whole_survey=False) == (
        "The acute trusts' benchmark is for whole surveys, so it is not shown for one group."
    )


@pytest.mark.parametrize(
    ("reason", "said"),
    [
        ("main", "It is the main survey of 2025, as marked on its page."),
        (
            "largest",
            "No survey closed in the last 18 months is marked as its year's main survey, so "
            "this is the one with the most responses of those that closed then.",
        ),
        (
            "newest",
            "No survey has closed with figures in the last 18 months, so this is the latest "
            "one that has them.",
        ),
        ("no-figures", ""),
    ],
)
def test_the_headline_says_why_its_survey_is_the_one_shown(reason, said):
    from diagnostics.results.presenters import headline_choice
    from diagnostics.results.selectors import HeadlineSurvey

    headline = HeadlineSurvey(SimpleNamespace(main_of_year=2025), reason)
    assert headline_choice(headline) == said
