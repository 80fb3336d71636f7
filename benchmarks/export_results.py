"""Time the results export (CSV, streamed) of the results benchmark's survey (25,000
responses, 1M answers) in a process of its own, so its peak memory is its own, beside
PostgreSQL's COPY of the same aggregate rows. Prints JSON for the runner.

The portal exports aggregates only: no download holds anyone's individual answers
(docs/anonymity.md), so this is the export docs/performance.md sets a target for.

Run as `python -m benchmarks.export_results` with DJANGO_SETTINGS_MODULE=benchmarks.settings,
after benchmarks.aggregation (which publishes the survey's figures).
"""

import csv
import json
import resource
import time

import django

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Count, prefetch_related_objects  # noqa: E402

from diagnostics.results import selectors  # noqa: E402
from diagnostics.results.aggregation import OVERALL  # noqa: E402
from diagnostics.results.exports import HEADER, breakdowns_of, export_rows  # noqa: E402
from diagnostics.results.models import ResultKind, ResultRow  # noqa: E402
from diagnostics.surveys.models import Wave  # noqa: E402

SLUG = "bench-results"


class Sink:
    """Counts what would go to the client."""

    size = 0

    def write(self, text):
        self.size += len(text)
        return len(text)


if __name__ == "__main__":
    wave = Wave.objects.get(slug=SLUG)
    answers = wave.responses.aggregate(n=Count("answers"))["n"]
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    sink = Sink()
    writer = csv.writer(sink)
    started = time.perf_counter()
    # What the CSV download does: the directorates' names read once (as the view does), then
    # the stored figures of every breakdown, one row each.
    prefetch_related_objects([wave], "directorates")
    data = selectors.results_data(
        wave,
        breakdowns=[OVERALL, *breakdowns_of(wave)],
        kinds=[ResultKind.RESPONSES, ResultKind.ELEMENT, ResultKind.ITEM],
    )
    writer.writerow(HEADER)
    rows = 0
    for line in export_rows(wave, data):
        writer.writerow(line)
        rows += 1
    export_s = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    copy_sink = Sink()
    started = time.perf_counter()
    copy_sql = (
        f"COPY (SELECT * FROM {ResultRow._meta.db_table} "  # noqa: S608 - the id is an integer
        f"WHERE wave_id = {int(wave.pk)}) TO STDOUT WITH (FORMAT csv)"
    )
    with connection.cursor() as cursor:
        cursor.copy_expert(copy_sql, copy_sink)
    copy_s = time.perf_counter() - started
    print(
        json.dumps(
            {
                "rows": rows,
                "answers": answers,
                "bytes": sink.size,
                "export_s": export_s,
                "copy_s": copy_s,
                "export_peak_mb": peak_mb,
                "baseline_mb": before / 1024,
            }
        )
    )
