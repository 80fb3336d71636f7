"""TODO docstring"""

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from diagnostics.constants import BANDS, PREFER_NOT_TO_SAY, SCALE_OPTIONS, STAFF_GROUPS, Demographic
from diagnostics.surveys.forms import comment_field_name, item_field_name
from diagnostics.surveys.selectors import stepped

QUESTION = (
    '<div class="nhsuk-form-group{group_error}">'
    '<fieldset class="nhsuk-fieldset"{described_by}>'
    '<legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{legend}</legend>'
    "{error}"
    '<div class="nhsuk-radios" data-module="nhsuk-radios">{radios}</div>'
    "</fieldset></div>\n"
)


RADIO = (
    '<div class="nhsuk-radios__item">'
    '<input class="nhsuk-radios__input" id="{id}" name="{name}" type="radio"'
    ' value="{value}"{checked}>'
    '<label class="nhsuk-label nhsuk-radios__label" for="{id}">{label}</label>'
    "</div>"
)


ERROR = (
    '<span class="nhsuk-error-message" id="{id}_error">'
    '<span class="nhsuk-u-visually-hidden">{prefix}</span> {message}</span>'
)


# Blank question HTML per (section, version published at, language): most section pages
# are drawn before any answer is chosen, and a published version never changes.
_blank_questions: dict[tuple, str] = {}


def section_questions_html(
    items, *, chosen: dict[str, str], errors: dict[str, str], blank_key: tuple | None = None
) -> str:
    """The section's questions, kept per process when `blank_key` is given and none of the
    items has an answer or an error."""
    items = list(items)
    blank = not errors and not any(item_field_name(item.pk) in chosen for item in items)
    if blank_key is None or not blank:
        return _questions_html(items, chosen=chosen, errors=errors)
    key = (*blank_key, get_language())
    if key not in _blank_questions:
        _blank_questions[key] = _questions_html(items, chosen={}, errors={})
    return _blank_questions[key]


def _questions_html(items, *, chosen: dict[str, str], errors: dict[str, str]) -> str:
    """The section's questions as NHS.UK fieldsets of radios, one per item.

    Built here with str.format, every value escaped, rather than in a template loop: the page
    holds up to 40 questions of five options, and the template loop was most of its cost
    (DESIGN.md section 5 wants at least 250 of these pages a second). The markup follows
    NHS.UK frontend's radios component; tests/diagnostics checks it, and axe checks the page.
    """
    labels = {
        scale: [(str(value), escape(str(label))) for value, label in options]
        for scale, options in SCALE_OPTIONS.items()
    }
    optional, error_prefix = escape(_("optional")), escape(_("Error:"))
    parts = []
    for item in items:
        name = item_field_name(item.pk)
        auto_id = f"id_{name}"
        answer = chosen.get(name, "")
        message = errors.get(name, "")
        radios = "".join(
            RADIO.format(
                id=f"{auto_id}_{n}",
                name=name,
                value=value,
                checked=" checked" if value == answer else "",
                label=label,
            )
            for n, (value, label) in enumerate(labels[item.scale])
        )
        legend = escape(item.text) + ("" if item.required else f" ({optional})")
        parts.append(
            QUESTION.format(
                group_error=" nhsuk-form-group--error" if message else "",
                described_by=f' aria-describedby="{auto_id}_error"' if message else "",
                legend=legend,
                error=ERROR.format(id=auto_id, prefix=error_prefix, message=escape(message))
                if message
                else "",
                radios=radios,
            )
        )
    return mark_safe("".join(parts))  # noqa: S308 - every value is escaped  # nosec B308 B703


def section_answers(form, draft) -> tuple[dict[str, str], dict[str, str]]:
    """(chosen option per field name, first error per field name) for drawing the page: from
    the posted form when it has errors, else from the saved draft."""
    if form is not None and form.is_bound:
        chosen = {name: str(form.data.get(name, "")) for name in form.fields}
        return chosen, {name: errors[0] for name, errors in form.errors.items()}
    return {item_field_name(int(pk)): str(value) for pk, value in draft.answers.items()}, {}


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
