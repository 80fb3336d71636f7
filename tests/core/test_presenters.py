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
