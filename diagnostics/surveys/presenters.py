"""Turn survey objects into what the respondent and staff pages show."""

from django.utils.translation import gettext as _

from core.presenters import Tag
from diagnostics.constants import (
    BANDS,
    PREFER_NOT_TO_SAY,
    SCALE_OPTIONS,
    STAFF_GROUPS,
    Demographic,
    WaveStatus,
)
from diagnostics.instruments.forms import item_field_name
from diagnostics.surveys.selectors import stepped

WAVE_STATUS_TAGS = {
    WaveStatus.DRAFT: Tag("Draft", "white"),
    WaveStatus.SCHEDULED: Tag("Scheduled", "blue"),
    WaveStatus.OPEN: Tag("Open", "green"),
    WaveStatus.CLOSED: Tag("Closed", "grey"),
}


def wave_status_tag(status: str) -> Tag:
    """A survey wave's status on the staff pages."""
    return WAVE_STATUS_TAGS[WaveStatus(status)]


def main_survey_tag(wave) -> Tag | None:
    """ "Main survey of 2025" beside a survey its OD lead marked as its year's main one."""
    return Tag(f"Main survey of {wave.main_of_year}") if wave.main_of_year else None


def section_answers(form, draft) -> tuple[dict[str, str], dict[str, str]]:
    """(chosen option per field name, first error per field name) for drawing the page: from
    the posted form when it has errors, else from the saved draft."""
    if form is not None and form.is_bound:
        chosen = {name: str(form.data.get(name, "")) for name in form.fields}
        return chosen, {name: errors[0] for name, errors in form.errors.items()}
    return {item_field_name(int(pk)): str(value) for pk, value in draft.answers.items()}, {}


def demographic_label(wave, dimension: str, value: str) -> str:
    if value == PREFER_NOT_TO_SAY:
        return _("Prefer not to say")
    if dimension == Demographic.DIRECTORATE:
        names = {d.code: d.name for d in wave.directorates.all()}
        return names.get(value, value)
    lookup = dict(STAFF_GROUPS if dimension == Demographic.STAFF_GROUP else BANDS)
    return str(lookup.get(value, value))


def check_answers(wave, sections, draft, comment_questions) -> dict:
    """Everything the check-your-answers page lists, section by section."""
    blocks = []
    for number, section in enumerate(sections, start=1):
        rows = []
        for item in section.items.all():
            value = draft.answers.get(str(item.pk))
            label = dict(SCALE_OPTIONS[item.scale]).get(value) if value else None
            rows.append({"question": item.text, "answer": label, "required": item.required})
        blocks.append({"number": number, "title": section.title, "rows": rows})
    about_you = [
        {
            "question": {
                Demographic.DIRECTORATE: _("Directorate"),
                Demographic.STAFF_GROUP: _("Staff group"),
                Demographic.BAND: _("Pay band"),
            }[dimension],
            "answer": demographic_label(wave, dimension, draft.demographics[dimension])
            if dimension in draft.demographics
            else None,
        }
        for dimension in wave.demographics_asked
    ]
    comments = [
        {"question": q.text, "answer": draft.comments.get(str(q.pk), "")} for q in comment_questions
    ]
    return {"sections": blocks, "about_you": about_you, "comments": comments}


def labelled_summary(wave, summary: dict) -> dict:
    """Give each group in the wave's response summary its display name."""
    for dimension, rows in summary["groups"].items():
        for row in rows:
            row["label"] = demographic_label(wave, dimension, row["group"])
    return summary


def progress_label(count: int | None, k: int) -> str:
    """A response count as fieldwork shows it: in whole steps of k, never exact."""
    shown = stepped(count or 0, k)
    if not shown:
        return _("Fewer than %(k)s") % {"k": k}
    return _("At least %(n)s") % {"n": shown}


def with_progress(waves) -> list:
    """Each wave with `progress`: an open one's response count in steps of its k; a closed
    one's count as its published figures give it (the raw answers may be deleted since)."""
    waves = list(waves)
    for wave in waves:
        if wave.status == "closed" and wave.published:
            wave.progress = (
                str(wave.published_count)
                if wave.published_count
                else _("Fewer than %(k)s") % {"k": wave.threshold_k}
            )
        else:
            wave.progress = progress_label(wave.response_count, wave.threshold_k)
    return waves
