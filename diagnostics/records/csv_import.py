"""Parse the three record uploads (monthly metrics, the workforce, patient feedback), checking
every row; the caller imports nothing if `errors` is not empty.

These are pure functions of the uploaded bytes: no database, no models. The checks every upload
shares (size, encoding, headings, cell counts, row limit, error cap) live in `_read_table`;
each parser then checks its own columns. `rows` holds only the rows that passed, so that a
page could preview them, but it must never be imported while there are errors.

Cells are stripped of surrounding spaces. Text that starts with = + - or @ is kept as plain text
(a comment may well begin with a dash) and never evaluated; whoever exports it again to a
spreadsheet must escape it."""

import codecs
import csv
import datetime
import io
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from django.utils import timezone

from diagnostics.constants import STAFF_GROUPS

MAX_BYTES = 2 * 1024 * 1024


MAX_ROWS = 20_000


MAX_ROW_ERRORS = 50


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


ENCODING_ERROR = "The file must be a CSV saved as UTF-8 text"


SAVE_AS_UTF8 = "In Excel, choose Save As, then ‘CSV UTF-8 (Comma delimited)’."


T = TypeVar("T")


@dataclass
class CsvParse(Generic[T]):
    """The rows that passed and the problems found; import the rows only if `errors` is empty."""

    rows: list[T] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


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


@dataclass
class _Record:
    """One non-blank data row: its spreadsheet row number and its cells by heading, or the
    reason its cells could not be matched to the headings."""

    number: int
    cells: dict[str, str]
    problem: str = ""


@dataclass
class _Table:
    records: list[_Record] = field(default_factory=list)
    error: str = ""  # a problem with the whole file: nothing else is checked


def _read_table(raw: bytes, columns: Sequence[str]) -> _Table:
    """The checks every upload shares, giving each data row's cells keyed by column name."""
    if len(raw) > MAX_BYTES:
        return _Table(error=f"The file must be smaller than {MAX_BYTES // (1024 * 1024)} MB")
    if not raw:
        return _Table(error="The file is empty")
    text, problem = _decode(raw)
    if text is None:
        return _Table(error=problem)

    table = _Table()
    header: list[str] | None = None
    reader = csv.reader(io.StringIO(text, newline=""))
    # Row numbers are counted as a spreadsheet shows them, blank rows included, so that
    # "Row 7" is row 7 when the person opens the file again.
    number = 0
    try:
        for number, row in enumerate(reader, start=1):
            cells = [cell.strip() for cell in row]
            if not any(cells):
                continue
            if header is None:
                error = _check_headings(cells, columns)
                if error:
                    return _Table(error=error)
                header = [_heading(cell) for cell in _without_trailing_blanks(cells)]
                continue
            if len(table.records) == MAX_ROWS:
                return _Table(error=f"The file has more than {MAX_ROWS:,} rows; split it")
            table.records.append(_record(number, cells, header))
    except csv.Error as exc:
        # In practice a cell longer than the csv module allows: an opening double quote
        # without its partner swallows the rest of the file into one cell.
        return _Table(
            error=f"Row {number + 1}: the file cannot be read as a CSV from here; check for a "
            f'double quote (") that is not closed ({exc})'
        )
    if header is None:
        return _Table(error="The file is empty")
    if not table.records:
        return _Table(error="The file has headings but no rows")
    return table


def _decode(raw: bytes) -> tuple[str | None, str]:
    """The text of the file, or why it is not UTF-8, naming the likely culprit."""
    if raw.startswith(b"PK\x03\x04") or raw.startswith(b"\xd0\xcf\x11\xe0"):
        return None, f"{ENCODING_ERROR}; this looks like an Excel workbook. {SAVE_AS_UTF8}"
    # UTF-16 (Excel's "Unicode Text") puts a zero byte beside every English letter, which
    # UTF-8 would otherwise accept silently as a control character.
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in raw:
        return None, (
            f"{ENCODING_ERROR}; this one looks like UTF-16 "
            f"(what Excel calls ‘Unicode Text’). {SAVE_AS_UTF8}"
        )
    try:
        return raw.decode("utf-8-sig"), ""
    except UnicodeDecodeError:
        pass
    try:
        raw.decode("cp1252")
    except UnicodeDecodeError:
        return None, f"{ENCODING_ERROR}. {SAVE_AS_UTF8}"
    return None, (
        f"{ENCODING_ERROR}; this one looks like Windows-1252 "
        f"(what Excel saves as plain ‘CSV (Comma delimited)’), where £ and accented "
        f"letters are stored differently. {SAVE_AS_UTF8}"
    )


def _heading(cell: str) -> str:
    """Headings match whatever their case and spacing: ‘Staff Group’ is staff_group."""
    return re.sub(r"[\s_-]+", "_", cell.strip().lower()).strip("_")


def _without_trailing_blanks(cells: list[str]) -> list[str]:
    """Excel often writes empty cells after the last column; they are not a column."""
    end = len(cells)
    while end and not cells[end - 1]:
        end -= 1
    return cells[:end]


def _check_headings(cells: list[str], columns: Sequence[str]) -> str:
    headings = [_heading(cell) for cell in _without_trailing_blanks(cells)]
    wanted = ", ".join(columns)
    if len(headings) == 1 and re.search(r"[;\t|]", cells[0]):
        return (
            f"The first row must be the headings {wanted}, separated by commas; this file "
            f"seems to use another separator. Save it as ‘CSV UTF-8 (Comma delimited)’."
        )
    for heading in headings:
        if heading and headings.count(heading) > 1:
            return f"The heading ‘{heading}’ appears more than once"
    missing = [column for column in columns if column not in headings]
    unexpected = [heading for heading in headings if heading not in columns]
    if not missing and not unexpected:
        return ""
    parts = [f"The first row must be the headings {wanted} (in any order)."]
    if missing:
        parts.append(f"Missing: {_quoted(missing)}.")
    if unexpected:
        names = [heading or "a column with no heading" for heading in unexpected]
        parts.append(f"Not expected: {_quoted(names)}.")
    return " ".join(parts)


def _record(number: int, cells: list[str], header: list[str]) -> _Record:
    if len(cells) > len(header) and not any(cells[len(header) :]):
        cells = cells[: len(header)]  # trailing empty cells, as Excel writes them
    if len(cells) != len(header):
        problem = f"Row {number}: needs {len(header)} values, has {len(cells)}"
        if len(cells) > len(header):
            problem += " (a value with a comma in it must be inside double quotes)"
        return _Record(number, {}, problem)
    return _Record(number, dict(zip(header, cells, strict=True)))


def _quoted(names: Sequence[str]) -> str:
    return ", ".join(f"‘{name}’" for name in names)


def _shown(value: str) -> str:
    """A value as echoed back in a message: long ones are cut short."""
    return value if len(value) <= 40 else value[:39] + "…"


def _capped(errors: list[str]) -> list[str]:
    """At most MAX_ROW_ERRORS messages: a page of hundreds helps nobody fix the file."""
    if len(errors) <= MAX_ROW_ERRORS:
        return errors
    extra = len(errors) - MAX_ROW_ERRORS
    return [*errors[:MAX_ROW_ERRORS], f"…and {extra:,} more rows with problems"]


def _parse(
    raw: bytes,
    columns: Sequence[str],
    parse_row: Callable[[dict[str, str], list[str]], T | None],
    duplicate_key: Callable[[T], object],
    duplicate_message: Callable[[T, int], str],
) -> CsvParse[T]:
    """Reads the table, parses each row and refuses rows that repeat an earlier one.

    `parse_row` appends its problems to the list it is given (one message per problem,
    without the row number) and returns the row only if there were none."""
    result: CsvParse[T] = CsvParse()
    table = _read_table(raw, columns)
    if table.error:
        result.errors.append(table.error)
        return result
    first_seen: dict[object, int] = {}
    for record in table.records:
        if record.problem:
            result.errors.append(record.problem)
            continue
        problems: list[str] = []
        row = parse_row(record.cells, problems)
        if problems or row is None:
            # One message per row, so that the cap counts rows.
            result.errors.append(f"Row {record.number}: " + "; ".join(problems))
            continue
        key = duplicate_key(row)
        if key in first_seen:
            result.errors.append(f"Row {record.number}: {duplicate_message(row, first_seen[key])}")
            continue
        first_seen[key] = record.number
        result.rows.append(row)
    result.errors = _capped(result.errors)
    return result


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


def parse_date(text: str) -> datetime.date | None:
    """A real date written 2026-03-14 or 14/03/2026 (day first, as in the UK), or None."""
    if match := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text):
        year, month, day = int(match[1]), int(match[2]), int(match[3])
    elif match := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text):
        day, month, year = int(match[1]), int(match[2]), int(match[3])
    else:
        return None
    try:
        return datetime.date(year, month, day)
    except ValueError:  # 31/02/2026 and the like
        return None


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
