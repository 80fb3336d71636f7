"""The shared Tag value and the one component that draws every tag."""

import pytest
from django.template.loader import render_to_string

from core.presenters import TAG_COLOURS, Tag


def test_a_tag_knows_its_nhsuk_classes():
    assert Tag("Open", "green").css_class == "nhsuk-tag nhsuk-tag--green"
    assert Tag("Waiting").css_class == "nhsuk-tag"


@pytest.mark.parametrize("colour", ["purple", "nhsuk-tag--green"])
def test_a_tag_refuses_a_colour_nhsuk_has_not_got(colour):
    with pytest.raises(ValueError):
        Tag("Odd", colour)


def test_the_component_draws_a_tag_escaped():
    html = render_to_string("components/tag.html", {"tag": Tag("<b>Open</b>", "green")})
    assert html.strip() == (
        '<strong class="nhsuk-tag nhsuk-tag--green">&lt;b&gt;Open&lt;/b&gt;</strong>'
    )


def test_the_component_draws_a_span_tag_and_a_fixed_one_and_nothing_for_none():
    span = render_to_string("components/tag.html", {"tag": Tag("Same", "grey", element="span")})
    assert span.strip() == '<span class="nhsuk-tag nhsuk-tag--grey">Same</span>'
    fixed = render_to_string("components/tag.html", {"text": "Pilot trust", "colour": "blue"})
    assert fixed.strip() == '<strong class="nhsuk-tag nhsuk-tag--blue">Pilot trust</strong>'
    plain = render_to_string("components/tag.html", {"text": "Waiting"})
    assert plain.strip() == '<strong class="nhsuk-tag">Waiting</strong>'
    assert render_to_string("components/tag.html", {"tag": None}).strip() == ""


def test_every_colour_is_one_the_stylesheet_draws():
    from pathlib import Path

    from django.conf import settings

    css = "".join(
        path.read_text(errors="ignore")
        for path in Path(settings.BASE_DIR, "static").rglob("*.css")
        if "nhsuk" in path.name or "portal" in path.name
    )
    for colour in TAG_COLOURS - {""}:
        assert f"nhsuk-tag--{colour}" in css, colour


# --- Times and dates in the NHS style -------------------------------------------------------


@pytest.mark.parametrize(
    ("hour", "minute", "expected"),
    [
        (17, 0, "5pm"),
        (9, 30, "9:30am"),
        (9, 5, "9:05am"),
        (12, 0, "midday"),
        (0, 0, "midnight"),
        (12, 30, "12:30pm"),
        (0, 15, "12:15am"),
        (23, 59, "11:59pm"),
    ],
)
def test_times_are_written_the_nhs_way(hour, minute, expected):
    import datetime

    from core.presenters import time_label

    assert time_label(datetime.time(hour, minute)) == expected


def test_an_aware_time_is_shown_in_uk_time_summer_and_winter():
    import datetime

    from core.presenters import datetime_label, time_label

    summer = datetime.datetime(2026, 7, 1, 16, 0, tzinfo=datetime.UTC)  # 5pm BST
    winter = datetime.datetime(2026, 12, 4, 9, 30, tzinfo=datetime.UTC)
    assert time_label(summer) == "5pm"
    assert datetime_label(winter) == "4 December 2026 at 9:30am"
    assert datetime_label(winter, "l j M") == "Friday 4 Dec at 9:30am"


def test_the_template_filters_write_times_and_leave_nothing_for_none():
    import datetime

    from django.template import Context, Template

    template = Template(
        "{% load portal_format %}{{ at|nhs_time }}|{{ at|nhs_datetime }}|"
        '{{ at|nhs_datetime:"j M Y" }}|{{ none|nhs_time }}{{ none|nhs_datetime }}'
    )
    at = datetime.datetime(2026, 12, 4, 17, 0, tzinfo=datetime.UTC)
    assert template.render(Context({"at": at, "none": None})) == (
        "5pm|4 December 2026 at 5pm|4 Dec 2026 at 5pm|"
    )
