"""National admins' writes on instruments: draft versions, their sections, questions and
comment questions, publishing, and loading the shipped instruments."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from core.exceptions import ApplicationError
from diagnostics.constants import VersionStatus
from diagnostics.instruments.loading import load_instrument, real_models
from diagnostics.instruments.models import CommentQuestion, InstrumentVersion, Item, Section


@transaction.atomic
def instruments_shipped_load() -> int:
    """Load the instruments shipped with the portal that are not there yet."""
    from diagnostics.instruments.content import LEADERSHIP_BEHAVIOURS_SURVEY, WHOLE_STAFF_SURVEY

    return sum(
        load_instrument(content, models=real_models(), published_at=timezone.now())
        for content in (WHOLE_STAFF_SURVEY, LEADERSHIP_BEHAVIOURS_SURVEY)
    )


@transaction.atomic
def instrument_version_draft_create(*, version: InstrumentVersion) -> InstrumentVersion:
    """Start editing: copy a version, sections, items and comment questions into a new draft."""
    instrument = version.instrument
    if instrument.versions.filter(status=VersionStatus.DRAFT).exists():
        raise ApplicationError("This survey already has a draft version. Edit that one.")
    number = instrument.versions.aggregate(top=Max("number"))["top"] + 1
    draft = InstrumentVersion.objects.create(instrument=instrument, number=number)
    for section in version.sections.prefetch_related("items"):
        copy = Section.objects.create(
            version=draft,
            position=section.position,
            title=section.title,
            description=section.description,
        )
        Item.objects.bulk_create(
            Item(
                section=copy,
                position=item.position,
                code=item.code,
                text=item.text,
                element=item.element,
                polarity=item.polarity,
                scale=item.scale,
                required=item.required,
            )
            for item in section.items.all()
        )
    CommentQuestion.objects.bulk_create(
        CommentQuestion(version=draft, position=q.position, code=q.code, text=q.text)
        for q in version.comment_questions.all()
    )
    return draft


@transaction.atomic
def item_update(*, item: Item, **fields) -> Item:
    # Read the version fresh: it may have been published since this item was loaded.
    item = Item.objects.select_for_update().select_related("section__version").get(pk=item.pk)
    if item.section.version.is_published:
        raise ApplicationError("A published version cannot change. Create a new draft to edit.")
    for name, value in fields.items():
        setattr(item, name, value)
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def instrument_version_publish(*, version: InstrumentVersion) -> InstrumentVersion:
    version = InstrumentVersion.objects.select_for_update().get(pk=version.pk)
    if version.is_published:
        raise ApplicationError("This version is already published.")
    if not Item.objects.filter(section__version=version).exists():
        raise ApplicationError("Add at least one question before publishing.")
    empty = version.sections.filter(items__isnull=True).order_by("position").first()
    if empty is not None:
        raise ApplicationError(
            f"Section {empty.title} has no questions. Add one, or remove the section."
        )
    version.status = VersionStatus.PUBLISHED
    version.published_at = timezone.now()
    version.save(update_fields=["status", "published_at", "updated_at"])
    return version


def _editable_section(section: Section) -> Section:
    section = Section.objects.select_for_update().select_related("version").get(pk=section.pk)
    _editable_version(section.version)
    return section


@transaction.atomic
def section_update(*, section: Section, title: str, description: str) -> Section:
    section = _editable_section(section)
    section.title, section.description = title.strip(), description.strip()
    section.full_clean()
    section.save()
    return section


@transaction.atomic
def item_create(*, section: Section, **fields) -> Item:
    """Add a question at the end of a draft's section."""
    section = _editable_section(section)
    codes = set(
        Item.objects.filter(section__version=section.version).values_list("code", flat=True)
    ) | set(section.version.comment_questions.values_list("code", flat=True))
    if fields.get("code") in codes:
        raise ValidationError({"code": "Another question in this version has that code"})
    top = section.items.aggregate(top=Max("position"))["top"] or 0
    item = Item(section=section, position=top + 1, **fields)
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def item_delete(*, item: Item) -> None:
    section = _editable_section(item.section)
    item.delete()
    _renumber(section)


@transaction.atomic
def item_move(*, item: Item, up: bool) -> None:
    """Swap a question with the one above or below it in its section."""
    section = _editable_section(item.section)
    order = _swap(list(section.items.order_by("position")), item.pk, up=up)
    if order is not None:
        _renumber(section, order=order)


def _renumber(section: Section, order=None) -> None:
    _renumber_rows(Item, order if order is not None else list(section.items.order_by("position")))


def _renumber_rows(model, rows) -> None:
    """Positions 1..n in the given order. Two passes, so a unique (parent, position)
    constraint never sees a clash."""
    for offset, row in enumerate(rows, start=1000):
        model.objects.filter(pk=row.pk).update(position=offset)
    for position, row in enumerate(rows, start=1):
        model.objects.filter(pk=row.pk).update(position=position)


def _swap(rows: list, pk: int, *, up: bool) -> list | None:
    """The rows with `pk` swapped with its neighbour, or None at either end."""
    index = next(n for n, row in enumerate(rows) if row.pk == pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(rows):
        return None
    rows[index], rows[other] = rows[other], rows[index]
    return rows


def _editable_version(version: InstrumentVersion) -> InstrumentVersion:
    version = InstrumentVersion.objects.select_for_update().get(pk=version.pk)
    if version.is_published:
        raise ApplicationError("A published version cannot change. Create a new draft to edit.")
    return version


@transaction.atomic
def section_create(*, version: InstrumentVersion, title: str, description: str = "") -> Section:
    """Add an empty section at the end of a draft version."""
    version = _editable_version(version)
    top = version.sections.aggregate(top=Max("position"))["top"] or 0
    section = Section(
        version=version, position=top + 1, title=title.strip(), description=description.strip()
    )
    section.full_clean()
    section.save()
    return section


@transaction.atomic
def section_delete(*, section: Section) -> int:
    """Remove a draft's section with its questions; returns how many questions went."""
    section = _editable_section(section)
    version = section.version
    if version.sections.count() == 1:
        raise ApplicationError("A survey needs at least one section. Add another one first.")
    removed = section.items.count()
    section.delete()
    _renumber_rows(Section, list(version.sections.order_by("position")))
    return removed


@transaction.atomic
def section_move(*, section: Section, up: bool) -> None:
    """Swap a section with the one before or after it."""
    section = _editable_section(section)
    sections = list(section.version.sections.order_by("position"))
    order = _swap(sections, section.pk, up=up)
    if order is not None:
        _renumber_rows(Section, order)


def _check_comment_code(version: InstrumentVersion, code: str, *, exclude=None) -> None:
    taken = CommentQuestion.objects.filter(version=version, code=code).exclude(pk=exclude)
    if taken.exists() or Item.objects.filter(section__version=version, code=code).exists():
        raise ValidationError({"code": "Another question in this version has that code"})


@transaction.atomic
def comment_question_create(*, version: InstrumentVersion, code: str, text: str) -> CommentQuestion:
    """Add a free-text question at the end of a draft version's comment questions."""
    version = _editable_version(version)
    _check_comment_code(version, code)
    top = version.comment_questions.aggregate(top=Max("position"))["top"] or 0
    question = CommentQuestion(version=version, position=top + 1, code=code, text=text.strip())
    question.full_clean()
    question.save()
    return question


def _editable_comment_question(question: CommentQuestion) -> CommentQuestion:
    question = (
        CommentQuestion.objects.select_for_update().select_related("version").get(pk=question.pk)
    )
    _editable_version(question.version)
    return question


@transaction.atomic
def comment_question_update(*, question: CommentQuestion, text: str) -> CommentQuestion:
    question = _editable_comment_question(question)
    question.text = text.strip()
    question.full_clean()
    question.save()
    return question


@transaction.atomic
def comment_question_delete(*, question: CommentQuestion) -> None:
    question = _editable_comment_question(question)
    version = question.version
    question.delete()
    _renumber_rows(CommentQuestion, list(version.comment_questions.order_by("position")))
