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


class TestFramePartsForVisitors:
    """core/templatetags/frame.py::frame_part draws the header and footer once per process
    for visitors who are not signed in; what they see must not change."""

    def _header(self, client, path):
        html = client.get(path).content.decode()
        return html[html.index('<header class="nhsuk-header"') : html.index("</header>")]

    def test_a_visitor_gets_the_header_the_include_draws(self, client, db):
        from core.templatetags import frame

        frame._anonymous_parts.clear()
        drawn = self._header(client, "/")  # drawn by the include, then kept
        assert frame._anonymous_parts
        assert self._header(client, "/") == drawn
        assert 'href="/sign-in/"' in drawn

    def test_the_current_menu_item_is_marked_on_each_page(self, client, db):
        home = self._header(client, "/")
        library = self._header(client, "/resources/")
        assert "nhsuk-header__navigation-item--current" not in home
        assert "nhsuk-header__navigation-item--current" in library
        assert self._header(client, "/") == home

    def test_a_signed_in_person_gets_their_own_header(self, client, od_lead_a, viewer_a):
        client.get("/")  # a visitor's header is kept
        client.force_login(od_lead_a)
        assert "Olu Lead" in self._header(client, "/")
        client.force_login(viewer_a)
        header = self._header(client, "/")
        assert "Vera Viewer" in header and "Olu Lead" not in header
