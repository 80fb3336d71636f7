"""Headcount CSV parsing."""

import pytest

from diagnostics.constants import STAFF_GROUPS
from diagnostics.surveys.headcount_csv import headcount_example_csv, parse_headcount_csv


class TestHeadcountCsv:
    def test_good_file(self):
        raw = b"dimension,group,headcount\ndirectorate,medicine,120\nstaff_group,ahp,40\n"
        parsed = parse_headcount_csv(raw, directorate_codes={"medicine"})
        assert parsed.errors == []
        assert parsed.rows == [("directorate", "medicine", 120), ("staff_group", "ahp", 40)]

    def test_every_bad_row_is_named(self):
        raw = (
            b"dimension,group,headcount\n"
            b"directorate,medicine,120\n"
            b"ward,x,3\n"
            b"directorate,unknown,5\n"
            b"staff_group,ahp,lots\n"
            b"directorate,medicine,7\n"
            b"staff_group,ahp\n"
        )
        parsed = parse_headcount_csv(raw, directorate_codes={"medicine"})
        assert parsed.errors == [
            "Row 3: dimension must be directorate or staff_group, not ‘ward’",
            "Row 4: ‘unknown’ is not a known directorate code",
            "Row 5: headcount must be a whole number up to 100,000, not ‘lots’",
            "Row 6: directorate ‘medicine’ appears twice",
            "Row 7: needs 3 values, has 2",
        ]

    @pytest.mark.parametrize("count", ["²", "٣", "1e3", "9999999", "-4"])
    def test_odd_numbers_are_refused_not_crashed_on(self, count):
        raw = f"dimension,group,headcount\nstaff_group,ahp,{count}\n".encode()
        parsed = parse_headcount_csv(raw, directorate_codes=set())
        assert parsed.rows == [] and len(parsed.errors) == 1

    @pytest.mark.parametrize(
        ("raw", "message"),
        [
            (
                b"a,b,c\n",
                "The first row must be the headings dimension, group, headcount (in any order). "
                "Missing: ‘dimension’, ‘group’, ‘headcount’. Not expected: ‘a’, ‘b’, ‘c’.",
            ),
            (
                b"\xff\xfe\x00",
                "The file must be a CSV saved as UTF-8 text; this one looks like UTF-16 (what "
                "Excel calls ‘Unicode Text’). In Excel, choose Save As, then ‘CSV UTF-8 (Comma "
                "delimited)’.",
            ),
            (b"dimension,group,headcount\n", "The file has headings but no rows"),
            (b"x" * (600 * 1024), "The file must be smaller than 512 KB"),
        ],
    )
    def test_whole_file_problems(self, raw, message):
        assert parse_headcount_csv(raw, directorate_codes=set()).errors == [message]


class TestExample:
    def test_the_example_parses_for_the_wave_it_was_made_for(self):
        codes = ["medicine", "surgery", "women_children"]
        raw = headcount_example_csv(directorate_codes=codes, current={("staff_group", "ahp"): 35})
        parsed = parse_headcount_csv(raw, directorate_codes=set(codes))
        assert parsed.errors == []
        assert len(parsed.rows) == len(codes) + len(STAFF_GROUPS)
        assert ("staff_group", "ahp", 35) in parsed.rows

    def test_a_wave_without_directorates_still_gets_the_staff_groups(self):
        parsed = parse_headcount_csv(
            headcount_example_csv(directorate_codes=[]), directorate_codes=set()
        )
        assert parsed.errors == []
        assert parsed.rows
