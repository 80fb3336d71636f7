import random
from datetime import timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from diagnostics.constants import AccessMode, Polarity, Scale, VersionStatus, WaveStatus
from diagnostics.instruments.models import (
    CommentQuestion,
    Instrument,
    InstrumentVersion,
    Item,
    Section,
)
from diagnostics.surveys.models import Answer, Directorate, Response, Wave
from programmes.constants import Element
from tests.accounts.factories import TrustFactory


class InstrumentFactory(DjangoModelFactory):
    class Meta:
        model = Instrument

    slug = factory.Sequence(lambda n: f"instrument-{n}")
    name = factory.Sequence(lambda n: f"Test survey {n}")
    summary = "A survey for tests."
    audience = "All staff"
    minutes = 5


class InstrumentVersionFactory(DjangoModelFactory):
    class Meta:
        model = InstrumentVersion

    instrument = factory.SubFactory(InstrumentFactory)
    number = 1
    status = VersionStatus.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)


class SectionFactory(DjangoModelFactory):
    class Meta:
        model = Section

    version = factory.SubFactory(InstrumentVersionFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Section {n}")


class ItemFactory(DjangoModelFactory):
    class Meta:
        model = Item

    section = factory.SubFactory(SectionFactory)
    position = factory.Sequence(lambda n: n + 1)
    code = factory.Sequence(lambda n: f"T-{n:03d}")
    text = factory.Sequence(lambda n: f"Statement number {n} about work")
    element = Element.TEAMWORK
    polarity = Polarity.POSITIVE
    scale = Scale.AGREEMENT
    required = True


def build_version(sections=2, items_per_section=3, comment_questions=1, **version_kwargs):
    """A published version with sections of items and a comment question."""
    version = InstrumentVersionFactory(**version_kwargs)
    for s in range(1, sections + 1):
        section = SectionFactory(version=version, position=s, title=f"Part {s}")
        for i in range(1, items_per_section + 1):
            ItemFactory(section=section, position=i, code=f"S{s}-I{i}-{version.pk}")
    for q in range(1, comment_questions + 1):
        CommentQuestion.objects.create(
            version=version, position=q, code=f"C{q}-{version.pk}", text=f"Any comments {q}?"
        )
    return version


class DirectorateFactory(DjangoModelFactory):
    class Meta:
        model = Directorate

    trust = factory.SubFactory(TrustFactory)
    code = factory.Sequence(lambda n: f"directorate-{n}")
    name = factory.Sequence(lambda n: f"Directorate {n}")


class WaveFactory(DjangoModelFactory):
    class Meta:
        model = Wave
        skip_postgeneration_save = True

    trust = factory.SubFactory(TrustFactory)
    version = factory.LazyFunction(build_version)
    title = factory.Sequence(lambda n: f"Culture survey {n}")
    slug = factory.Sequence(lambda n: f"wave-{n}")
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=20))
    status = WaveStatus.OPEN
    access_mode = AccessMode.OPEN_LINK

    @factory.post_generation
    def with_directorates(self, create, extracted, **kwargs):
        if create and extracted:
            for name in extracted:
                d = DirectorateFactory(trust=self.trust, name=name, code=name.lower())
                self.directorates.add(d)


def add_responses(wave, count, *, seed=1, directorates=("medicine", "surgery")):
    """Responses with every question answered at random, straight into the database."""
    rng = random.Random(seed)  # noqa: S311 - test data
    items = list(Item.objects.filter(section__version=wave.version))
    responses = Response.objects.bulk_create(
        Response(
            wave=wave,
            submitted_on="2026-11-20",
            directorate=rng.choice(directorates),
            staff_group=rng.choice(["nursing", "admin"]),
            band=rng.choice(["5", "6"]),
        )
        for _ in range(count)
    )
    Answer.objects.bulk_create(
        Answer(response=response, item=item, value=rng.randint(1, 5))
        for response in responses
        for item in items
    )


def published_wave(
    trust, *, responses, closed_days_ago=None, closes=None, title=None, final=True, **fields
):
    """A closed wave whose final figures count `responses` (0: closed below k), without
    running the count: its result watermark only, and no rows unless a test adds them. It
    closed `closed_days_ago` days ago, or at `closes`."""
    from diagnostics.results.models import ResultState, WaveResult

    closes = closes or timezone.now() - timedelta(days=closed_days_ago)
    wave = WaveFactory(
        trust=trust,
        status=WaveStatus.CLOSED,
        opens_at=closes - timedelta(days=21),
        closes_at=closes,
        **({"title": title} if title else {}),
        **fields,
    )
    WaveResult.objects.create(
        wave=wave,
        responses_counted=responses,
        computed_at=timezone.now(),
        final=final,
        state=ResultState.FRESH if responses else ResultState.WAITING,
    )
    return wave
