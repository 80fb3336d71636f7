"""How an instrument's section is asked: its questions drawn as NHS.UK radios. The
respondent's pages and the admins' preview both use it."""

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.presenters import Tag
from diagnostics.constants import SCALE_OPTIONS, VersionStatus
from diagnostics.instruments.forms import comment_field_name, item_field_name

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
    (docs/performance.md wants at least 250 of these pages a second). The markup follows
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


def comment_fields(form) -> list:
    return [form[comment_field_name(q.pk)] for q in form.comment_questions]


VERSION_STATUS_TAGS = {
    VersionStatus.DRAFT: Tag("Draft", "white"),
    VersionStatus.PUBLISHED: Tag("Published", "green"),
}


def version_status_tag(status: str) -> Tag:
    """An instrument version's status: published versions cannot change."""
    return VERSION_STATUS_TAGS[VersionStatus(status)]
