"""Parse an uploaded headcount CSV, checking every row; the caller imports nothing if any
row is wrong. Columns: dimension (directorate or staff_group), group, headcount."""

import csv
import io
import re
from dataclasses import dataclass, field

from diagnostics.constants import STAFF_GROUPS, Demographic

MAX_BYTES = 512 * 1024


MAX_HEADCOUNT = 100_000


EXPECTED = ["dimension", "group", "headcount"]


@dataclass
class HeadcountParse:
    rows: list[tuple[str, str, int]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def parse_headcount_csv(raw: bytes, *, directorate_codes: set[str]) -> HeadcountParse:
    result = HeadcountParse()
    if len(raw) > MAX_BYTES:
        result.errors.append("The file must be smaller than 512 KB")
        return result
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        result.errors.append("The file must be a CSV saved as UTF-8 text")
        return result
    reader = csv.reader(io.StringIO(text))
    header = [cell.strip().lower() for cell in next(reader, [])]
    if header != EXPECTED:
        result.errors.append("The first row must be the headings: dimension, group, headcount")
        return result
    staff_groups = {code for code, _ in STAFF_GROUPS}
    seen = set()
    for number, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != 3:
            result.errors.append(f"Row {number}: needs 3 values, has {len(row)}")
            continue
        dimension, group, count = (cell.strip() for cell in row)
        if dimension not in (Demographic.DIRECTORATE, Demographic.STAFF_GROUP):
            result.errors.append(
                f"Row {number}: dimension must be directorate or staff_group, not ‘{dimension}’"
            )
            continue
        known = directorate_codes if dimension == Demographic.DIRECTORATE else staff_groups
        if group not in known:
            result.errors.append(f"Row {number}: ‘{group}’ is not a known {dimension} code")
            continue
        if not re.fullmatch(r"[0-9]{1,6}", count) or int(count) > MAX_HEADCOUNT:
            result.errors.append(
                f"Row {number}: headcount must be a whole number up to {MAX_HEADCOUNT:,}, "
                f"not ‘{count}’"
            )
            continue
        if (dimension, group) in seen:
            result.errors.append(f"Row {number}: {dimension} ‘{group}’ appears twice")
            continue
        seen.add((dimension, group))
        result.rows.append((dimension, group, int(count)))
    if not result.rows and not result.errors:
        result.errors.append("The file has no rows of headcounts")
    return result
