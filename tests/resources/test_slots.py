"""The page-feedback form drawn once per process: the same HTML as drawing it afresh."""

from django.template import Context, Template
from django.template.loader import render_to_string
from django.test import RequestFactory

from resources import slots
from resources.forms import FeedbackForm


def test_the_kept_form_is_the_form_pack_drawing_with_this_pages_values(monkeypatch):
    monkeypatch.setattr(slots, "feedback_token", lambda: "tok:en")
    slots._drawn.clear()
    request = RequestFactory().get('/a/"b"/')
    context = Context({"request": request, "csrf_token": "csrf<1>"})
    kept = slots.page_feedback_form(context)
    fresh = render_to_string(
        "resources/includes/feedback_form.html",
        {
            "form": FeedbackForm(compact=True, initial={"page": '/a/"b"/', "token": "tok:en"}),
            "csrf_token": "csrf<1>",
        },
    )
    assert kept == fresh
    assert 'value="/a/&quot;b&quot;/"' in kept


def test_the_frame_draws_it_through_its_slot(monkeypatch):
    request = RequestFactory().get("/somewhere/")
    html = Template('{% load slots %}{% slot "page-feedback" %}').render(
        Context({"request": request})
    )
    assert 'name="message"' in html and 'value="/somewhere/"' in html
