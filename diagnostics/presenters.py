"""Turn survey objects into what the respondent and staff pages show."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from diagnostics.constants import BANDS, PREFER_NOT_TO_SAY, SCALE_OPTIONS, STAFF_GROUPS, Demographic
from diagnostics.forms.survey_forms import comment_field_name, item_field_name


@dataclass
class QuestionRow:
    item: object
    field: object
    options: list

    @property
    def chosen(self) -> str:
        value = self.field.value()
        return "" if value is None else str(value)


def section_rows(form) -> list[QuestionRow]:
    return [
        QuestionRow(item, form[item_field_name(item.pk)], SCALE_OPTIONS[item.scale])
        for item in form.items
    ]


def comment_fields(form) -> list:
    return [form[comment_field_name(q.pk)] for q in form.comment_questions]


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
