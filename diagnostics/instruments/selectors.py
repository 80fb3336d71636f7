"""Reads of instruments and their versions: the published sections and comment questions a
survey shows, and the admin pages' lists."""

from django.db.models import Prefetch, QuerySet

from diagnostics.instruments.models import (
    CommentQuestion,
    Instrument,
    InstrumentVersion,
    Item,
    Section,
)

# (version id, publication time) -> sections; the time guards against a reused id.
_published_sections: dict[tuple, list[Section]] = {}


def survey_sections(version: InstrumentVersion) -> list[Section]:
    """Sections with their items. A published version never changes, so each process keeps
    its sections after the first read; drafts are always read afresh."""
    key = (version.pk, version.published_at)
    if version.is_published and key in _published_sections:
        return _published_sections[key]
    sections = list(
        version.sections.prefetch_related(
            Prefetch("items", queryset=Item.objects.order_by("position"))
        ).order_by("position")
    )
    if version.is_published:
        _published_sections[key] = sections
    return sections


_published_comment_questions: dict[tuple, list] = {}


def survey_comment_questions(version: InstrumentVersion) -> list:
    """The free-text questions; kept per process for published versions, like sections."""
    key = (version.pk, version.published_at)
    if version.is_published and key in _published_comment_questions:
        return _published_comment_questions[key]
    questions = list(version.comment_questions.order_by("position"))
    if version.is_published:
        _published_comment_questions[key] = questions
    return questions


def published_version_list() -> QuerySet[InstrumentVersion]:
    return (
        InstrumentVersion.objects.published()
        .select_related("instrument")
        .order_by("instrument__name", "-number")
    )


def instrument_list() -> QuerySet[Instrument]:
    return Instrument.objects.prefetch_related(
        Prefetch("versions", queryset=InstrumentVersion.objects.order_by("-number"))
    ).order_by("name")


def instrument_version_get(*, pk: int) -> InstrumentVersion | None:
    return InstrumentVersion.objects.select_related("instrument").filter(pk=pk).first()


def item_get(*, pk: int) -> Item | None:
    return Item.objects.select_related("section__version__instrument").filter(pk=pk).first()


def comment_question_get(*, pk: int) -> CommentQuestion | None:
    return CommentQuestion.objects.select_related("version__instrument").filter(pk=pk).first()


def section_get(*, pk: int) -> Section | None:
    return Section.objects.select_related("version__instrument").filter(pk=pk).first()
