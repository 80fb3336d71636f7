"""Parse an uploaded headcount CSV, checking every row; the caller imports nothing if any
row is wrong. Columns: dimension (directorate or staff_group), group, headcount.

The checks every upload shares (size, encoding, headings, cell counts, row limit, error cap)
are core.csv_upload's; this module checks the rows."""

import re
from dataclasses import dataclass

from core.csv_upload import CsvParse, CsvRecord, example_csv, parse_csv_upload, shown
from diagnostics.constants import STAFF_GROUPS, Demographic

MAX_BYTES = 512 * 1024
# Far more than a trust's directorates and staff groups: each may be named once.
MAX_ROWS = 5_000
MAX_HEADCOUNT = 100_000
EXPECTED = ["dimension", "group", "headcount"]


@dataclass
class HeadcountParse(CsvParse[tuple[str, str, int]]):
    """Rows of (dimension, group, headcount)."""


def parse_headcount_csv(raw: bytes, *, directorate_codes: set[str]) -> HeadcountParse:
    staff_groups = {code for code, _ in STAFF_GROUPS}
    seen = set()

    def check_row(record: CsvRecord, problems: list[str]) -> tuple[str, str, int] | None:
        # One problem a row: the first one found.
        dimension, group, count = (record.cells[column] for column in EXPECTED)
        if dimension not in (Demographic.DIRECTORATE, Demographic.STAFF_GROUP):
            problems.append(
                f"dimension must be directorate or staff_group, not ‘{shown(dimension)}’"
            )
            return None
        known = directorate_codes if dimension == Demographic.DIRECTORATE else staff_groups
        if group not in known:
            problems.append(f"‘{shown(group)}’ is not a known {dimension} code")
            return None
        if not re.fullmatch(r"[0-9]{1,6}", count) or int(count) > MAX_HEADCOUNT:
            problems.append(
                f"headcount must be a whole number up to {MAX_HEADCOUNT:,}, not ‘{shown(count)}’"
            )
            return None
        if (dimension, group) in seen:
            problems.append(f"{dimension} ‘{group}’ appears twice")
            return None
        seen.add((dimension, group))
        return (dimension, group, int(count))

    parsed = parse_csv_upload(
        raw, columns=EXPECTED, max_bytes=MAX_BYTES, max_rows=MAX_ROWS, check_row=check_row
    )
    return HeadcountParse(rows=parsed.rows, errors=parsed.errors)


# A headcount of the size each staff group often has in an acute trust, for the example.
EXAMPLE_STAFF_GROUP_HEADCOUNTS = {
    "ahp": 420,
    "additional_clinical": 610,
    "admin_clerical": 1150,
    "estates_ancillary": 540,
    "healthcare_scientists": 160,
    "medical_dental": 780,
    "nursing_midwifery": 1900,
    "nursing_support": 870,
    "scientific_technical": 230,
    "management": 120,
    "students": 60,
    "other": 40,
}
EXAMPLE_DIRECTORATE_HEADCOUNTS = (1250, 980, 640, 430, 310, 220)


def headcount_example_csv(
    *, directorate_codes: list[str], current: dict[tuple[str, str], int] | None = None
) -> bytes:
    """An example upload for one wave: a row for each of its directorates, in the order
    given, then each national staff group, with the wave's `current` headcounts where it has
    them and a typical figure elsewhere. Valid for that wave, as long as its directorates
    stay the same."""
    current = current or {}
    rows = [
        (
            Demographic.DIRECTORATE.value,
            code,
            current.get(
                (Demographic.DIRECTORATE, code),
                EXAMPLE_DIRECTORATE_HEADCOUNTS[index % len(EXAMPLE_DIRECTORATE_HEADCOUNTS)],
            ),
        )
        for index, code in enumerate(directorate_codes)
    ] + [
        (
            Demographic.STAFF_GROUP.value,
            code,
            current.get(
                (Demographic.STAFF_GROUP, code), EXAMPLE_STAFF_GROUP_HEADCOUNTS.get(code, 100)
            ),
        )
        for code, _ in STAFF_GROUPS
    ]
    return example_csv(EXPECTED, rows)
