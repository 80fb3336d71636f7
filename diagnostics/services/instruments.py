from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from core.exceptions import ApplicationError
from diagnostics.constants import VersionStatus
from diagnostics.instrument_loading import load_instrument, real_models
from diagnostics.models import CommentQuestion, InstrumentVersion, Item, Section


@transaction.atomic
def instruments_shipped_load() -> int:
    """Load the instruments shipped with the portal that are not there yet."""
    from diagnostics.instrument_content import LEADERSHIP_BEHAVIOURS_SURVEY, WHOLE_STAFF_SURVEY

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
    version.status = VersionStatus.PUBLISHED
    version.published_at = timezone.now()
    version.save(update_fields=["status", "published_at", "updated_at"])
    return version


def _editable_section(section: Section) -> Section:
    section = Section.objects.select_for_update().select_related("version").get(pk=section.pk)
    if section.version.is_published:
        raise ApplicationError("A published version cannot change. Create a new draft to edit.")
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
    )
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
    items = list(section.items.order_by("position"))
    index = next(n for n, candidate in enumerate(items) if candidate.pk == item.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(items):
        return
    items[index], items[other] = items[other], items[index]
    _renumber(section, order=items)


def _renumber(section: Section, order=None) -> None:
    items = order if order is not None else list(section.items.order_by("position"))
    # Two passes, so the unique (section, position) constraint never sees a clash.
    for offset, item in enumerate(items, start=1000):
        Item.objects.filter(pk=item.pk).update(position=offset)
    for position, item in enumerate(items, start=1):
        Item.objects.filter(pk=item.pk).update(position=position)
