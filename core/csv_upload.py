"""Read an uploaded CSV file for an importer: the checks every upload shares, so that a person
meets the same wording whichever file they upload.

`parse_csv_upload` does the whole job but for the importer's own columns: it refuses a file that
is too large, is not UTF-8 text (naming what it looks like instead: an Excel workbook, UTF-16,
Windows-1252, or not a CSV file at all), has the wrong headings (naming the missing and
unexpected ones), has more rows than allowed or cannot be read as CSV; then it hands each data
row, its cells keyed by heading, to the importer's `check_row`, and caps the messages.
`read_csv_upload` is the reading alone.

These are pure functions of the uploaded bytes: no database, no models.

Cells are stripped of surrounding spaces. Text that starts with = + - or @ is kept as plain text
(a comment may well begin with a dash) and never evaluated; whoever exports it again to a
spreadsheet must escape it.
"""

import codecs
import csv
import datetime
import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

MAX_ROW_ERRORS = 50

ENCODING_ERROR = "The file must be a CSV saved as UTF-8 text"
SAVE_AS_UTF8 = "In Excel, choose Save As, then ‘CSV UTF-8 (Comma delimited)’."

T = TypeVar("T")


class CsvUploadError(ValueError):
    """A problem with the whole file, so that no row was checked; the message is safe to show."""


@dataclass
class CsvParse(Generic[T]):
    """The rows that passed and the problems found; import the rows only if `errors` is empty."""

    rows: list[T] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class CsvRecord:
    """One non-blank data row: its row number as a spreadsheet shows it and its cells by
    heading, or (in `problem`, then `cells` is empty) why its cells could not be matched to the
    headings. An optional column that the file leaves out is not in `cells`."""

    number: int
    cells: dict[str, str]
    problem: str = ""


def parse_csv_upload(
    raw: bytes,
    *,
    columns: Sequence[str],
    optional: Sequence[str] = (),
    max_bytes: int,
    max_rows: int,
    check_row: Callable[[CsvRecord, list[str]], T | None],
    max_errors: int = MAX_ROW_ERRORS,
) -> CsvParse[T]:
    """Reads the file and checks each row with `check_row`.

    `check_row` appends its problems to the list it is given (one message per problem, without
    the row number) and returns the row; a row is kept only if there were no problems and it is
    not None. A row's problems become one message, "Row 7: a; b", so that the cap counts rows."""
    result: CsvParse[T] = CsvParse()
    try:
        records = read_csv_upload(
            raw, columns=columns, optional=optional, max_bytes=max_bytes, max_rows=max_rows
        )
    except CsvUploadError as exc:
        result.errors.append(str(exc))
        return result
    for record in records:
        if record.problem:
            result.errors.append(record.problem)
            continue
        problems: list[str] = []
        row = check_row(record, problems)
        if problems or row is None:
            result.errors.append(f"Row {record.number}: " + "; ".join(problems))
        else:
            result.rows.append(row)
    result.errors = capped(result.errors, max_errors)
    return result


def read_csv_upload(
    raw: bytes,
    *,
    columns: Sequence[str],
    optional: Sequence[str] = (),
    max_bytes: int,
    max_rows: int,
) -> list[CsvRecord]:
    """Each non-blank data row of the file; CsvUploadError for a problem with the whole file.

    The first non-blank row must hold every heading in `columns` and may add those in
    `optional`, in any order, whatever their case and spacing. At most `max_rows` data rows."""
    if len(raw) > max_bytes:
        raise CsvUploadError(f"The file must be smaller than {size_label(max_bytes)}")
    if not raw:
        raise CsvUploadError("The file is empty")
    text = decode(raw)
    header: list[str] | None = None
    records: list[CsvRecord] = []
    # Rows are numbered as a spreadsheet shows them, blank rows included, so that "Row 7" is
    # row 7 when the person opens the file again.
    number = 0
    try:
        for number, row in enumerate(csv.reader(io.StringIO(text, newline="")), start=1):
            cells = [cell.strip() for cell in row]
            if not any(cells):
                continue
            if header is None:
                if error := _check_headings(cells, columns, optional):
                    raise CsvUploadError(error)
                header = [heading(cell) for cell in _without_trailing_blanks(cells)]
                continue
            if len(records) == max_rows:
                raise CsvUploadError(f"The file has more than {max_rows:,} rows; split it")
            records.append(_record(number, cells, header))
    except csv.Error as exc:
        # In practice a cell longer than the csv module allows: an opening double quote
        # without its partner swallows the rest of the file into one cell.
        raise CsvUploadError(
            f"Row {number + 1}: the file cannot be read as a CSV from here; check for a "
            f'double quote (") that is not closed ({exc})'
        ) from None
    if header is None:
        raise CsvUploadError("The file is empty")
    if not records:
        raise CsvUploadError("The file has headings but no rows")
    return records


NOT_CSV = f"The selected file is not a CSV file. Check you chose the right one. {SAVE_AS_UTF8}"
# Bytes that no CSV file holds: control characters other than tab, line feed, form feed and
# carriage return.
CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# How much of the file's start is looked at to tell UTF-16 from other files.
SNIFF_BYTES = 4096


def _looks_like_utf16(raw: bytes) -> bool:
    """A UTF-16 byte order mark, or text whose every other byte is zero: UTF-16 puts a zero
    beside each English letter, on the same side all through the file."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    start = raw[:SNIFF_BYTES]
    even, odd = start[0::2], start[1::2]
    if not odd:
        return False
    for zeros, letters in ((odd, even), (even, odd)):
        if zeros.count(0) >= 0.9 * len(zeros) and letters.count(0) == 0:
            return True
    return False


def _looks_binary(raw: bytes) -> bool:
    """A program, image, PDF or other file that is not text: it starts with a PDF's mark or
    holds control characters that text never does (one is enough: a CSV has none)."""
    return raw.startswith(b"%PDF") or CONTROL_BYTES.search(raw) is not None


def decode(raw: bytes) -> str:
    """The text of a UTF-8 file, with or without a byte order mark; CsvUploadError naming what
    the file looks like instead (an Excel workbook, UTF-16, Windows-1252, not text at all) if it
    is not."""
    if raw.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise CsvUploadError(f"{ENCODING_ERROR}; this looks like an Excel workbook. {SAVE_AS_UTF8}")
    if _looks_like_utf16(raw):
        raise CsvUploadError(
            f"{ENCODING_ERROR}; this one looks like UTF-16 "
            f"(what Excel calls ‘Unicode Text’). {SAVE_AS_UTF8}"
        )
    if _looks_binary(raw):
        raise CsvUploadError(NOT_CSV)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        raw.decode("cp1252")
    except UnicodeDecodeError:
        raise CsvUploadError(f"{ENCODING_ERROR}. {SAVE_AS_UTF8}") from None
    raise CsvUploadError(
        f"{ENCODING_ERROR}; this one looks like Windows-1252 "
        f"(what Excel saves as plain ‘CSV (Comma delimited)’), where £ and accented "
        f"letters are stored differently. {SAVE_AS_UTF8}"
    )


def size_label(max_bytes: int) -> str:
    """A byte limit as people say it: 2 MB, 512 KB."""
    megabyte = 1024 * 1024
    if max_bytes % megabyte == 0:
        return f"{max_bytes // megabyte} MB"
    return f"{max_bytes // 1024:,} KB"


def heading(cell: str) -> str:
    """Headings match whatever their case and spacing: ‘Staff Group’ is staff_group."""
    return re.sub(r"[\s_-]+", "_", cell.strip().lower()).strip("_")


def _without_trailing_blanks(cells: list[str]) -> list[str]:
    """Excel often writes empty cells after the last column; they are not a column."""
    end = len(cells)
    while end and not cells[end - 1]:
        end -= 1
    return cells[:end]


def _check_headings(cells: list[str], columns: Sequence[str], optional: Sequence[str]) -> str:
    """Why the first row is not the headings wanted, or "" if it is."""
    headings = [heading(cell) for cell in _without_trailing_blanks(cells)]
    wanted = ", ".join(columns)
    if len(headings) == 1 and re.search(r"[;\t|]", cells[0]):
        return (
            f"The first row must be the headings {wanted}, separated by commas; this file "
            f"seems to use another separator. Save it as ‘CSV UTF-8 (Comma delimited)’."
        )
    for name in headings:
        if name and headings.count(name) > 1:
            return f"The heading ‘{name}’ appears more than once"
    missing = [column for column in columns if column not in headings]
    allowed = (*columns, *optional)
    unexpected = [name for name in headings if name not in allowed]
    if not missing and not unexpected:
        return ""
    first = f"The first row must be the headings {wanted} (in any order)"
    if optional:
        first += f", and may add {one_of(optional)}"
    parts = [first + "."]
    if missing:
        parts.append(f"Missing: {quoted(missing)}.")
    if unexpected:
        names = [name or "a column with no heading" for name in unexpected]
        parts.append(f"Not expected: {quoted(names)}.")
    return " ".join(parts)


def _record(number: int, cells: list[str], header: list[str]) -> CsvRecord:
    if len(cells) > len(header) and not any(cells[len(header) :]):
        cells = cells[: len(header)]  # trailing empty cells, as Excel writes them
    if len(cells) != len(header):
        problem = f"Row {number}: needs {len(header)} values, has {len(cells)}"
        if len(cells) > len(header):
            problem += " (a value with a comma in it must be inside double quotes)"
        return CsvRecord(number, {}, problem)
    return CsvRecord(number, dict(zip(header, cells, strict=True)))


def capped(errors: list[str], limit: int = MAX_ROW_ERRORS) -> list[str]:
    """At most `limit` messages, then how many more: a page of hundreds helps nobody."""
    if len(errors) <= limit:
        return errors
    extra = len(errors) - limit
    return [*errors[:limit], f"…and {extra:,} more rows with problems"]


# Helpers for the importers' messages and cells ----------------------------------------------


def shown(value: str) -> str:
    """A value as echoed back in a message: long ones are cut short."""
    return value if len(value) <= 40 else value[:39] + "…"


def quoted(names: Sequence[str]) -> str:
    """‘a’, ‘b’, ‘c’"""
    return ", ".join(f"‘{name}’" for name in names)


def one_of(labels: Sequence[str], conjunction: str = "or") -> str:
    """‘A, B or C’ (or ‘A, B and C’)."""
    if len(labels) == 1:
        return labels[0]
    return ", ".join(labels[:-1]) + f" {conjunction} {labels[-1]}"


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


def example_csv(columns: Sequence[str], rows: Sequence[Sequence[object]]) -> bytes:
    """An example file for an importer to offer beside its upload: its headings, then `rows`.

    UTF-8 with a byte order mark, so that Excel opens it as UTF-8 (and keeps it so when saved
    as ‘CSV UTF-8’); the importers read the mark and ignore it."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")
