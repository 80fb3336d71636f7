"""What the library puts in other apps' pages (core.slots): the page-feedback form in the
frame, its link on the survey pages, recommended resources on programme and results pages,
and the curators' counts on the admin overview."""

from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from core import for_you
from resources import selectors
from resources.for_you import FEEDBACK_GROUP, TO_REVIEW_GROUP
from resources.forms import FeedbackForm, feedback_token
from resources.templatetags.library import recommended_resources

# The compact feedback form drawn through the form pack, once per process and language, with
# markers where each page's values go: it is on every staff page, and drawing it afresh cost
# about 2.5 ms a page (make bench). The markers hold no character that escaping changes.
_PAGE, _TOKEN, _CSRF = "@@feedback-page@@", "@@feedback-token@@", "@@feedback-csrf@@"
_drawn: dict[str, str] = {}


def _drawn_form() -> str:
    language = get_language() or ""
    if language not in _drawn:
        form = FeedbackForm(compact=True, initial={"page": _PAGE, "token": _TOKEN})
        _drawn[language] = render_to_string(
            "resources/includes/feedback_form.html", {"form": form, "csrf_token": _CSRF}
        )
    return _drawn[language]


def page_feedback_form(context):
    request = context.get("request")
    values = {
        _PAGE: request.path if request else "/",
        _TOKEN: feedback_token(),
        _CSRF: str(context.get("csrf_token") or ""),
    }
    html = _drawn_form()
    for marker, value in values.items():
        html = html.replace(marker, escape(value))
    return mark_safe(html)  # noqa: S308 - drawn by the template, each value escaped  # nosec B308 B703


def page_feedback_link(context):
    return "resources/includes/feedback_link.html", {"request": context.get("request")}


def recommended(context, **kwargs):
    return "resources/includes/recommended.html", recommended_resources(**kwargs)


def admin_overview_counts(context):
    """The same work as the curator's "For you" list, counted from that list when the page
    has it (no query), else by two queries."""
    request = context.get("request")
    if request is None or not request.user.is_national_admin:
        return None
    listed = context.get("for_you")
    to_review = for_you.group_total(listed, TO_REVIEW_GROUP)
    feedback = for_you.group_total(listed, FEEDBACK_GROUP)
    return "resources/includes/overview_counts.html", {
        "to_review": selectors.resources_to_review_by(request.user).count()
        if to_review is None
        else to_review,
        "feedback_open": selectors.feedback_list().count() if feedback is None else feedback,
    }


def fill_slots() -> None:
    from core import slots

    slots.fill("page-feedback", page_feedback_form)
    slots.fill("page-feedback-link", page_feedback_link)
    slots.fill("recommended-resources", recommended)
    slots.fill("admin-overview-library", admin_overview_counts)
