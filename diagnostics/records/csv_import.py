"""Parse the three record uploads (monthly metrics, the workforce, patient feedback), checking
every row; the caller imports nothing if `errors` is not empty.

These are pure functions of the uploaded bytes: no database, no models. The checks every upload
shares (size, encoding, headings, cell counts, row limit, error cap) are core.csv_upload's;
each parser here checks its own columns. `rows` holds only the rows that passed, so that a
page could preview them, but it must never be imported while there are errors.

Cells are stripped of surrounding spaces. Text that starts with = + - or @ is kept as plain text
(a comment may well begin with a dash) and never evaluated; whoever exports it again to a
spreadsheet must escape it.
"""

import datetime
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from django.utils import timezone

from core.csv_upload import CsvParse, CsvRecord, example_csv, parse_csv_upload, parse_date
from core.csv_upload import shown as _shown
from diagnostics.constants import STAFF_GROUPS

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 20_000
MAX_HEADCOUNT = 100_000
MAX_METRIC_VALUE = 1e12
MAX_NAME_CHARS = 100
MAX_COMMENT_CHARS = 5000

METRIC_COLUMNS = ("metric", "month", "value")
WORKFORCE_COLUMNS = (
    "directorate",
    "staff_group",
    "band",
    "sex",
    "ethnicity",
    "disability",
    "age_band",
    "headcount",
)
FEEDBACK_COLUMNS = ("date", "source", "comment")

# The pay bands a workforce row may name, in the spelling they are stored in.
WORKFORCE_BANDS = (
    "Band 2",
    "Band 3",
    "Band 4",
    "Band 5",
    "Band 6",
    "Band 7",
    "Band 8a",
    "Band 8b",
    "Band 8c",
    "Band 8d",
    "Band 9",
    "Medical",
    "Other",
)
# "Prefer not to say" and "Not known" are real answers, stored in one spelling whatever the case.
NOT_STATED = ("Prefer not to say", "Not known")

MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

T = TypeVar("T")


@dataclass(frozen=True)
class MetricRow:
    metric: str
    month: datetime.date  # always the first of the month
    value: float


@dataclass(frozen=True)
class WorkforceRow:
    directorate: str
    staff_group: str  # a code from diagnostics.constants.STAFF_GROUPS
    band: str  # one of WORKFORCE_BANDS
    sex: str
    ethnicity: str
    disability: str
    age_band: str
    headcount: int


@dataclass(frozen=True)
class FeedbackRow:
    received_on: datetime.date
    source: str
    comment: str


# Shared checking -----------------------------------------------------------------------------


def _parse(
    raw: bytes,
    columns: Sequence[str],
    parse_row: Callable[[dict[str, str], list[str]], T | None],
    duplicate_key: Callable[[T], object],
    duplicate_message: Callable[[T, int], str],
) -> CsvParse[T]:
    """Reads the file (core.csv_upload), parses each row and refuses rows that repeat an
    earlier one.

    `parse_row` appends its problems to the list it is given (one message per problem,
    without the row number) and returns the row only if there were none."""
    first_seen: dict[object, int] = {}

    def check_row(record: CsvRecord, problems: list[str]) -> T | None:
        row = parse_row(record.cells, problems)
        if problems or row is None:
            return None
        key = duplicate_key(row)
        if key in first_seen:
            problems.append(duplicate_message(row, first_seen[key]))
            return None
        first_seen[key] = record.number
        return row

    return parse_csv_upload(
        raw, columns=columns, max_bytes=MAX_BYTES, max_rows=MAX_ROWS, check_row=check_row
    )


def _text(
    cells: dict[str, str],
    column: str,
    problems: list[str],
    *,
    limit: int,
    required: bool,
    close_up: bool = True,
) -> str:
    """A free-text cell; names have runs of spaces closed up, comments keep their lines."""
    value = cells[column]
    if close_up:
        value = " ".join(value.split())
    if required and not value:
        problems.append(f"{column} is missing")
    elif len(value) > limit:
        problems.append(
            f"{column} must be {limit:,} characters or fewer (this one has {len(value):,})"
        )
    return value


def _key(text: str) -> str:
    """Text compared for duplicates: case and spacing do not make two values different."""
    return " ".join(text.casefold().split())


# Metrics -------------------------------------------------------------------------------------

_MONTH_WORDS = {name.lower(): n for n, name in enumerate(MONTH_NAMES, start=1)} | {
    name[:3].lower(): n for n, name in enumerate(MONTH_NAMES, start=1)
}
_MONTH_WORDS["sept"] = 9
# 1,234,567.8 or 1234567.8 or .5, optionally in scientific notation as Excel writes big numbers.
_NUMBER = re.compile(r"(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?")


def parse_month(text: str) -> datetime.date | None:
    """The first of the month that `text` names, or None.

    Accepts 2026-03, 2026-03-01, 03/2026, Mar 2026 and March 2026; also 01/03/2026 and
    Mar-26, which is how Excel writes a month back out of a UK spreadsheet."""
    text = " ".join(text.split())
    year = month = None
    if match := re.fullmatch(r"(\d{4})-(\d{1,2})(?:-0?1)?", text):
        year, month = int(match[1]), int(match[2])
    elif match := re.fullmatch(r"(?:0?1/)?(\d{1,2})/(\d{4})", text):
        year, month = int(match[2]), int(match[1])
    elif match := re.fullmatch(r"([A-Za-z]+)\.?[ -](\d{4}|\d{2})", text):
        month = _MONTH_WORDS.get(match[1].lower())
        year = int(match[2]) + (2000 if len(match[2]) == 2 else 0)
    if month is None or year is None or not 1 <= month <= 12 or not 1900 <= year <= 2099:
        return None
    return datetime.date(year, month, 1)


def parse_number(text: str) -> float | None:
    """A finite number, allowing thousands commas, a leading £ and a trailing % (45% is 45),
    or None. Never NaN or infinity, which float() would otherwise accept."""
    sign = ""
    if text[:1] in ("-", "+"):
        sign, text = text[0], text[1:]
    text = text.removeprefix("£").removesuffix("%")
    if not _NUMBER.fullmatch(text):
        return None
    number = float(sign + text.replace(",", ""))
    return number if math.isfinite(number) else None


def month_label(month: datetime.date) -> str:
    return f"{MONTH_NAMES[month.month - 1]} {month.year}"


def _metric_row(cells: dict[str, str], problems: list[str]) -> MetricRow | None:
    metric = _text(cells, "metric", problems, limit=MAX_NAME_CHARS, required=True)
    month = parse_month(cells["month"])
    if not cells["month"]:
        problems.append("month is missing")
    elif month is None:
        problems.append(f"month must be a month like 2026-03, not ‘{_shown(cells['month'])}’")
    value = parse_number(cells["value"])
    if not cells["value"]:
        problems.append("value is missing")
    elif value is None:
        problems.append(f"value must be a number, not ‘{_shown(cells['value'])}’")
    elif abs(value) > MAX_METRIC_VALUE:
        # Beyond any real monthly measure, and large enough to overflow the chart's sums.
        problems.append(
            f"value must be between -1 trillion and 1 trillion, not ‘{_shown(cells['value'])}’"
        )
        value = None
    if problems or month is None or value is None:
        return None
    return MetricRow(metric=metric, month=month, value=value)


def parse_metric_csv(raw: bytes) -> CsvParse[MetricRow]:
    """Monthly figures: columns metric, month, value; one figure per metric per month."""
    return _parse(
        raw,
        METRIC_COLUMNS,
        _metric_row,
        duplicate_key=lambda row: (_key(row.metric), row.month),
        duplicate_message=lambda row, first: (
            f"‘{_shown(row.metric)}’ for {month_label(row.month)} appears twice "
            f"(first on row {first})"
        ),
    )


# Workforce -----------------------------------------------------------------------------------


def normalise_band(text: str) -> str | None:
    """The stored spelling of a pay band (‘8A’ and ‘band 8a’ are ‘Band 8a’), or None."""
    key = re.sub(r"\s+", "", text.lower()).removeprefix("band")
    for band in WORKFORCE_BANDS:
        if key == band.lower().replace(" ", "").removeprefix("band"):
            return band
    return None


def staff_group_names() -> dict[str, str]:
    """Each national staff group's code and name, compared as `_key` text, to its code."""
    # The names are translatable, so they become text only when used, not on import.
    names = {}
    for code, label in STAFF_GROUPS:
        names[_key(code.replace("_", " "))] = code
        names[_key(str(label))] = code
    return names


def normalise_staff_group(text: str, names: dict[str, str] | None = None) -> str | None:
    """The code of a national staff group given by its code or its name, or None."""
    names = staff_group_names() if names is None else names
    return names.get(_key(text.replace("_", " ")))


def _dimension(cells: dict[str, str], column: str, problems: list[str]) -> str:
    value = " ".join(cells[column].split())
    if not value:
        problems.append(
            f"{column} is missing; write ‘Not known’ or ‘Prefer not to say’ if that is the answer"
        )
    elif len(value) > MAX_NAME_CHARS:
        problems.append(
            f"{column} must be {MAX_NAME_CHARS} characters or fewer (this one has {len(value):,})"
        )
    for stated in NOT_STATED:
        if _key(value) == _key(stated):
            return stated
    return value


def _workforce_row(
    cells: dict[str, str], problems: list[str], *, names: dict[str, str]
) -> WorkforceRow | None:
    directorate = _dimension(cells, "directorate", problems)
    staff_group = normalise_staff_group(cells["staff_group"], names)
    if staff_group is None:
        problems.append(
            "staff_group must be a national staff group, by name or code (for example "
            "‘Administrative and clerical’ or admin_clerical), "
            f"not ‘{_shown(cells['staff_group'])}’"
        )
    band = normalise_band(cells["band"])
    if band is None:
        problems.append(
            "band must be one of Band 2 to Band 9 (with Band 8a to Band 8d), Medical or Other, "
            f"not ‘{_shown(cells['band'])}’"
        )
    sex = _dimension(cells, "sex", problems)
    ethnicity = _dimension(cells, "ethnicity", problems)
    disability = _dimension(cells, "disability", problems)
    age_band = _dimension(cells, "age_band", problems)
    count = cells["headcount"]
    headcount = None
    if re.fullmatch(r"\d+|\d{1,3}(?:,\d{3})+", count):
        headcount = int(count.replace(",", ""))
    if headcount is None or headcount > MAX_HEADCOUNT:
        problems.append(
            f"headcount must be a whole number from 0 to {MAX_HEADCOUNT:,}, not ‘{_shown(count)}’"
        )
    if problems or staff_group is None or band is None or headcount is None:
        return None
    return WorkforceRow(
        directorate=directorate,
        staff_group=staff_group,
        band=band,
        sex=sex,
        ethnicity=ethnicity,
        disability=disability,
        age_band=age_band,
        headcount=headcount,
    )


def _workforce_key(row: WorkforceRow) -> tuple[str, ...]:
    return (
        _key(row.directorate),
        row.staff_group,
        row.band,
        _key(row.sex),
        _key(row.ethnicity),
        _key(row.disability),
        _key(row.age_band),
    )


def parse_workforce_csv(raw: bytes) -> CsvParse[WorkforceRow]:
    """Headcounts by directorate, staff group, band, sex, ethnicity, disability and age band;
    each combination of those once."""
    names = staff_group_names()
    return _parse(
        raw,
        WORKFORCE_COLUMNS,
        lambda cells, problems: _workforce_row(cells, problems, names=names),
        duplicate_key=_workforce_key,
        duplicate_message=lambda row, first: (
            f"the same directorate, staff group, band, sex, ethnicity, disability and age band "
            f"as row {first}; give each combination once"
        ),
    )


# Patient feedback ----------------------------------------------------------------------------


def _feedback_row(
    cells: dict[str, str], problems: list[str], *, today: datetime.date
) -> FeedbackRow | None:
    received_on = parse_date(cells["date"])
    if not cells["date"]:
        problems.append("date is missing")
    elif received_on is None:
        problems.append(
            f"date must be a real date like 2026-03-14 or 14/03/2026, not ‘{_shown(cells['date'])}’"
        )
    elif received_on > today:
        problems.append(f"date ‘{_shown(cells['date'])}’ is in the future")
    source = _text(cells, "source", problems, limit=MAX_NAME_CHARS, required=False)
    comment = _text(
        cells, "comment", problems, limit=MAX_COMMENT_CHARS, required=True, close_up=False
    )
    if problems or received_on is None:
        return None
    return FeedbackRow(received_on=received_on, source=source, comment=comment)


def parse_patient_feedback_csv(
    raw: bytes, *, today: datetime.date | None = None
) -> CsvParse[FeedbackRow]:
    """Patient comments: columns date, source, comment. `today` (the local date unless given)
    is the latest date a comment may carry."""
    latest = today or timezone.localdate()
    return _parse(
        raw,
        FEEDBACK_COLUMNS,
        lambda cells, problems: _feedback_row(cells, problems, today=latest),
        # The same words on the same day is the same comment uploaded twice; two patients
        # writing "Thank you" on different days are not.
        duplicate_key=lambda row: (row.received_on, row.comment),
        duplicate_message=lambda row, first: f"the same comment on the same date as row {first}",
    )


# Examples ------------------------------------------------------------------------------------
# A file to download beside each upload, to open, fill in and upload again: the real headings
# and values each parser above accepts (tests/diagnostics/records/test_csv_import.py parses
# every one). Dates are relative to `today`, so that an example is never in the future.

# name, then twelve monthly values, oldest first
EXAMPLE_METRICS = (
    ("Staff turnover", (12.1, 11.8, 12.4, 11.9, 12.0, 11.6, 11.2, 10.9, 11.1, 10.6, 10.4, 10.2)),
    ("Sickness absence", (4.6, 4.9, 5.3, 5.1, 4.8, 4.5, 4.4, 4.7, 4.9, 5.2, 5.0, 4.8)),
    ("Vacancy rate", (8.9, 8.7, 8.8, 8.4, 8.6, 8.3, 8.5, 8.1, 8.2, 7.9, 8.0, 7.8)),
)
EXAMPLE_WORKFORCE = (
    ("Medicine", "nursing_midwifery", "Band 5", "Female", "White", "No", "25-34", 64),
    ("Medicine", "nursing_midwifery", "Band 5", "Female", "Asian", "No", "25-34", 31),
    ("Medicine", "nursing_midwifery", "Band 7", "Female", "White", "No", "35-44", 22),
    ("Medicine", "nursing_midwifery", "Band 8a", "Male", "Black", "Prefer not to say", "45-54", 3),
    ("Medicine", "medical_dental", "Medical", "Male", "Asian", "No", "35-44", 27),
    ("Surgery", "nursing_support", "Band 3", "Female", "Black", "Yes", "45-54", 18),
    ("Surgery", "admin_clerical", "Band 4", "Female", "Not known", "Not known", "55-64", 9),
    ("Corporate services", "management", "Band 8c", "Male", "White", "No", "45-54", 6),
)
# days before today, source, comment
EXAMPLE_FEEDBACK = (
    (40, "Friends and family test", "The nurses were so kind and took time to listen to me."),
    (33, "PALS", "My mum was passed between three teams and nobody knew her history."),
    (26, "Friends and family test", "I waited six hours in A&E, and nobody told me why."),
    (19, "Complaint", "There was no interpreter, so my son had to translate for me."),
    (12, "Friends and family test", "The team worked together brilliantly during my operation."),
    (5, "", "Caring, friendly staff from start to finish."),
)


def _months_before(today: datetime.date, count: int) -> list[datetime.date]:
    """The `count` whole months before the one `today` is in, oldest first."""
    months = []
    month = today.replace(day=1)
    for _ in range(count):
        month = (month - datetime.timedelta(days=1)).replace(day=1)
        months.append(month)
    return months[::-1]


def metric_example_csv(*, today: datetime.date | None = None) -> bytes:
    """A year of monthly figures for three of the usual measures, the last full month last."""
    months = _months_before(today or timezone.localdate(), 12)
    return example_csv(
        METRIC_COLUMNS,
        [
            (name, f"{month:%Y-%m}", value)
            for name, values in EXAMPLE_METRICS
            for month, value in zip(months, values, strict=True)
        ],
    )


def workforce_example_csv() -> bytes:
    """A few rows of a workforce extract, staff groups by their codes."""
    return example_csv(WORKFORCE_COLUMNS, EXAMPLE_WORKFORCE)


def patient_feedback_example_csv(*, today: datetime.date | None = None) -> bytes:
    """A few patient comments from the last weeks, one without a source."""
    latest = today or timezone.localdate()
    return example_csv(
        FEEDBACK_COLUMNS,
        [
            (f"{latest - datetime.timedelta(days=days):%Y-%m-%d}", source, comment)
            for days, source, comment in EXAMPLE_FEEDBACK
        ],
    )
