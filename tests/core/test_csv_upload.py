"""The shared CSV upload reader: every way a whole file can be wrong is refused with one message
that says how to put it right, and each good row reaches the importer's check with its cells by
heading and its spreadsheet row number. Pure: no database."""

import datetime

import pytest

from core.csv_upload import (
    MAX_ROW_ERRORS,
    CsvRecord,
    CsvUploadError,
    capped,
    decode,
    heading,
    parse_csv_upload,
    parse_date,
    read_csv_upload,
    size_label,
)

COLUMNS = ("name", "count")
LIMITS = {"max_bytes": 1024 * 1024, "max_rows": 10}


def csv_bytes(*lines: str, encoding: str = "utf-8") -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def read(raw: bytes, **options) -> list[CsvRecord]:
    return read_csv_upload(raw, **{"columns": COLUMNS, **LIMITS, **options})


def whole_file_error(raw: bytes, **options) -> str:
    with pytest.raises(CsvUploadError) as raised:
        read(raw, **options)
    return str(raised.value)


def count_must_be_a_number(record: CsvRecord, problems: list[str]) -> tuple[str, int] | None:
    if not record.cells["count"].isdigit():
        problems.append(f"count must be a number, not ‘{record.cells['count']}’")
    if record.cells["name"] == "twice wrong":
        problems.append("name is wrong too")
    if problems:
        return None
    return record.cells["name"], int(record.cells["count"])


def parse(raw: bytes, **options):
    return parse_csv_upload(
        raw, **{"columns": COLUMNS, **LIMITS, "check_row": count_must_be_a_number, **options}
    )


class TestEncodings:
    def test_utf8_text_with_pound_sign_and_accents(self):
        [record] = read(csv_bytes("name,count", "Café £5,1"))
        assert record.cells == {"name": "Café £5", "count": "1"}

    def test_a_utf8_byte_order_mark_is_not_part_of_the_first_heading(self):
        [record] = read(b"\xef\xbb\xbf" + csv_bytes("name,count", "A,1"))
        assert record.cells == {"name": "A", "count": "1"}

    @pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
    def test_utf16_is_named(self, encoding):
        error = whole_file_error(csv_bytes("name,count", "A,1", encoding=encoding))
        assert error == (
            "The file must be a CSV saved as UTF-8 text; this one looks like UTF-16 (what Excel "
            "calls ‘Unicode Text’). In Excel, choose Save As, then ‘CSV UTF-8 (Comma delimited)’."
        )

    def test_windows_1252_from_excel_is_named(self):
        error = whole_file_error(csv_bytes("name,count", "Café £5,1", encoding="cp1252"))
        assert error.startswith("The file must be a CSV saved as UTF-8 text; this one looks like")
        assert "Windows-1252" in error and "CSV UTF-8 (Comma delimited)" in error

    @pytest.mark.parametrize("raw", [b"PK\x03\x04rest", b"\xd0\xcf\x11\xe0rest"])
    def test_an_excel_workbook_is_named(self, raw):
        assert "this looks like an Excel workbook" in whole_file_error(raw)

    @pytest.mark.parametrize(
        "raw",
        [
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR an image",
            b"MZ\x90\x00\x03\x00\x00\x00 a renamed Windows program",
            b"%PDF-1.4\n% a document\n%%EOF\n",
            b"\x7fELF\x02\x01\x01 a Linux program",
            bytes(range(256)) * 4,
            # Text for 5,000 bytes, then a zero byte: what a truncated or joined file can hold.
            csv_bytes("name,count", *["A,1"] * 1000) + b"\x00",
        ],
    )
    def test_a_file_that_is_not_text_is_called_not_a_csv_file(self, raw):
        assert whole_file_error(raw) == (
            "The selected file is not a CSV file. Check you chose the right one. In Excel, "
            "choose Save As, then ‘CSV UTF-8 (Comma delimited)’."
        )

    def test_utf16_without_a_byte_order_mark_and_with_a_pound_sign_is_still_utf16(self):
        raw = csv_bytes("name,count", "Café £5,1", encoding="utf-16-le")
        assert "looks like UTF-16" in whole_file_error(raw)

    def test_tabs_form_feeds_and_line_ends_are_text(self):
        [record] = read(csv_bytes("name,count", '"A\tB\fC",1'))
        assert record.cells == {"name": "A\tB\fC", "count": "1"}

    def test_bytes_that_are_no_text_get_the_plain_message(self):
        assert whole_file_error(b"name,count\r\nA,\x81\x8d\x8f\x90\x9d\r\n") == (
            "The file must be a CSV saved as UTF-8 text. In Excel, choose Save As, then "
            "‘CSV UTF-8 (Comma delimited)’."
        )

    def test_decode_alone(self):
        assert decode(b"\xef\xbb\xbfa,b") == "a,b"
        with pytest.raises(CsvUploadError):
            decode("a,é".encode("cp1252"))


class TestHeadings:
    def test_any_order_case_and_spacing(self):
        [record] = read(csv_bytes("  COUNT , Name", "1,A"))
        assert record.cells == {"count": "1", "name": "A"}
        assert heading(" Staff-Group ") == "staff_group"

    def test_a_missing_heading_is_named(self):
        assert whole_file_error(csv_bytes("name", "A")) == (
            "The first row must be the headings name, count (in any order). Missing: ‘count’."
        )

    def test_missing_and_unknown_headings_are_named(self):
        assert whole_file_error(csv_bytes("name,,total", "A,x,1")) == (
            "The first row must be the headings name, count (in any order). Missing: ‘count’. "
            "Not expected: ‘a column with no heading’, ‘total’."
        )

    def test_optional_headings_may_be_given_or_left_out(self):
        [with_notes] = read(csv_bytes("name,count,notes", "A,1,hi"), optional=("notes",))
        [without] = read(csv_bytes("name,count", "A,1"), optional=("notes",))
        assert with_notes.cells["notes"] == "hi"
        assert "notes" not in without.cells

    def test_the_message_names_the_optional_headings(self):
        error = whole_file_error(csv_bytes("name,total", "A,1"), optional=("notes", "link"))
        assert error == (
            "The first row must be the headings name, count (in any order), and may add "
            "notes or link. Missing: ‘count’. Not expected: ‘total’."
        )

    def test_a_repeated_heading(self):
        error = whole_file_error(csv_bytes("name,count,Name", "A,1,B"))
        assert error == "The heading ‘name’ appears more than once"

    @pytest.mark.parametrize("separator", [";", "\t", "|"])
    def test_another_separator(self, separator):
        error = whole_file_error(csv_bytes(f"name{separator}count", f"A{separator}1"))
        assert error.startswith("The first row must be the headings name, count, separated by")
        assert "seems to use another separator" in error

    def test_blank_rows_and_trailing_empty_headings_before_the_headings(self):
        [record] = read(csv_bytes("", ",,", "name,count,,", "A,1"))
        assert record.number == 4


class TestEmptyAndLimits:
    @pytest.mark.parametrize("raw", [b"", b"\xef\xbb\xbf", b"\r\n\r\n", b" , ,\n"])
    def test_an_empty_file(self, raw):
        assert whole_file_error(raw) == "The file is empty"

    def test_headings_but_no_rows(self):
        assert whole_file_error(csv_bytes("name,count", "", ",")) == (
            "The file has headings but no rows"
        )

    def test_too_large_is_refused_before_reading(self):
        raw = csv_bytes("name,count", "A,1")
        assert whole_file_error(raw + b" " * 1024, max_bytes=1024) == (
            "The file must be smaller than 1 KB"
        )
        assert whole_file_error(raw + b" " * 600 * 1024, max_bytes=512 * 1024) == (
            "The file must be smaller than 512 KB"
        )
        assert len(read(raw, max_bytes=len(raw))) == 1

    def test_size_labels(self):
        assert size_label(2 * 1024 * 1024) == "2 MB"
        assert size_label(512 * 1024) == "512 KB"
        assert size_label(1536 * 1024) == "1,536 KB"

    def test_too_many_rows(self):
        assert whole_file_error(csv_bytes("name,count", *["A,1"] * 11)) == (
            "The file has more than 10 rows; split it"
        )
        assert whole_file_error(csv_bytes("name,count", *["A,1"] * 20_001), max_rows=20_000) == (
            "The file has more than 20,000 rows; split it"
        )

    def test_exactly_the_row_limit_is_allowed_and_blank_rows_do_not_count(self):
        assert len(read(csv_bytes("name,count", *["A,1", ""] * 10))) == 10

    def test_an_unclosed_double_quote(self):
        raw = csv_bytes("name,count", "A,1") + b'B,"' + b"x" * 200_000
        error = whole_file_error(raw)
        assert error.startswith("Row 3: the file cannot be read as a CSV from here; check for a")
        assert 'double quote (") that is not closed' in error


class TestRows:
    def test_row_numbers_are_the_spreadsheets_counting_blank_rows(self):
        records = read(csv_bytes("name,count", "A,1", "", " , ", "B,2"))
        assert [record.number for record in records] == [2, 5]

    def test_cells_are_stripped(self):
        [record] = read(csv_bytes("name,count", '  A  ," 1 "'))
        assert record.cells == {"name": "A", "count": "1"}

    def test_too_few_values(self):
        [record] = read(csv_bytes("name,count", "A"))
        assert record == CsvRecord(2, {}, "Row 2: needs 2 values, has 1")

    def test_too_many_values_hints_at_quoting(self):
        [record] = read(csv_bytes("name,count", "A,B,1"))
        assert record.problem == (
            "Row 2: needs 2 values, has 3 (a value with a comma in it must be inside double quotes)"
        )

    def test_trailing_empty_cells_from_excel_are_not_values(self):
        [record] = read(csv_bytes("name,count", "A,1,,"))
        assert record.cells == {"name": "A", "count": "1"}

    def test_a_quoted_comma_is_one_value(self):
        [record] = read(csv_bytes("name,count", '"A, B",1'))
        assert record.cells["name"] == "A, B"


class TestParse:
    def test_good_rows_are_kept_and_bad_rows_named_with_their_numbers(self):
        result = parse(csv_bytes("name,count", "A,1", "B,x", "", "C", "D,4", "twice wrong,y"))
        assert result.rows == [("A", 1), ("D", 4)]
        assert result.errors == [
            "Row 3: count must be a number, not ‘x’",
            "Row 5: needs 2 values, has 1",
            "Row 7: count must be a number, not ‘y’; name is wrong too",
        ]

    def test_a_whole_file_problem_is_the_only_message(self):
        result = parse(b"")
        assert result.rows == [] and result.errors == ["The file is empty"]

    def test_a_row_the_check_returns_none_for_is_left_out(self):
        result = parse(csv_bytes("name,count", "A,1"), check_row=lambda record, problems: None)
        assert result.rows == []
        assert result.errors == ["Row 2: "]

    def test_errors_are_capped_with_a_count_of_the_rest(self):
        result = parse(csv_bytes("name,count", *["A,x"] * 57), max_rows=100)
        assert len(result.errors) == MAX_ROW_ERRORS + 1
        assert result.errors[MAX_ROW_ERRORS - 1].startswith(f"Row {MAX_ROW_ERRORS + 1}: ")
        assert result.errors[-1] == "…and 7 more rows with problems"

    def test_the_cap_can_be_set(self):
        result = parse(csv_bytes("name,count", *["A,x"] * 5), max_errors=3)
        assert result.errors[-1] == "…and 2 more rows with problems"

    def test_capped(self):
        assert capped(["a"] * 50) == ["a"] * 50
        assert capped(["a"] * 1051) == [*["a"] * 50, "…and 1,001 more rows with problems"]


def test_parse_date():
    assert parse_date("2026-03-14") == parse_date("14/03/2026") == datetime.date(2026, 3, 14)
    assert parse_date("29/02/2027") is None
    assert parse_date("March 2026") is None
