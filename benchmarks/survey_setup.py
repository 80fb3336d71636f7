"""Create what the survey benchmark loads: a 40-item one-section survey, an open wave, and
complete drafts ready to submit, each with its signed survey cookie. Prints JSON for the runner.

Run as `python -m benchmarks.survey_setup N` with DJANGO_SETTINGS_MODULE=benchmarks.settings.
"""

import json
import secrets
import sys
from datetime import timedelta

import django

django.setup()

from django.core.signing import get_cookie_signer  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import Trust  # noqa: E402
from diagnostics.instruments.models import Instrument, InstrumentVersion, Item, Section  # noqa: E402
from diagnostics.surveys import cookies as survey_cookies  # noqa: E402
from diagnostics.surveys.models import SurveyDraft, Wave  # noqa: E402
from programmes.models import Programme  # noqa: E402

ITEMS = 40
SLUG = "bench-survey"


def survey_wave() -> Wave:
    instrument, _ = Instrument.objects.get_or_create(
        slug="bench-40",
        defaults={
            "name": "Benchmark survey",
            "summary": "40 items.",
            "audience": "All",
            "minutes": 8,
        },
    )
    version, created = InstrumentVersion.objects.get_or_create(
        instrument=instrument,
        number=1,
        defaults={"status": "published", "published_at": timezone.now()},
    )
    if created:
        section = Section.objects.create(version=version, position=1, title="Everything at once")
        Item.objects.bulk_create(
            Item(
                section=section,
                position=n,
                code=f"B{n:02d}",
                text=f"Benchmark statement {n}",
                element="teamwork",
            )
            for n in range(1, ITEMS + 1)
        )
    now = timezone.now()
    wave, _ = Wave.objects.update_or_create(
        slug=SLUG,
        defaults={
            "trust": Trust.objects.get(ods_code="RTF"),
            "version": version,
            "title": "Benchmark wave",
            "opens_at": now - timedelta(days=1),
            "closes_at": now + timedelta(days=30),
            "status": "open",
            "ask_directorate": False,
            "ask_staff_group": False,
            "ask_band": False,
        },
    )
    return wave


def ready_drafts(wave: Wave, count: int, *, answered: bool = True) -> list[str]:
    """Drafts made in bulk, complete or not yet answered; returns the signed survey cookie
    value for each."""
    item_ids = list(Item.objects.filter(section__version=wave.version).values_list("pk", flat=True))
    drafts = [
        SurveyDraft(
            wave=wave,
            token=secrets.token_urlsafe(32),
            answers={str(pk): 1 + (pk + n) % 5 for pk in item_ids} if answered else {},
            expires_at=wave.closes_at,
        )
        for n in range(count)
    ]
    SurveyDraft.objects.bulk_create(drafts)
    signer = get_cookie_signer(salt=survey_cookies.DRAFT + survey_cookies.SALT)
    return [signer.sign(draft.token) for draft in drafts]


if __name__ == "__main__":
    wave = survey_wave()
    count = int(sys.argv[1])
    cookies = ready_drafts(wave, count + 1)
    blank = ready_drafts(wave, 1, answered=False)[0]
    print(
        json.dumps(
            {
                "slug": wave.slug,
                "page_cookie": blank,
                "answered_page_cookie": cookies[0],
                "submit_cookies": cookies[1:],
                # The demo's Deliver-phase programme, for the programme page figures.
                "programme_pk": Programme.objects.get(
                    trust__ods_code="RTF", closed_on__isnull=True
                ).pk,
            }
        )
    )
