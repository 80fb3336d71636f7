"""The bulk import of resource details: every way a file or a row can be wrong is refused with a
message that says how to put it right. Pure: no database."""

import csv
import datetime
import io

import pytest

from resources.csv_import import (
    MAX_BYTES,
    MAX_ROW_ERRORS,
    MAX_ROWS,
    RESOURCE_COLUMNS,
    CsvParse,
    ResourceRow,
    parse_date,
    parse_resource_csv,
    resource_example_csv,
)

GOOD = {
    "title": "Running board interviews",
    "summary": "How to plan, hold and write up the board interviews",
    "kind": "guide",
    "phases": "discover",
    "tools": "board_interviews",
    "elements": "vision_values;teamwork",
    "audience": "od_leads",
    "link": "https://www.england.nhs.uk/culture/board-interviews",
    "owner_email": "ana.lead@nhs.net",
    "review_due": "2027-03-31",
}


def csv_bytes(rows: list[dict[str, str]], columns=RESOURCE_COLUMNS, encoding="utf-8") -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(column, "") for column in columns])
    return buffer.getvalue().encode(encoding)


def parse(*rows: dict[str, str], columns=RESOURCE_COLUMNS) -> CsvParse[ResourceRow]:
    return parse_resource_csv(csv_bytes([{**GOOD, **row} for row in rows], columns))


def problem(**changes: str) -> str:
    """The message for a file whose one row is GOOD with `changes`."""
    result = parse(changes)
    assert result.rows == []
    [message] = result.errors
    assert message.startswith("Row 2: ")
    return message.removeprefix("Row 2: ")


def only_row(**changes: str) -> ResourceRow:
    result = parse(changes)
    assert result.errors == []
    [row] = result.rows
    return row


class TestAGoodFile:
    def test_a_good_row(self):
        assert parse({}).rows == [
            ResourceRow(
                title="Running board interviews",
                summary="How to plan, hold and write up the board interviews",
                kind="guide",
                phases=("discover",),
                tools=("board_interviews",),
                elements=("vision_values", "teamwork"),
                audience=("od_leads",),
                link="https://www.england.nhs.uk/culture/board-interviews",
                owner_email="ana.lead@nhs.net",
                review_due=datetime.date(2027, 3, 31),
                body="",
                row_number=2,
            )
        ]

    def test_rows_are_frozen(self):
        row = only_row()
        with pytest.raises(AttributeError):
            row.title = "Changed"  # type: ignore[misc]

    def test_headings_in_any_order_case_and_spacing(self):
        columns = [f" {c.upper().replace('_', ' ')} " for c in reversed(RESOURCE_COLUMNS)]
        renamed = {f" {c.upper().replace('_', ' ')} ": GOOD[c] for c in RESOURCE_COLUMNS}
        result = parse_resource_csv(csv_bytes([renamed], columns))
        assert result.errors == []
        assert result.rows == parse({}).rows

    def test_the_optional_body_column_keeps_its_lines(self):
        body = "# Before you start\r\n\r\nRead the **guide**.\n\n- One\n- Two"
        row = parse({"body": body}, columns=(*RESOURCE_COLUMNS, "body")).rows[0]
        assert row.body == "# Before you start\n\nRead the **guide**.\n\n- One\n- Two"

    def test_a_utf8_byte_order_mark_blank_rows_and_trailing_empty_cells(self):
        raw = b"\xef\xbb\xbf" + csv_bytes([GOOD])
        lines = raw.split(b"\r\n")
        raw = b"\r\n".join([lines[0] + b",,", b"", b",,,", lines[1] + b",,", b""])
        result = parse_resource_csv(raw)
        assert result.errors == []
        assert result.rows[0].row_number == 4  # as the spreadsheet numbers it

    def test_row_numbers_count_blank_rows(self):
        raw = csv_bytes([GOOD, {**GOOD, "title": "Other"}]).replace(b"\r\n", b"\r\n\r\n", 2)
        result = parse_resource_csv(raw)
        # Headings on row 1, then a blank row, a resource, a blank row and a resource.
        assert [row.row_number for row in result.rows] == [3, 5]

    def test_text_is_closed_up_and_formula_like_text_is_kept_as_text(self):
        row = only_row(title="  =SUM(A1)   guide ", summary="- a dash\n  first")
        assert row.title == "=SUM(A1) guide"
        assert row.summary == "- a dash first"

    def test_a_comma_inside_quotes(self):
        assert only_row(summary="Plan, hold, write up").summary == "Plan, hold, write up"


class TestLists:
    def test_codes_and_labels_whatever_the_case_in_the_order_of_the_choices(self):
        row = only_row(
            phases="deliver; SCOPING ;Discover",
            tools="Culture focus groups;survey;WORKFORCE",
            elements="Equity and inclusion;vision values",
            audience="all staff; Boards and sponsors",
        )
        assert row.phases == ("scoping", "discover", "deliver")
        assert row.tools == ("survey", "focus_groups", "workforce")
        assert row.elements == ("vision_values", "equity_inclusion")
        assert row.audience == ("boards", "all_staff")

    def test_repeats_and_empty_items_are_dropped(self):
        row = only_row(phases="design;Design;;design;", audience=";analysts;")
        assert row.phases == ("design",)
        assert row.audience == ("analysts",)

    def test_lists_may_be_empty(self):
        row = only_row(phases="", tools="", elements="", audience=" ; ")
        assert (row.phases, row.tools, row.elements, row.audience) == ((), (), (), ())

    def test_every_code_and_label_is_known(self):
        from programmes.constants import DiagnosticTool, Element, PhaseKind
        from resources.constants import Audience

        for column, choices in [
            ("phases", PhaseKind),
            ("tools", DiagnosticTool),
            ("elements", Element),
            ("audience", Audience),
        ]:
            for given in (";".join(choices.values), ";".join(str(x) for x in choices.labels)):
                assert getattr(only_row(**{column: given}), column) == tuple(choices.values)

    def test_one_unknown_phase_is_named(self):
        assert problem(phases="discover;Plan") == (
            "phases: ‘Plan’ is not a phase (use Scoping, Discover, Design or Deliver, "
            "separated by ‘;’)"
        )

    def test_several_unknown_items_are_all_named(self):
        message = problem(tools="survey;Interviews;Census;Audit")
        assert message.startswith(
            "tools: ‘Interviews’, ‘Census’ and ‘Audit’ are not diagnostic tools (use Culture and "
            "outcomes dashboard, Board interviews, "
        )

    @pytest.mark.parametrize(
        ("column", "words"),
        [("elements", "is not a cultural element"), ("audience", "is not an audience")],
    )
    def test_unknown_elements_and_audiences(self, column, words):
        assert problem(**{column: "Kindness"}).startswith(f"{column}: ‘Kindness’ {words} (use ")

    def test_a_comma_separated_list_is_not_split(self):
        assert problem(phases="scoping, design").startswith(
            "phases: ‘scoping, design’ is not a phase"
        )


class TestEachColumn:
    @pytest.mark.parametrize(
        ("given", "code"),
        [
            ("guide", "guide"),
            ("Case study", "case_study"),
            ("CASE_STUDY", "case_study"),
            ("evidence summary", "evidence_summary"),
            ("Related programme of work", "related_programme"),
            ("related_programme", "related_programme"),
        ],
    )
    def test_kind_by_code_or_label(self, given, code):
        assert only_row(kind=given).kind == code

    def test_kind_is_required(self):
        assert problem(kind="") == "kind is missing"

    def test_an_unknown_kind(self):
        assert problem(kind="Podcast") == (
            "kind must be one of Guide, Tool, Template, Case study, Video, Evidence summary or "
            "Related programme of work, not ‘Podcast’"
        )

    def test_title_is_required(self):
        assert problem(title="   ") == "title is missing"

    def test_title_length(self):
        assert only_row(title="T" * 200).title == "T" * 200
        assert (
            problem(title="T" * 201) == "title must be 200 characters or fewer (this one has 201)"
        )

    def test_summary_is_required(self):
        assert problem(summary="") == "summary is missing"

    def test_summary_length(self):
        assert len(only_row(summary="s" * 500).summary) == 500
        assert problem(summary="s" * 501) == (
            "summary must be 500 characters or fewer (this one has 501)"
        )

    def test_body_length(self):
        result = parse({"body": "b" * 20_001}, columns=(*RESOURCE_COLUMNS, "body"))
        assert result.errors == [
            "Row 2: body must be 20,000 characters or fewer (this one has 20,001)"
        ]

    @pytest.mark.parametrize(
        "link",
        [
            "https://www.england.nhs.uk/",
            "http://example.org/path?a=1&b=2",
            "https://learning.nhs.uk/course#part-2",
        ],
    )
    def test_good_links(self, link):
        assert only_row(link=link).link == link

    def test_link_is_required(self):
        assert problem(link="") == (
            "link is missing (an imported resource has no file, so it needs one)"
        )

    @pytest.mark.parametrize(
        "link",
        [
            "www.england.nhs.uk",
            "/resources/guide",
            "javascript:alert(1)",
            "ftp://example.org/file",
            "mailto:a@nhs.net",
            "https://exa mple.org",
            "https://",
        ],
    )
    def test_a_link_that_is_not_a_web_address(self, link):
        assert problem(link=link) == (
            f"link must be a web address that starts with https://, not ‘{link}’"
        )

    def test_a_link_over_500_characters(self):
        link = "https://example.org/" + "a" * 481
        assert problem(link=link) == "link must be 500 characters or fewer (this one has 501)"

    def test_owner_email_is_lower_cased_as_accounts_store_it(self):
        assert only_row(owner_email="Ana.Lead@NHS.Net").owner_email == "ana.lead@nhs.net"

    def test_owner_email_is_required(self):
        assert problem(owner_email="") == "owner_email is missing"

    @pytest.mark.parametrize(
        "email", ["ana", "ana@", "@nhs.net", "ana lead@nhs.net", "ana@@nhs.net", "a@b"]
    )
    def test_an_owner_email_that_is_not_an_address(self, email):
        assert problem(owner_email=email) == (
            f"owner_email must be an email address like name@nhs.net, not ‘{email}’"
        )

    def test_a_very_long_owner_email(self):
        email = "a" * 250 + "@nhs.net"
        assert problem(owner_email=email).startswith("owner_email must be an email address")

    @pytest.mark.parametrize(
        ("given", "date"),
        [
            ("2027-03-31", datetime.date(2027, 3, 31)),
            ("2027-3-1", datetime.date(2027, 3, 1)),
            ("31/03/2027", datetime.date(2027, 3, 31)),
            ("1/3/2027", datetime.date(2027, 3, 1)),
            ("", None),
        ],
    )
    def test_review_due(self, given, date):
        assert only_row(review_due=given).review_due == date

    @pytest.mark.parametrize(
        "given", ["31/02/2027", "2027-13-01", "03/31/2027", "next March", "2027", "31-03-2027"]
    )
    def test_a_review_due_that_is_not_a_date(self, given):
        assert problem(review_due=given) == (
            f"review_due must be a real date like 2027-03-31 or 31/03/2027, not ‘{given}’"
        )

    def test_parse_date(self):
        assert parse_date("29/02/2028") == datetime.date(2028, 2, 29)
        assert parse_date("29/02/2027") is None

    def test_long_values_are_cut_short_in_messages(self):
        message = problem(kind="x" * 100)
        assert message.endswith("not ‘" + "x" * 39 + "…’")


class TestRows:
    def test_every_problem_in_a_row_is_named_in_one_message(self):
        message = problem(title="", kind="", link="", owner_email="nobody", phases="Plan")
        assert message == (
            "title is missing; kind is missing; phases: ‘Plan’ is not a phase (use Scoping, "
            "Discover, Design or Deliver, separated by ‘;’); link is missing (an imported "
            "resource has no file, so it needs one); owner_email must be an email address like "
            "name@nhs.net, not ‘nobody’"
        )

    def test_a_title_twice_names_the_first_row(self):
        result = parse({}, {"title": "Another"}, {"title": "  running BOARD   interviews "})
        assert result.errors == [
            "Row 4: title ‘running BOARD interviews’ appears twice (first on row 2)"
        ]
        assert [row.title for row in result.rows] == ["Running board interviews", "Another"]

    def test_a_repeated_title_is_found_even_when_the_first_row_has_other_problems(self):
        result = parse({"link": ""}, {})
        assert result.errors == [
            "Row 2: link is missing (an imported resource has no file, so it needs one)",
            "Row 3: title ‘Running board interviews’ appears twice (first on row 2)",
        ]

    def test_only_good_rows_are_kept_but_errors_mean_nothing_is_imported(self):
        result = parse({}, {"title": "Bad", "kind": "podcast"}, {"title": "Fine"})
        assert [row.title for row in result.rows] == ["Running board interviews", "Fine"]
        assert len(result.errors) == 1

    def test_a_row_with_too_few_or_too_many_values(self):
        good = csv_bytes([GOOD]).decode().splitlines()[1]
        raw = csv_bytes([GOOD]) + f"a,b,c\r\n{good},extra\r\n".encode()
        assert parse_resource_csv(raw).errors == [
            "Row 3: needs 10 values, has 3",
            "Row 4: needs 10 values, has 11 (a value with a comma in it must be inside double "
            "quotes)",
        ]

    def test_errors_are_capped(self):
        rows = [{"title": f"Title {n}", "kind": "podcast"} for n in range(MAX_ROW_ERRORS + 7)]
        errors = parse(*rows).errors
        assert len(errors) == MAX_ROW_ERRORS + 1
        assert errors[-1] == "…and 7 more rows with problems"

    def test_an_unclosed_double_quote(self):
        header = ",".join(RESOURCE_COLUMNS)
        raw = f'{header}\r\n"{"x" * 200_000}\r\n'.encode()
        [error] = parse_resource_csv(raw).errors
        assert error.startswith("Row 2: the file cannot be read as a CSV from here")


class TestBadFiles:
    def test_an_empty_file(self):
        for raw in (b"", b"\xef\xbb\xbf", b"\r\n\r\n", b" , ,\n"):
            assert parse_resource_csv(raw).errors == ["The file is empty"]

    def test_headings_but_no_rows(self):
        raw = csv_bytes([]) + b"\r\n,,,\r\n"
        assert parse_resource_csv(raw).errors == ["The file has headings but no rows"]

    def test_over_the_size_limit(self):
        raw = csv_bytes([GOOD]) + b" " * MAX_BYTES
        assert parse_resource_csv(raw).errors == ["The file must be smaller than 2 MB"]

    def test_too_many_rows(self):
        rows = [{**GOOD, "title": f"Resource {n}"} for n in range(MAX_ROWS + 1)]
        result = parse_resource_csv(csv_bytes(rows))
        assert result.errors == ["The file has more than 5,000 rows; split it"]
        assert result.rows == []

    def test_exactly_the_row_limit_is_allowed(self):
        rows = [{**GOOD, "title": f"Resource {n}"} for n in range(MAX_ROWS)]
        result = parse_resource_csv(csv_bytes(rows))
        assert result.errors == []
        assert len(result.rows) == MAX_ROWS

    @pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-16-le"])
    def test_utf16_is_named(self, encoding):
        [error] = parse_resource_csv(csv_bytes([GOOD], encoding=encoding)).errors
        assert error.startswith("The file must be a CSV saved as UTF-8 text; this one looks like")
        assert "UTF-16" in error and "CSV UTF-8" in error

    def test_windows_1252_is_named(self):
        raw = csv_bytes([{**GOOD, "summary": "Costs £5 per café"}], encoding="cp1252")
        [error] = parse_resource_csv(raw).errors
        assert "Windows-1252" in error and "CSV UTF-8" in error

    def test_bytes_that_are_no_text_encoding(self):
        [error] = parse_resource_csv(b"title\x81\x8d\x8f\x90\x9d").errors
        assert error == (
            "The file must be a CSV saved as UTF-8 text. In Excel, choose Save As, then "
            "‘CSV UTF-8 (Comma delimited)’."
        )

    @pytest.mark.parametrize("raw", [b"PK\x03\x04" + b"\x00" * 50, b"\xd0\xcf\x11\xe0" + b"\x01"])
    def test_an_excel_workbook_is_named(self, raw):
        [error] = parse_resource_csv(raw).errors
        assert "this looks like an Excel workbook" in error

    def test_missing_and_unexpected_headings_are_named(self):
        columns = [c for c in RESOURCE_COLUMNS if c not in ("link", "review_due")]
        columns[3:3] = ["url", ""]  # a blank heading at the end is not a column, but here it is
        raw = csv_bytes([GOOD], columns=columns)
        assert parse_resource_csv(raw).errors == [
            "The first row must be the headings title, summary, kind, phases, tools, elements, "
            "audience, link, owner_email, review_due (in any order), and may add body. "
            "Missing: ‘link’, ‘review_due’. Not expected: ‘url’, ‘a column with no heading’."
        ]

    def test_a_repeated_heading(self):
        raw = csv_bytes([GOOD], columns=(*RESOURCE_COLUMNS, "Title"))
        assert parse_resource_csv(raw).errors == ["The heading ‘title’ appears more than once"]

    def test_another_separator(self):
        raw = ";".join(RESOURCE_COLUMNS).encode() + b"\r\n" + b";".join([b"x"] * 10)
        [error] = parse_resource_csv(raw).errors
        assert "seems to use another separator" in error


def test_the_example_parses_with_nothing_wrong():
    raw = resource_example_csv(owner_email="Ana.Lead@nhs.net", today=datetime.date(2026, 2, 28))
    parsed = parse_resource_csv(raw)
    assert parsed.errors == []
    assert len(parsed.rows) >= 2
    assert {row.owner_email for row in parsed.rows} == {"ana.lead@nhs.net"}
    assert {row.review_due for row in parsed.rows} == {datetime.date(2027, 2, 28)}
    assert any("\n" in row.body for row in parsed.rows)  # a body keeps its lines
