"""The results benchmark's data and timings: a closed survey of 25,000 responses x 40 items
(1M answers) made in SQL, then a full re-aggregation with every breakdown timed beside the
same GROUP BYs written by hand on a raw cursor. Prints JSON for the runner.

Run as `python -m benchmarks.aggregation` with DJANGO_SETTINGS_MODULE=benchmarks.settings,
after benchmarks.survey_setup (it reuses the 40-item survey). PostgreSQL only.
"""

import json
import os
import statistics
import time
from datetime import timedelta

import django

django.setup()

from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import Trust  # noqa: E402
from benchmarks.survey_setup import survey_wave  # noqa: E402
from diagnostics.results.models import WaveResult  # noqa: E402
from diagnostics.results.services import wave_results_refresh  # noqa: E402
from diagnostics.surveys.models import Directorate, Wave  # noqa: E402

RESPONSES = int(os.environ.get("BENCH_AGGREGATE_RESPONSES", "25000"))
SLUG = "bench-results"
DIRECTORATES = [f"directorate-{n}" for n in range(1, 11)]
# Codes the survey offers (diagnostics.constants), so every group is one the results list.
STAFF_GROUPS = [
    "ahp", "admin_clerical", "estates_ancillary", "healthcare_scientists", "medical_dental",
    "nursing_midwifery", "other",
]  # fmt: skip
BANDS = ["1_4", "5", "6", "7", "8a_8b", "8c_9", "medical", "prefer_not_to_say"]
RUNS = 3


def results_wave() -> Wave:
    version = survey_wave().version
    trust = Trust.objects.get(ods_code="RTF")
    now = timezone.now()
    wave, created = Wave.objects.update_or_create(
        slug=SLUG,
        defaults={
            "trust": trust,
            "version": version,
            "title": "Benchmark results",
            "opens_at": now - timedelta(days=40),
            "closes_at": now - timedelta(days=10),
            "status": "closed",
        },
    )
    for code in DIRECTORATES:
        directorate, _ = Directorate.objects.get_or_create(
            trust=trust, code=code, defaults={"name": code.replace("-", " ").title()}
        )
        wave.directorates.add(directorate)
    if created or not wave.responses.exists():
        _fill(wave)
    return wave


def _fill(wave: Wave) -> None:
    """Responses spread unevenly over the groups (so small groups and suppression occur),
    and one answer per item each, written by PostgreSQL itself."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO diagnostics_response
                (id, wave_id, submitted_on, directorate, staff_group, band)
            SELECT 1099511627776 + row_number() OVER (ORDER BY random()), %s, CURRENT_DATE - 12,
                   (%s::text[])[1 + floor(power(random(), 1.6) * %s)::int],
                   (%s::text[])[1 + floor(power(random(), 1.3) * %s)::int],
                   (%s::text[])[1 + floor(random() * %s)::int]
            FROM generate_series(1, %s)
            """,
            [
                wave.pk,
                DIRECTORATES,
                len(DIRECTORATES),
                STAFF_GROUPS,
                len(STAFF_GROUPS),
                BANDS,
                len(BANDS),
                RESPONSES,
            ],
        )
        cursor.execute(
            """
            INSERT INTO diagnostics_answer (id, response_id, item_id, value)
            SELECT 2199023255552 + row_number() OVER (ORDER BY random()),
                   r.id, i.id, 1 + floor(random() * 5)::int
            FROM diagnostics_response r
            JOIN diagnostics_item i ON i.section_id IN (
                SELECT id FROM diagnostics_section WHERE version_id = %s)
            WHERE r.wave_id = %s
            """,
            [wave.version_id, wave.pk],
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE diagnostics_response")
        cursor.execute("ANALYZE diagnostics_answer")


def time_refresh(wave: Wave) -> float:
    """A full refresh from scratch: the watermark reset so nothing is skipped."""
    WaveResult.objects.filter(wave=wave).delete()
    started = time.perf_counter()
    outcome = wave_results_refresh(wave_id=wave.pk)
    elapsed = time.perf_counter() - started
    if outcome != "computed":
        raise SystemExit(f"the refresh did not compute: {outcome}")
    return elapsed


HAND_WRITTEN = {
    "overall": ("", ""),
    "directorate": ("r.directorate,", "r.directorate,"),
    "staff_group": ("r.staff_group,", "r.staff_group,"),
    "band": ("r.band,", "r.band,"),
    "directorate x staff_group": ("r.directorate, r.staff_group,", "r.directorate, r.staff_group,"),
    "directorate x band": ("r.directorate, r.band,", "r.directorate, r.band,"),
    "staff_group x band": ("r.staff_group, r.band,", "r.staff_group, r.band,"),
}


def time_hand_written_sql(wave: Wave) -> float:
    """The same breakdowns as GROUP BY statements on a raw cursor: answers per group, item
    and value, and responses per group. What the database itself needs."""
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for select, group in HAND_WRITTEN.values():
            cursor.execute(
                f"SELECT {select} a.item_id, a.value, count(*) FROM diagnostics_answer a "  # noqa: S608 - fixed text
                f"JOIN diagnostics_response r ON r.id = a.response_id WHERE r.wave_id = %s "
                f"GROUP BY {group} a.item_id, a.value",
                [wave.pk],
            )
            cursor.fetchall()
            cursor.execute(
                f"SELECT {select} count(*) FROM diagnostics_response r "  # noqa: S608 - fixed text
                f"WHERE r.wave_id = %s {'GROUP BY ' + group.rstrip(',') if group else ''}",
                [wave.pk],
            )
            cursor.fetchall()
    return time.perf_counter() - started


if __name__ == "__main__":
    wave = results_wave()
    answers = wave.responses.count() * 40
    time_refresh(wave)  # warm the caches once
    refresh = [time_refresh(wave) for _ in range(RUNS)]
    hand = [time_hand_written_sql(wave) for _ in range(RUNS)]
    print(
        json.dumps(
            {
                "wave_pk": wave.pk,
                "responses": wave.responses.count(),
                "answers": answers,
                "aggregate_s": statistics.median(refresh),
                "sql_groupby_s": statistics.median(hand),
            }
        )
    )
