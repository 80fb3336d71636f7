"""Parse a curator's CSV of resource details (no files) for the bulk import, checking every row;
the caller imports nothing if `errors` is not empty.

A pure function of the uploaded bytes: no database, no models. The file-level checks (size,
encoding, headings, cell counts, row limit, error cap) are core.csv_upload's, which the record
uploads use too, so a curator meets the same wording everywhere; this module checks the rows.

Cells are stripped of surrounding spaces. Text that starts with = + - or @ is kept as plain
text and never evaluated; whoever exports it again to a spreadsheet must escape it.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db.models import TextChoices

from core.csv_upload import (
    MAX_ROW_ERRORS,
    CsvParse,
    CsvRecord,
    example_csv,
    parse_csv_upload,
    parse_date,
)
from core.csv_upload import one_of as _one_of
from core.csv_upload import shown as _shown
from programmes.constants import DiagnosticTool, Element, PhaseKind
from resources.constants import Audience, ResourceKind

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5_000
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


def parse_resource_csv(raw: bytes) -> CsvParse[ResourceRow]:
    """Resource details, one resource a row: columns RESOURCE_COLUMNS in any order, and
    optionally body. Titles must differ (whatever their case) within the file."""
    first_row_with_title: dict[str, int] = {}

    def check_row(record: CsvRecord, problems: list[str]) -> ResourceRow:
        row = _resource_row(record.cells, problems, record.number)
        # Checked even when the row has other problems, so that one pass finds them all.
        if row.title:
            first = first_row_with_title.setdefault(_title_key(row.title), record.number)
            if first != record.number:
                problems.append(f"title ‘{_shown(row.title)}’ appears twice (first on row {first})")
        return row

    return parse_csv_upload(
        raw,
        columns=RESOURCE_COLUMNS,
        optional=OPTIONAL_COLUMNS,
        max_bytes=MAX_BYTES,
        max_rows=MAX_ROWS,
        check_row=check_row,
        max_errors=MAX_ROW_ERRORS,
    )


# Example -------------------------------------------------------------------------------------

# title, summary, kind, phases, tools, elements, audience, link, body
EXAMPLE_RESOURCES = (
    (
        "Running a culture focus group",
        "How to plan, run and write up a focus group that staff trust enough to speak in.",
        "guide",
        "discover",
        "focus_groups",
        "support_compassion;teamwork",
        "od_leads",
        "https://www.england.nhs.uk/culture/culture-leadership-programme/",
        "Book a room away from the ward.\nRecord themes, never names.",
    ),
    (
        "Board interview question set",
        "Questions for one-to-one interviews with board members about the culture they lead.",
        "template",
        "discover",
        "board_interviews",
        "vision_values;goals_performance",
        "od_leads;boards",
        "https://www.england.nhs.uk/culture/culture-leadership-programme/",
        "",
    ),
    (
        "Reading a statistical process control chart",
        "What the dots, the lines and the special causes on an SPC chart tell you.",
        "evidence_summary",
        "discover;deliver",
        "outcomes_dashboard",
        "learning_innovation",
        "analysts;boards",
        "https://www.england.nhs.uk/statistical-process-control-tool/",
        "",
    ),
)


def resource_example_csv(*, owner_email: str, today: datetime.date) -> bytes:
    """An example import: a few resources owned by `owner_email` (the curator downloading it,
    so that the owner is an account that exists), due for review a year after `today`."""
    review_due = today.replace(year=today.year + 1, day=min(today.day, 28))
    return example_csv(
        (*RESOURCE_COLUMNS, *OPTIONAL_COLUMNS),
        [
            (*columns, link, owner_email, f"{review_due:%Y-%m-%d}", body)
            for *columns, link, body in EXAMPLE_RESOURCES
        ],
    )
