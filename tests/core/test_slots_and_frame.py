"""The registries through which higher apps fill core's frame and lower apps' pages."""

from django.template import Context, Template

from core import navigation, slots


def render(text: str, **context) -> str:
    return Template(text).render(Context(context))


def test_an_unfilled_slot_shows_nothing():
    assert render('{% load slots %}[{% slot "nobody-fills-this" %}]') == "[]"


def test_a_filled_slot_renders_its_template_with_the_page_csrf_token(monkeypatch):
    monkeypatch.setitem(slots._fillers, "test-slot", lambda context, **kw: ("x.html", kw))
    monkeypatch.setattr(
        "django.template.engine.Engine.get_template",
        lambda self, name: Template("{{ word }}:{{ csrf_token }}"),
    )
    html = render('{% load slots %}{% slot "test-slot" word=w %}', w="<b>", csrf_token="tok")
    assert html == "&lt;b&gt;:tok"


def test_a_filler_may_decline():
    slots.fill("declining", lambda context: None)
    assert render('{% load slots %}[{% slot "declining" %}]') == "[]"


def test_the_frame_asks_for_links_by_role():
    assert navigation.frame_url("sign-in") == "/sign-in/"
    assert navigation.frame_url("no-such-role") == ""
    assert ("Resource library", "/resources/") in navigation.footer_links()


def test_the_frame_renders_without_a_request():
    html = render("{% load frame %}{% frame_url 'sign-in' %}")
    assert html == navigation.frame_url("sign-in")
