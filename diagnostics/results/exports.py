"""Every figure the dashboards show, as CSV (streamed) or XLSX. Suppressed cells are blank,
with a note saying why; they carry no figure to export."""

import csv
import io
from collections.abc import Iterator

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from openpyxl import Workbook

from core.presenters import datetime_label
from core.tables import safe_text
from diagnostics.results import presenters as present
from diagnostics.results.aggregation import (
    MAX_TWO_WAY_COMBINATIONS,
    breakdown_name,
    breakdowns,
    two_way_left_out,
)
from diagnostics.results.models import ResultKind
from diagnostics.surveys.models import Wave
from diagnostics.surveys.selectors import wave_offered_groups

HEADER = [
    "Breakdown",
    "Group",
    "Figure for",
    "Element",
    "Question code",
    "Question",
    "Responses or answers (n)",
    "Option 1",
    "Option 2",
    "Option 3",
    "Option 4",
    "Option 5",
    "% favourable",
    "% neutral",
    "% unfavourable",
    "Score out of 10",
    "Note",
]


KIND_LABELS = {
    ResultKind.RESPONSES: "Responses",
    ResultKind.ELEMENT: "Element",
    ResultKind.ITEM: "Question",
}


def breakdowns_of(wave: Wave) -> list[str]:
    offered = wave_offered_groups(wave)
    return [breakdown_name(d) for d in breakdowns(present.asked_dimensions(wave), offered) if d]


def left_out_note(wave: Wave) -> str:
    """A sentence naming the two-way breakdowns with too many combinations to list, or ""."""
    pairs = two_way_left_out(present.asked_dimensions(wave), wave_offered_groups(wave))
    if not pairs:
        return ""
    names = "; ".join(present.breakdown_label(breakdown_name(pair)) for pair in pairs)
    return (
        f"Left out: {names}. This survey offers more than {MAX_TWO_WAY_COMBINATIONS} "
        "combinations of those groups, too many to list every one, and listing only the "
        "combinations someone chose would tell who took part."
    )


_text = safe_text


def _number(value, places: int):
    return "" if value is None else round(value, places)


def export_rows(wave: Wave, data) -> Iterator[list]:
    order = {ResultKind.RESPONSES: 0, ResultKind.ELEMENT: 1, ResultKind.ITEM: 2}
    names = {b: present.breakdown_label(b) for b in {r.breakdown for r in data.rows}}
    note = f"Fewer than {wave.threshold_k} responses, or could reveal such a group: not shown"
    rows = sorted(
        data.rows,
        key=lambda r: (
            r.breakdown != "all",
            r.breakdown,
            r.group,
            order[r.kind],
            r.element,
            r.item.code if r.item else "",
        ),
    )
    groups: dict[tuple, str] = {}  # every group is named once, not once per figure
    for row in rows:
        label = (row.breakdown, row.group)
        if label not in groups:
            groups[label] = _text(present.group_name(wave, row.breakdown, row.group))
        yield [
            names[row.breakdown],
            groups[label],
            KIND_LABELS[row.kind],
            present.ELEMENT_LABELS.get(row.element, ""),
            _text(row.item.code) if row.item else "",
            _text(row.item.text) if row.item else "",
            "" if row.n is None else row.n,
            *("" if c is None else c for c in row.counts),
            _number(row.pct_positive, 1),
            _number(row.pct_neutral, 1),
            _number(row.pct_negative, 1),
            _number(row.score, 2),
            note if row.suppressed else "",
        ]


def _filename(wave: Wave, extension: str) -> str:
    return f"results-{wave.slug}-{timezone.localdate():%Y-%m-%d}.{extension}"


def _preamble(wave: Wave, data) -> list[list]:
    result = data.result
    return [
        [_text(f"{wave.title} ({wave.trust.name})")],
        [
            f"Figures from {result.responses_counted} responses, computed "
            f"{datetime_label(result.computed_at)}" + " (final, published once at close)"
        ],
        [
            f"Every group the survey offered is listed. Groups with fewer than "
            f"{wave.threshold_k} responses (nobody included) are blank, as are groups whose "
            "figures could be worked out from the others."
        ],
        *([[note]] if (note := left_out_note(wave)) else []),
        [],
    ]


class _Echo:
    def write(self, value):
        return value


def csv_response(wave: Wave, data) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def lines():
        for line in [*_preamble(wave, data), HEADER]:
            yield writer.writerow(line)
        for line in export_rows(wave, data):
            yield writer.writerow(line)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(wave, "csv")}"'
    return response


def xlsx_response(wave: Wave, data) -> HttpResponse:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Results")
    for line in [*_preamble(wave, data), HEADER]:
        sheet.append(line)
    for line in export_rows(wave, data):
        sheet.append(line)
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(wave, "xlsx")}"'
    return response
