"""Time the anonymised long-form export of the results benchmark's survey (1M answers) in a
process of its own, so its peak memory is its own, beside PostgreSQL's COPY of the same
rows. Prints JSON for the runner.

Run as `python -m benchmarks.export_long` with DJANGO_SETTINGS_MODULE=benchmarks.settings,
after benchmarks.aggregation.
"""

import csv
import json
import resource
import time

import django

django.setup()

from django.db import connection  # noqa: E402

from diagnostics.exports import long_form_lines  # noqa: E402
from diagnostics.models import Wave  # noqa: E402
from diagnostics.services.results import DIMENSIONS  # noqa: E402

SLUG = "bench-results"


class Sink:
    """Counts what would go to the client."""

    size = 0

    def write(self, text):
        self.size += len(text)
        return len(text)


def identity(wave):
    """Every combination shown as itself: the mapping's cost is the same either way."""
    return {key: key for key in wave.responses.values_list(*DIMENSIONS).distinct()}


if __name__ == "__main__":
    wave = Wave.objects.get(slug=SLUG)
    mapping = identity(wave)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    sink = Sink()
    writer = csv.writer(sink)
    started = time.perf_counter()
    rows = 0
    for line in long_form_lines(wave, mapping, "benchmark-key"):
        writer.writerow(line)
        rows += 1
    export_s = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    copy_sink = Sink()
    started = time.perf_counter()
    copy_sql = (
        "COPY (SELECT r.id, r.directorate, r.staff_group, r.band, i.code, a.value "  # noqa: S608 - the id is an integer
        "FROM diagnostics_answer a JOIN diagnostics_response r ON r.id = a.response_id "
        f"JOIN diagnostics_item i ON i.id = a.item_id WHERE r.wave_id = {int(wave.pk)}) "
        "TO STDOUT WITH (FORMAT csv)"
    )
    with connection.cursor() as cursor:
        cursor.copy_expert(copy_sql, copy_sink)
    copy_s = time.perf_counter() - started
    print(
        json.dumps(
            {
                "rows": rows,
                "bytes": sink.size,
                "export_s": export_s,
                "copy_s": copy_s,
                "export_peak_mb": peak_mb,
                "baseline_mb": before / 1024,
            }
        )
    )
