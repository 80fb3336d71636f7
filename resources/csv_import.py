"""Parse a curator's CSV of resource details (no files) for the bulk import, checking every row;
the caller imports nothing if `errors` is not empty.

A pure function of the uploaded bytes: no database, no models. The file-level checks are the
ones the record uploads make (diagnostics.record_csv), with the same messages, so a curator
meets the same wording everywhere. They are repeated here in small form rather than imported
because resources and diagnostics must not depend on each other (the import-linter layers in
pyproject.toml), and because this file has an optional column, which those do not.

Cells are stripped of surrounding spaces. Text that starts with = + - or @ is kept as plain
text and never evaluated; whoever exports it again to a spreadsheet must escape it.
"""

import codecs
import csv
import datetime
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db.models import TextChoices

from programmes.constants import DiagnosticTool, Element, PhaseKind
from resources.constants import Audience, ResourceKind

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5_000
MAX_ROW_ERRORS = 50
MAX_TITLE_CHARS = 200
MAX_SUMMARY_CHARS = 500
MAX_BODY_CHARS = 20_000
MAX_LINK_CHARS = 500
MAX_EMAIL_CHARS = 254

RESOURCE_COLUMNS = (
    "title",
    "summary",
    "kind",
    "phases",
    "tools",
    "elements",
    "audience",
    "link",
    "owner_email",
    "review_due",
)
OPTIONAL_COLUMNS = ("body",)
LIST_SEPARATOR = ";"

ENCODING_ERROR = "The file must be a CSV saved as UTF-8 text"
SAVE_AS_UTF8 = "In Excel, choose Save As, then ‘CSV UTF-8 (Comma delimited)’."

T = TypeVar("T")


@dataclass
class CsvParse(Generic[T]):
    """The rows that passed and the problems found; import the rows only if `errors` is empty."""

    rows: list[T] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ResourceRow:
    title: str
    summary: str
    kind: str  # a ResourceKind code
    phases: tuple[str, ...]  # PhaseKind codes, in the order of PhaseKind, each once
    tools: tuple[str, ...]  # DiagnosticTool codes, likewise
    elements: tuple[str, ...]  # Element codes, likewise
    audience: tuple[str, ...]  # Audience codes, likewise
    link: str
    owner_email: str  # lower case, as accounts stores addresses
    review_due: datetime.date | None
    body: str = ""  # Markdown, with its line breaks kept
    # The row as a spreadsheet numbers it, for messages about the row after parsing (a title
    # already in the library, say); blank rows make it differ from the position in `rows`.
    row_number: int = 0


# Reading the file ----------------------------------------------------------------------------


def _decode(raw: bytes) -> str:
    """The text of the file, or ValueError naming what it looks like instead."""
    if raw.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise ValueError(f"{ENCODING_ERROR}; this looks like an Excel workbook. {SAVE_AS_UTF8}")
    # UTF-16 puts a zero byte beside every English letter; UTF-8 would accept them silently.
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in raw:
        raise ValueError(
            f"{ENCODING_ERROR}; this one looks like UTF-16 "
            f"(what Excel calls ‘Unicode Text’). {SAVE_AS_UTF8}"
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        raw.decode("cp1252")
    except UnicodeDecodeError:
        raise ValueError(f"{ENCODING_ERROR}. {SAVE_AS_UTF8}") from None
    raise ValueError(
        f"{ENCODING_ERROR}; this one looks like Windows-1252 "
        f"(what Excel saves as plain ‘CSV (Comma delimited)’), where £ and accented "
        f"letters are stored differently. {SAVE_AS_UTF8}"
    )


def _heading(cell: str) -> str:
    """Headings match whatever their case and spacing: ‘Owner Email’ is owner_email."""
    return re.sub(r"[\s_-]+", "_", cell.strip().lower()).strip("_")


def _trimmed(cells: list[str]) -> list[str]:
    """Without the empty cells Excel often writes after the last column."""
    end = len(cells)
    while end and not cells[end - 1]:
        end -= 1
    return cells[:end]


def _quoted(names: Sequence[str]) -> str:
    return ", ".join(f"‘{name}’" for name in names)


def _shown(value: str) -> str:
    """A value as echoed back in a message: long ones are cut short."""
    return value if len(value) <= 40 else value[:39] + "…"


def _one_of(labels: Sequence[str], conjunction: str = "or") -> str:
    """‘A, B or C’ (or ‘A, B and C’)."""
    if len(labels) == 1:
        return labels[0]
    return ", ".join(labels[:-1]) + f" {conjunction} {labels[-1]}"


def _check_headings(headings: list[str], first_cell: str) -> str:
    wanted = ", ".join(RESOURCE_COLUMNS)
    if len(headings) == 1 and re.search(r"[;\t|]", first_cell):
        return (
            f"The first row must be the headings {wanted}, separated by commas; this file "
            f"seems to use another separator. Save it as ‘CSV UTF-8 (Comma delimited)’."
        )
    for heading in headings:
        if heading and headings.count(heading) > 1:
            return f"The heading ‘{heading}’ appears more than once"
    missing = [column for column in RESOURCE_COLUMNS if column not in headings]
    allowed = (*RESOURCE_COLUMNS, *OPTIONAL_COLUMNS)
    unexpected = [heading or "a column with no heading" for heading in headings]
    unexpected = [heading for heading in unexpected if heading not in allowed]
    if not missing and not unexpected:
        return ""
    parts = [
        f"The first row must be the headings {wanted} (in any order), and may add "
        f"{_one_of(OPTIONAL_COLUMNS)}."
    ]
    if missing:
        parts.append(f"Missing: {_quoted(missing)}.")
    if unexpected:
        parts.append(f"Not expected: {_quoted(unexpected)}.")
    return " ".join(parts)


def _records(raw: bytes) -> list[tuple[int, dict[str, str] | str]]:
    """Each non-blank data row's spreadsheet row number with its cells by heading, or with why
    they could not be matched to the headings. ValueError for a problem with the whole file."""
    if len(raw) > MAX_BYTES:
        raise ValueError(f"The file must be smaller than {MAX_BYTES // (1024 * 1024)} MB")
    if not raw:
        raise ValueError("The file is empty")
    text = _decode(raw)
    header: list[str] | None = None
    records: list[tuple[int, dict[str, str] | str]] = []
    # Rows are numbered as a spreadsheet shows them, blank rows included.
    number = 0
    try:
        for number, row in enumerate(csv.reader(io.StringIO(text, newline="")), start=1):
            cells = [cell.strip() for cell in row]
            if not any(cells):
                continue
            if header is None:
                header = [_heading(cell) for cell in _trimmed(cells)]
                if error := _check_headings(header, cells[0]):
                    raise ValueError(error)
                continue
            if len(records) == MAX_ROWS:
                raise ValueError(f"The file has more than {MAX_ROWS:,} rows; split it")
            if len(cells) > len(header):
                cells = cells[: len(header)] if not any(cells[len(header) :]) else cells
            if len(cells) != len(header):
                problem = f"Row {number}: needs {len(header)} values, has {len(cells)}"
                if len(cells) > len(header):
                    problem += " (a value with a comma in it must be inside double quotes)"
                records.append((number, problem))
            else:
                records.append((number, dict(zip(header, cells, strict=True))))
    except csv.Error as exc:
        # In practice an opening double quote without its partner, swallowing the rest.
        raise ValueError(
            f"Row {number + 1}: the file cannot be read as a CSV from here; check for a "
            f'double quote (") that is not closed ({exc})'
        ) from None
    if header is None:
        raise ValueError("The file is empty")
    if not records:
        raise ValueError("The file has headings but no rows")
    return records


# Checking a row ------------------------------------------------------------------------------


def _key(text: str) -> str:
    """A code or label as compared: case, spacing and underscores make no difference, so
    ‘Case study’, ‘case_study’ and ‘CASE STUDY’ are the same."""
    return " ".join(text.replace("_", " ").casefold().split())


def _title_key(title: str) -> str:
    """Titles that differ only in case or spacing are the same title."""
    return " ".join(title.casefold().split())


def _names(choices: type[TextChoices]) -> dict[str, str]:
    """Each choice's code and label, compared as `_key` text, to its code."""
    names = {}
    for choice in choices:
        names[_key(choice.value)] = choice.value
        names[_key(str(choice.label))] = choice.value
    return names


@dataclass(frozen=True)
class _Vocabulary:
    choices: type[TextChoices]
    one: str  # what one value is called in a message (‘a phase’), and several (‘phases’)
    several: str

    def codes(self, cell: str, column: str, problems: list[str]) -> tuple[str, ...]:
        """The codes a ;-separated list names, in the order of the choices, each once."""
        names = _names(self.choices)
        given = [item.strip() for item in cell.split(LIST_SEPARATOR) if item.strip()]
        unknown = [_shown(item) for item in given if _key(item) not in names]
        if unknown:
            what = f"is not {self.one}" if len(unknown) == 1 else f"are not {self.several}"
            labels = [str(label) for label in self.choices.labels]
            problems.append(
                f"{column}: {_one_of([f'‘{item}’' for item in unknown], 'and')} {what} "
                f"(use {_one_of(labels)}, separated by ‘{LIST_SEPARATOR}’)"
            )
        found = {names[_key(item)] for item in given if _key(item) in names}
        return tuple(code for code in self.choices.values if code in found)


PHASES = _Vocabulary(PhaseKind, "a phase", "phases")
TOOLS = _Vocabulary(DiagnosticTool, "a diagnostic tool", "diagnostic tools")
ELEMENTS = _Vocabulary(Element, "a cultural element", "cultural elements")
AUDIENCES = _Vocabulary(Audience, "an audience", "audiences")

_LINK = URLValidator(schemes=["http", "https"])


def _text(
    cells: dict[str, str], column: str, problems: list[str], *, limit: int, keep_lines: bool
) -> str:
    value = cells.get(column, "")
    if keep_lines:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    else:
        value = " ".join(value.split())
    if len(value) > limit:
        problems.append(
            f"{column} must be {limit:,} characters or fewer (this one has {len(value):,})"
        )
    return value


def _required(value: str, column: str, problems: list[str]) -> None:
    if not value:
        problems.append(f"{column} is missing")


def parse_date(text: str) -> datetime.date | None:
    """A real date written 2027-03-31 or 31/03/2027 (day first, as in the UK), or None."""
    if match := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text):
        year, month, day = int(match[1]), int(match[2]), int(match[3])
    elif match := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text):
        day, month, year = int(match[1]), int(match[2]), int(match[3])
    else:
        return None
    try:
        return datetime.date(year, month, day)
    except ValueError:  # 31/02/2027 and the like
        return None


def _kind(cell: str, problems: list[str]) -> str:
    code = _names(ResourceKind).get(_key(cell), "")
    if not cell:
        problems.append("kind is missing")
    elif not code:
        labels = [str(label) for label in ResourceKind.labels]
        problems.append(f"kind must be one of {_one_of(labels)}, not ‘{_shown(cell)}’")
    return code


def _link(cell: str, problems: list[str]) -> str:
    if not cell:
        problems.append("link is missing (an imported resource has no file, so it needs one)")
        return cell
    if len(cell) > MAX_LINK_CHARS:
        problems.append(
            f"link must be {MAX_LINK_CHARS} characters or fewer (this one has {len(cell):,})"
        )
        return cell
    try:
        _LINK(cell)
    except ValidationError:
        problems.append(
            f"link must be a web address that starts with https://, not ‘{_shown(cell)}’"
        )
    return cell


def _owner_email(cell: str, problems: list[str]) -> str:
    email = cell.lower()
    if not email:
        problems.append("owner_email is missing")
        return email
    try:
        if len(email) > MAX_EMAIL_CHARS:
            raise ValidationError("too long")
        validate_email(email)
    except ValidationError:
        problems.append(
            f"owner_email must be an email address like name@nhs.net, not ‘{_shown(cell)}’"
        )
    return email


def _review_due(cell: str, problems: list[str]) -> datetime.date | None:
    due = parse_date(cell) if cell else None
    if cell and due is None:
        problems.append(
            f"review_due must be a real date like 2027-03-31 or 31/03/2027, not ‘{_shown(cell)}’"
        )
    return due


def _resource_row(cells: dict[str, str], problems: list[str], number: int) -> ResourceRow:
    title = _text(cells, "title", problems, limit=MAX_TITLE_CHARS, keep_lines=False)
    _required(title, "title", problems)
    summary = _text(cells, "summary", problems, limit=MAX_SUMMARY_CHARS, keep_lines=False)
    _required(summary, "summary", problems)
    return ResourceRow(
        title=title,
        summary=summary,
        kind=_kind(cells["kind"], problems),
        phases=PHASES.codes(cells["phases"], "phases", problems),
        tools=TOOLS.codes(cells["tools"], "tools", problems),
        elements=ELEMENTS.codes(cells["elements"], "elements", problems),
        audience=AUDIENCES.codes(cells["audience"], "audience", problems),
        link=_link(cells["link"], problems),
        owner_email=_owner_email(cells["owner_email"], problems),
        review_due=_review_due(cells["review_due"], problems),
        body=_text(cells, "body", problems, limit=MAX_BODY_CHARS, keep_lines=True),
        row_number=number,
    )


def _capped(errors: list[str]) -> list[str]:
    """At most MAX_ROW_ERRORS messages: a page of hundreds helps nobody fix the file."""
    if len(errors) <= MAX_ROW_ERRORS:
        return errors
    extra = len(errors) - MAX_ROW_ERRORS
    return [*errors[:MAX_ROW_ERRORS], f"…and {extra:,} more rows with problems"]


def parse_resource_csv(raw: bytes) -> CsvParse[ResourceRow]:
    """Resource details, one resource a row: columns RESOURCE_COLUMNS in any order, and
    optionally body. Titles must differ (whatever their case) within the file."""
    result: CsvParse[ResourceRow] = CsvParse()
    try:
        records = _records(raw)
    except ValueError as exc:
        result.errors.append(str(exc))
        return result
    first_row_with_title: dict[str, int] = {}
    for number, cells in records:
        if isinstance(cells, str):
            result.errors.append(cells)
            continue
        problems: list[str] = []
        row = _resource_row(cells, problems, number)
        # Checked even when the row has other problems, so that one pass finds them all.
        if row.title:
            first = first_row_with_title.setdefault(_title_key(row.title), number)
            if first != number:
                problems.append(f"title ‘{_shown(row.title)}’ appears twice (first on row {first})")
        if problems:
            # One message per row, so that the cap counts rows.
            result.errors.append(f"Row {number}: " + "; ".join(problems))
        else:
            result.rows.append(row)
    result.errors = _capped(result.errors)
    return result
