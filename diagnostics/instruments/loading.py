"""Load a shipped instrument (diagnostics/instruments/content.py) as a published version 1.

Used by a data migration, so a production install has the instruments, and by seed_demo.
It takes the model classes as arguments so the migration can pass its historical models."""

from types import SimpleNamespace


def real_models() -> SimpleNamespace:
    from diagnostics.instruments import models

    return SimpleNamespace(
        Instrument=models.Instrument,
        InstrumentVersion=models.InstrumentVersion,
        Section=models.Section,
        Item=models.Item,
        CommentQuestion=models.CommentQuestion,
    )


def load_instrument(content: dict, *, models: SimpleNamespace, published_at) -> bool:
    """Create the instrument and its published version 1; False if it already exists."""
    if models.Instrument.objects.filter(slug=content["slug"]).exists():
        return False
    instrument = models.Instrument.objects.create(
        slug=content["slug"],
        name=content["name"],
        summary=content["summary"],
        audience=content["audience"],
        minutes=content["minutes"],
    )
    version = models.InstrumentVersion.objects.create(
        instrument=instrument, number=1, status="published", published_at=published_at
    )
    for section_position, section_content in enumerate(content["sections"], start=1):
        section = models.Section.objects.create(
            version=version,
            position=section_position,
            title=section_content["title"],
            description=section_content.get("description", ""),
        )
        models.Item.objects.bulk_create(
            models.Item(
                section=section,
                position=position,
                code=item["code"],
                text=item["text"],
                element=item["element"],
                polarity=item["polarity"],
                scale=item["scale"],
                required=item["required"],
            )
            for position, item in enumerate(section_content["items"], start=1)
        )
    models.CommentQuestion.objects.bulk_create(
        models.CommentQuestion(version=version, position=position, code=q["code"], text=q["text"])
        for position, q in enumerate(content.get("comment_questions", []), start=1)
    )
    return True
