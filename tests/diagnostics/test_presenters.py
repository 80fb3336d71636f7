"""Every survey state has its tag, with the colour the pages have always shown; the printed
results say which survey, when its figures were worked out and their k."""

import datetime
from types import SimpleNamespace

import pytest

from core.presenters import Tag
from diagnostics.constants import VersionStatus, WaveStatus
from diagnostics.instruments.presenters import version_status_tag
from diagnostics.results.presenters import change_tag, print_header
from diagnostics.results.statistics import Change
from diagnostics.surveys.presenters import wave_status_tag


@pytest.mark.parametrize(
    ("status", "tag"),
    [
        ("draft", Tag("Draft", "white")),
        ("scheduled", Tag("Scheduled", "blue")),
        ("open", Tag("Open", "green")),
        ("closed", Tag("Closed", "grey")),
    ],
)
def test_a_waves_status_tag(status, tag):
    assert wave_status_tag(status) == tag


def test_every_wave_status_has_a_tag():
    assert {wave_status_tag(status).text for status in WaveStatus} == {
        "Draft",
        "Scheduled",
        "Open",
        "Closed",
    }


def test_every_version_status_has_a_tag():
    assert version_status_tag("draft") == Tag("Draft", "white")
    assert version_status_tag("published") == Tag("Published", "green")
    assert all(version_status_tag(status) for status in VersionStatus)


@pytest.mark.parametrize(
    ("change", "tag"),
    [
        (Change(difference=7.0, z=2.5, significant=True), Tag("Better", "green")),
        (Change(difference=-7.0, z=-2.5, significant=True), Tag("Worse", "red")),
        (Change(difference=3.0, z=0.5, significant=False), Tag("No clear change", "grey", "span")),
    ],
)
def test_a_changes_tag(change, tag):
    assert change_tag(change) == tag


def test_printed_results_name_the_survey_the_day_its_figures_were_worked_out_and_k():
    wave = SimpleNamespace(
        title="Staff survey 2026", trust=SimpleNamespace(name="Trust A"), threshold_k=11
    )
    # 23:30 UTC on 31 March is 00:30 on 1 April in London: the page says the local day.
    worked_out = datetime.datetime(2026, 3, 31, 23, 30, tzinfo=datetime.UTC)
    data = SimpleNamespace(released=True, result=SimpleNamespace(computed_at=worked_out))
    assert print_header(wave, data) == (
        "Staff survey 2026, Trust A · figures worked out on 1 April 2026 · "
        "k = 11: no group of fewer than 11 people is shown"
    )


def test_no_print_header_before_the_figures_are_published():
    wave = SimpleNamespace(title="Staff survey", trust=SimpleNamespace(name="A"), threshold_k=5)
    assert print_header(wave, SimpleNamespace(released=False, result=None)) == ""
