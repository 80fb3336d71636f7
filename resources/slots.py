"""What the library puts in other apps' pages (core.slots): the page-feedback form in the
frame, its link on the survey pages, and recommended resources on programme and results
pages."""

from resources.templatetags.library import page_feedback, recommended_resources


def page_feedback_form(context):
    return "resources/includes/feedback_form.html", page_feedback(context)


def page_feedback_link(context):
    return "resources/includes/feedback_link.html", {"request": context.get("request")}


def recommended(context, **kwargs):
    return "resources/includes/recommended.html", recommended_resources(**kwargs)


def fill_slots() -> None:
    from core import slots

    slots.fill("page-feedback", page_feedback_form)
    slots.fill("page-feedback-link", page_feedback_link)
    slots.fill("recommended-resources", recommended)
