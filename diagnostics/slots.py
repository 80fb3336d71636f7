"""What diagnostics puts in lower apps' pages (core.slots): the latest survey's headline on
the programme overview."""

from diagnostics.records.presenters import survey_headline


def latest_survey(context, *, programme, user):
    return "diagnostics/includes/survey_headline.html", survey_headline(programme, user)


def fill_slots() -> None:
    from core import slots

    slots.fill("programme-overview", latest_survey)
