"""The record uploads (metrics, workforce, patient feedback): every way a file can be wrong is
refused with a message that says how to put it right. Pure: no database."""

import datetime

import pytest

from diagnostics.records.csv_import import (
    MAX_BYTES,
    MAX_ROWS,
    FeedbackRow,
    MetricRow,
    WorkforceRow,
    metric_example_csv,
    parse_metric_csv,
    parse_month,
    parse_number,
    parse_patient_feedback_csv,
    parse_workforce_csv,
    patient_feedback_example_csv,
    workforce_example_csv,
)

TODAY = datetime.date(2026, 3, 20)
MARCH = datetime.date(2026, 3, 1)
WORKFORCE_HEADINGS = "directorate,staff_group,band,sex,ethnicity,disability,age_band,headcount"


def csv_bytes(*lines: str, encoding: str = "utf-8") -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def metric(*lines: str):
    return parse_metric_csv(csv_bytes("metric,month,value", *lines))


def workforce(*lines: str):
    return parse_workforce_csv(csv_bytes(WORKFORCE_HEADINGS, *lines))


def feedback(*lines: str):
    return parse_patient_feedback_csv(csv_bytes("date,source,comment", *lines), today=TODAY)


PARSERS = [
    pytest.param(parse_metric_csv, "metric,month,value", "Sickness absence,2026-03,4.1", id="m"),
    pytest.param(
        parse_workforce_csv,
        WORKFORCE_HEADINGS,
        "Surgery,nursing_midwifery,Band 5,Female,White British,No,25-34,40",
        id="w",
    ),
    pytest.param(
        lambda raw: parse_patient_feedback_csv(raw, today=TODAY),
        "date,source,comment",
        "2026-03-14,PALS,Lovely staff",
        id="f",
    ),
]


class TestEveryUpload:
    """The checks the three uploads share, run against each of them."""

    @pytest.mark.parametrize(("parse", "headings", "good"), PARSERS)
    def test_a_good_file_parses_without_errors(self, parse, headings, good):
        result = parse(csv_bytes(headings, good))
        assert result.errors == []
        assert len(result.rows) == 1

    @pytest.mark.parametrize(("parse", "headings", "good"), PARSERS)
    def test_an_empty_file(self, parse, headings, good):
        for raw in (b"", b"\xef\xbb\xbf", b"\r\n\r\n", b" , ,\n"):
            assert parse(raw).errors == ["The file is empty"]

    @pytest.mark.parametrize(("parse", "headings", "good"), PARSERS)
    def test_headings_but_no_rows(self, parse, headings, good):
        result = parse(csv_bytes(headings, "", ",,"))
        assert result.errors == ["The file has headings but no rows"]
        assert result.rows == []

    @pytest.mark.parametrize(("parse", "headings", "good"), PARSERS)
    def test_a_file_over_the_size_limit_is_refused_before_reading(self, parse, headings, good):
        raw = csv_bytes(headings, good) + b" " * MAX_BYTES
        assert parse(raw).errors == ["The file must be smaller than 2 MB"]

    @pytest.mark.parametrize(("parse", "headings", "good"), PARSERS)
    def test_too_many_rows(self, parse, headings, good):
        result = parse(csv_bytes(headings, *[good] * (MAX_ROWS + 1)))
        assert result.errors == ["The file has more than 20,000 rows; split it"]
        assert result.rows == []

    @pytest.mark.parametrize(("parse", "headings", "good"), PARSERS)
    def test_a_utf8_byte_order_mark_is_accepted(self, parse, headings, good):
        result = parse(b"\xef\xbb\xbf" + csv_bytes(headings, good))
        assert result.errors == []
        assert len(result.rows) == 1

    @pytest.mark.parametrize(("parse", "headings", "good"), PARSERS)
    def test_utf16_is_named(self, parse, headings, good):
        # Excel's "Unicode Text" is UTF-16 with a byte order mark.
        for encoding in ("utf-16", "utf-16-be"):
            [error] = parse(csv_bytes(headings, good, encoding=encoding)).errors
            assert error.startswith("The file must be a CSV saved as UTF-8 text")
            assert "UTF-16" in error and "CSV UTF-8" in error

    @pytest.mark.parametrize(("parse", "headings", "good"), PARSERS)
    def test_an_excel_workbook_is_named(self, parse, headings, good):
        [error] = parse(b"PK\x03\x04" + b"\x00" * 100).errors
        assert error.startswith("The file must be a CSV saved as UTF-8 text")
        assert "Excel workbook" in error

    @pytest.mark.parametrize(("parse", "headings", "good"), PARSERS)
    def test_column_order_and_heading_case_and_spacing_are_free(self, parse, headings, good):
        names = headings.split(",")
        cells = good.split(",")
        shuffled = list(reversed(range(len(names))))
        header = ",".join(f"  {names[i].upper().replace('_', ' ')} " for i in shuffled)
        row = ",".join(cells[i] for i in shuffled)
        expected = parse(csv_bytes(headings, good)).rows
        result = parse(csv_bytes(header, row))
        assert result.errors == []
        assert result.rows == expected

    @pytest.mark.parametrize(("parse", "headings", "good"), PARSERS)
    def test_blank_rows_are_skipped_but_still_counted(self, parse, headings, good):
        result = parse(csv_bytes(headings, "", good, ",,,", "", good))
        # The repeat on row 6 is reported with spreadsheet row numbers, blanks included.
        assert len(result.rows) == 1
        assert len(result.errors) == 1 and result.errors[0].startswith("Row 6: ")
        assert "row 3" in result.errors[0]

    @pytest.mark.parametrize(("parse", "headings", "good"), PARSERS)
    def test_trailing_empty_cells_from_excel_are_ignored(self, parse, headings, good):
        result = parse(csv_bytes(headings + ",,", good + ",,"))
        assert result.errors == []
        assert len(result.rows) == 1


class TestEncoding:
    def test_windows_1252_pound_sign_is_named(self):
        raw = csv_bytes("metric,month,value", "Agency spend,2026-03,£4000", encoding="cp1252")
        [error] = parse_metric_csv(raw).errors
        assert error.startswith("The file must be a CSV saved as UTF-8 text")
        assert "Windows-1252" in error

    def test_windows_1252_accented_letter_is_named(self):
        raw = csv_bytes("date,source,comment", "2026-03-14,PALS,Café closed", encoding="cp1252")
        [error] = parse_patient_feedback_csv(raw, today=TODAY).errors
        assert "Windows-1252" in error

    def test_bytes_that_are_no_known_text_get_the_plain_message(self):
        raw = csv_bytes("metric,month,value") + b"A,2026-03,\x81\x8d\xff\n"
        [error] = parse_metric_csv(raw).errors
        assert error.startswith("The file must be a CSV saved as UTF-8 text.")

    def test_utf8_pound_sign_and_accents_are_fine(self):
        result = feedback("2026-03-14,PALS,Café closed; £4 parking")
        assert result.rows[0].comment == "Café closed; £4 parking"


class TestHeadings:
    def test_a_missing_column_is_named(self):
        [error] = parse_metric_csv(csv_bytes("metric,month", "A,2026-03")).errors
        assert error == (
            "The first row must be the headings metric, month, value (in any order). "
            "Missing: ‘value’."
        )

    def test_an_extra_column_is_named(self):
        raw = csv_bytes("metric,month,value,notes", "A,2026-03,1,x")
        [error] = parse_metric_csv(raw).errors
        assert error.endswith("Not expected: ‘notes’.")
        assert "Missing" not in error

    def test_wrong_columns_name_both_missing_and_unexpected(self):
        raw = csv_bytes("measure,period,value", "A,2026-03,1")
        [error] = parse_metric_csv(raw).errors
        assert "Missing: ‘metric’, ‘month’." in error
        assert "Not expected: ‘measure’, ‘period’." in error

    def test_a_blank_heading_between_columns_is_unexpected(self):
        [error] = parse_metric_csv(csv_bytes("metric,,month,value", "A,x,2026-03,1")).errors
        assert "Not expected: ‘a column with no heading’." in error

    def test_a_repeated_heading(self):
        raw = csv_bytes("metric,month,value,Metric", "A,2026-03,1,B")
        assert parse_metric_csv(raw).errors == ["The heading ‘metric’ appears more than once"]

    def test_data_without_headings(self):
        [error] = parse_metric_csv(csv_bytes("Sickness,2026-03,4.1")).errors
        assert error.startswith("The first row must be the headings metric, month, value")

    def test_semicolon_separated_file(self):
        [error] = parse_metric_csv(csv_bytes("metric;month;value", "A;2026-03;1")).errors
        assert "separated by commas" in error

    def test_the_workforce_headings_may_use_spaces(self):
        header = "Directorate,Staff Group,Band,Sex,Ethnicity,Disability,Age Band,Headcount"
        raw = csv_bytes(header, "Surgery,ahp,Band 6,Male,Asian,No,35-44,12")
        assert parse_workforce_csv(raw).errors == []


class TestCellCount:
    def test_too_few_cells(self):
        assert metric("A,2026-03").errors == ["Row 2: needs 3 values, has 2"]

    def test_too_many_cells_hints_at_quoting(self):
        result = feedback("2026-03-14,PALS,Good, thanks")
        assert result.errors == [
            "Row 2: needs 3 values, has 4 (a value with a comma in it must be inside double quotes)"
        ]

    def test_a_quoted_comma_is_one_cell(self):
        result = feedback('2026-03-14,PALS,"Good, thanks"')
        assert result.errors == []
        assert result.rows[0].comment == "Good, thanks"

    def test_other_rows_are_still_checked(self):
        result = metric("A,2026-03", "B,2026-03,x", "C,2026-03,1")
        assert result.errors == [
            "Row 2: needs 3 values, has 2",
            "Row 3: value must be a number, not ‘x’",
        ]
        assert [row.metric for row in result.rows] == ["C"]

    def test_an_unclosed_quote_that_swallows_the_file(self):
        raw = csv_bytes("date,source,comment", "2026-03-14,PALS,ok") + b'2026-03-14,PALS,"'
        raw += b"x" * 200_000
        [error] = parse_patient_feedback_csv(raw, today=TODAY).errors
        assert error.startswith("Row 3: the file cannot be read as a CSV from here")


class TestErrorCap:
    def test_at_most_fifty_row_errors_then_a_count(self):
        result = metric(*[f"A{n},2026-03,oops" for n in range(120)])
        assert len(result.errors) == 51
        assert result.errors[0] == "Row 2: value must be a number, not ‘oops’"
        assert result.errors[49].startswith("Row 51: ")
        assert result.errors[50] == "…and 70 more rows with problems"

    def test_exactly_fifty_errors_are_all_shown(self):
        result = metric(*[f"A{n},2026-03,oops" for n in range(50)])
        assert len(result.errors) == 50
        assert not any(error.startswith("…") for error in result.errors)

    def test_several_problems_in_one_row_are_one_message(self):
        result = metric(",June,abc")
        assert result.errors == [
            "Row 2: metric is missing; month must be a month like 2026-03, not ‘June’; "
            "value must be a number, not ‘abc’"
        ]


class TestMetrics:
    def test_a_good_file(self):
        result = metric("Sickness absence,2026-03,4.1", "Sickness absence,2026-04,3.9")
        assert result.errors == []
        assert result.rows == [
            MetricRow("Sickness absence", MARCH, 4.1),
            MetricRow("Sickness absence", datetime.date(2026, 4, 1), 3.9),
        ]

    @pytest.mark.parametrize(
        "text",
        ["2026-03", "2026-3", "2026-03-01", "03/2026", "3/2026", "Mar 2026", "March 2026",
         "march 2026", "MAR 2026", "Mar-26", "Mar. 2026", "01/03/2026", " Mar  2026 "],
    )  # fmt: skip
    def test_month_forms(self, text):
        assert parse_month(text.strip()) == MARCH

    @pytest.mark.parametrize(
        "text",
        ["2026-13", "2026-03-14", "14/03/2026", "13/2026", "Marchy 2026", "2026", "March",
         "26-03", "0000-03", "yesterday", "=TODAY()"],
    )  # fmt: skip
    def test_bad_months(self, text):
        assert metric(f"A,{text},1").errors == [
            f"Row 2: month must be a month like 2026-03, not ‘{text}’"
        ]

    @pytest.mark.parametrize(
        ("text", "number"),
        [("4.1", 4.1), ("1,234", 1234.0), ("1,234,567.5", 1234567.5), ("45%", 45.0),
         ("£4,000", 4000.0), ("-2.5", -2.5), ("-£3", -3.0), ("+7", 7.0), (".5", 0.5),
         ("1.5E+3", 1500.0), ("0", 0.0)],
    )  # fmt: skip
    def test_number_forms(self, text, number):
        assert parse_number(text) == number
        assert metric(f'A,2026-03,"{text}"').rows[0].value == number

    @pytest.mark.parametrize(
        "text",
        ["abc", "NaN", "nan", "inf", "-Infinity", "1e999", "1,23", "12,34,567", "1 000",
         "4.1.2", "£", "%", "=1+2", "@SUM(A1)", "1_000", "0x10", "£-3"],
    )  # fmt: skip
    def test_non_numbers(self, text):
        assert parse_number(text) is None
        assert metric(f'A,2026-03,"{text}"').errors == [
            f"Row 2: value must be a number, not ‘{text}’"
        ]

    def test_missing_values(self):
        assert metric("A,,").errors == ["Row 2: month is missing; value is missing"]

    def test_metric_is_required_and_at_most_100_characters(self):
        assert metric(",2026-03,1").errors == ["Row 2: metric is missing"]
        assert metric(f"{'x' * 101},2026-03,1").errors == [
            "Row 2: metric must be 100 characters or fewer (this one has 101)"
        ]
        assert metric(f"{'x' * 100},2026-03,1").errors == []

    def test_a_metric_twice_in_one_month(self):
        result = metric("Sickness,2026-03,4.1", "Turnover,2026-03,9", "Sickness,Mar 2026,4.2")
        assert result.errors == ["Row 4: ‘Sickness’ for March 2026 appears twice (first on row 2)"]

    def test_duplicates_ignore_case_and_spacing(self):
        result = metric("Sickness absence,2026-03,4.1", "sickness  ABSENCE,2026-03,4.2")
        assert result.errors == [
            "Row 3: ‘sickness ABSENCE’ for March 2026 appears twice (first on row 2)"
        ]

    def test_values_are_stripped_and_inner_spaces_closed_up(self):
        result = metric("  Sickness   absence  ,  2026-03 ,  4.1  ")
        assert result.rows == [MetricRow("Sickness absence", MARCH, 4.1)]

    def test_formula_like_names_are_plain_text(self):
        result = metric('"=HYPERLINK(""http://x"")",2026-03,1', "-Agency,2026-03,2", "@x,2026-03,3")
        assert result.errors == []
        assert [row.metric for row in result.rows] == ['=HYPERLINK("http://x")', "-Agency", "@x"]

    def test_a_long_bad_value_is_cut_short_in_the_message(self):
        [error] = metric(f"A,2026-03,{'z' * 200}").errors
        assert error == f"Row 2: value must be a number, not ‘{'z' * 39}…’"


WORKFORCE_ROW = "Surgery,nursing_midwifery,Band 5,Female,White British,No,25-34,40"


class TestWorkforce:
    def test_a_good_row(self):
        result = workforce(WORKFORCE_ROW)
        assert result.errors == []
        assert result.rows == [
            WorkforceRow(
                directorate="Surgery",
                staff_group="nursing_midwifery",
                band="Band 5",
                sex="Female",
                ethnicity="White British",
                disability="No",
                age_band="25-34",
                headcount=40,
            )
        ]

    @pytest.mark.parametrize(
        ("text", "band"),
        [("Band 5", "Band 5"), ("5", "Band 5"), ("band 5", "Band 5"), ("8a", "Band 8a"),
         ("8A", "Band 8a"), ("band 8A", "Band 8a"), ("Band8d", "Band 8d"), ("BAND 9", "Band 9"),
         ("medical", "Medical"), ("OTHER", "Other"), ("Band 2", "Band 2")],
    )  # fmt: skip
    def test_bands_are_normalised(self, text, band):
        result = workforce(f"Surgery,ahp,{text},Female,White,No,25-34,12")
        assert result.errors == []
        assert result.rows[0].band == band

    @pytest.mark.parametrize("text", ["Band 1", "Band 8", "8e", "Band 10", "VSM", "", "=5"])
    def test_bad_bands(self, text):
        assert workforce(f"Surgery,ahp,{text},Female,White,No,25-34,12").errors == [
            "Row 2: band must be one of Band 2 to Band 9 (with Band 8a to Band 8d), "
            f"Medical or Other, not ‘{text}’"
        ]

    @pytest.mark.parametrize(
        "text",
        ["admin_clerical", "ADMIN_CLERICAL", "admin clerical", "Administrative and clerical",
         "administrative  and CLERICAL"],
    )  # fmt: skip
    def test_staff_groups_by_code_or_name(self, text):
        result = workforce(f"Surgery,{text},Band 3,Female,White,No,25-34,12")
        assert result.errors == []
        assert result.rows[0].staff_group == "admin_clerical"

    def test_an_unknown_staff_group(self):
        [error] = workforce("Surgery,Porters,Band 3,Female,White,No,25-34,12").errors
        assert error.startswith("Row 2: staff_group must be a national staff group")
        assert error.endswith("not ‘Porters’")

    @pytest.mark.parametrize("text", ["-1", "12.5", "ten", "100001", "1,00", "", "1e3"])
    def test_bad_headcounts(self, text):
        assert workforce(f'Surgery,ahp,Band 6,Female,White,No,25-34,"{text}"').errors == [
            f"Row 2: headcount must be a whole number from 0 to 100,000, not ‘{text}’"
        ]

    @pytest.mark.parametrize(("text", "n"), [("0", 0), ("100000", 100_000), ("1,234", 1234)])
    def test_good_headcounts(self, text, n):
        assert (
            workforce(f'Surgery,ahp,Band 6,Female,White,No,25-34,"{text}"').rows[0].headcount == n
        )

    def test_every_dimension_is_required(self):
        [error] = workforce("Surgery,ahp,Band 6,,White,,25-34,3").errors
        assert error == (
            "Row 2: sex is missing; write ‘Not known’ or ‘Prefer not to say’ if that is the "
            "answer; disability is missing; write ‘Not known’ or ‘Prefer not to say’ if that "
            "is the answer"
        )

    def test_not_stated_answers_are_real_values_in_one_spelling(self):
        result = workforce("Not known,ahp,Band 6,prefer NOT to say,not known,Not Known,25-34,3")
        assert result.errors == []
        row = result.rows[0]
        assert (row.directorate, row.sex, row.ethnicity, row.disability) == (
            "Not known",
            "Prefer not to say",
            "Not known",
            "Not known",
        )

    def test_dimensions_are_at_most_100_characters(self):
        [error] = workforce(f"{'d' * 101},ahp,Band 6,Female,White,No,25-34,3").errors
        assert error == "Row 2: directorate must be 100 characters or fewer (this one has 101)"

    def test_a_repeated_combination_names_the_first_row(self):
        result = workforce(
            WORKFORCE_ROW,
            "Surgery,ahp,Band 5,Female,White British,No,25-34,3",
            "surgery,Registered nurses and midwives,5,female,White  British,no,25-34,7",
        )
        assert result.errors == [
            "Row 4: the same directorate, staff group, band, sex, ethnicity, disability and "
            "age band as row 2; give each combination once"
        ]
        assert len(result.rows) == 2

    def test_formula_like_text_is_kept_as_text(self):
        result = workforce("=Surgery,ahp,Band 6,+Female,-White,@No,25-34,3")
        assert result.errors == []
        row = result.rows[0]
        assert (row.directorate, row.sex, row.ethnicity, row.disability) == (
            "=Surgery",
            "+Female",
            "-White",
            "@No",
        )


class TestFeedback:
    def test_a_good_file(self):
        result = feedback(
            "2026-03-14,Friends and family test,Lovely staff",
            '14/03/2026,PALS,"Waited\nfor hours"',
            "2026-03-20,,No source given today",
        )
        assert result.errors == []
        assert result.rows == [
            FeedbackRow(datetime.date(2026, 3, 14), "Friends and family test", "Lovely staff"),
            FeedbackRow(datetime.date(2026, 3, 14), "PALS", "Waited\nfor hours"),
            FeedbackRow(TODAY, "", "No source given today"),
        ]

    @pytest.mark.parametrize(
        "text",
        ["2026-02-30", "31/04/2026", "03/14/2026", "14-03-2026", "2026/03/14", "14 March 2026",
         "yesterday", "2026-03", "14/03/26", "=TODAY()"],
    )  # fmt: skip
    def test_bad_dates(self, text):
        assert feedback(f"{text},PALS,Fine").errors == [
            f"Row 2: date must be a real date like 2026-03-14 or 14/03/2026, not ‘{text}’"
        ]

    def test_dates_are_uk_day_first(self):
        assert feedback("03/02/2026,PALS,Fine").rows[0].received_on == datetime.date(2026, 2, 3)

    def test_a_date_after_today_is_refused(self):
        assert feedback("2026-03-21,PALS,Fine").errors == [
            "Row 2: date ‘2026-03-21’ is in the future"
        ]
        assert feedback("21/03/2026,PALS,Fine").errors == [
            "Row 2: date ‘21/03/2026’ is in the future"
        ]

    def test_missing_date_and_comment(self):
        assert feedback(",PALS,").errors == ["Row 2: date is missing; comment is missing"]

    def test_comment_length(self):
        assert feedback(f"2026-03-14,PALS,{'c' * 5000}").errors == []
        assert feedback(f"2026-03-14,PALS,{'c' * 5001}").errors == [
            "Row 2: comment must be 5,000 characters or fewer (this one has 5,001)"
        ]

    def test_source_length(self):
        assert feedback(f"2026-03-14,{'s' * 101},Fine").errors == [
            "Row 2: source must be 100 characters or fewer (this one has 101)"
        ]

    def test_the_same_comment_on_the_same_date_twice(self):
        result = feedback(
            "2026-03-14,PALS,Thank you",
            "2026-03-15,PALS,Thank you",
            "14/03/2026,Friends and family test,Thank you",
        )
        assert result.errors == ["Row 4: the same comment on the same date as row 2"]
        assert len(result.rows) == 2

    def test_formula_like_comments_are_kept_verbatim(self):
        result = feedback(
            '2026-03-14,PALS,"=HYPERLINK(""http://evil"",""click"")"',
            "2026-03-14,PALS,- waited too long",
            "2026-03-14,+PALS,@ward 7",
        )
        assert result.errors == []
        assert [row.comment for row in result.rows] == [
            '=HYPERLINK("http://evil","click")',
            "- waited too long",
            "@ward 7",
        ]
        assert result.rows[2].source == "+PALS"

    def test_today_defaults_to_the_local_date(self):
        raw = csv_bytes("date,source,comment", "2999-01-01,PALS,From the future")
        [error] = parse_patient_feedback_csv(raw).errors
        assert error == "Row 2: date ‘2999-01-01’ is in the future"


class TestExamples:
    """Each upload's example file parses through its own importer with nothing wrong."""

    def test_the_metrics_example_is_a_year_of_each_measure_up_to_last_month(self):
        parsed = parse_metric_csv(metric_example_csv(today=TODAY))
        assert parsed.errors == []
        assert len(parsed.rows) == 36
        months = sorted({row.month for row in parsed.rows})
        assert (months[0], months[-1]) == (datetime.date(2025, 3, 1), datetime.date(2026, 2, 1))
        assert {row.metric for row in parsed.rows} >= {"Staff turnover", "Sickness absence"}

    def test_the_workforce_example_uses_real_staff_groups_and_bands(self):
        parsed = parse_workforce_csv(workforce_example_csv())
        assert parsed.errors == []
        assert parsed.rows
        assert {row.staff_group for row in parsed.rows} >= {"nursing_midwifery", "medical_dental"}
        assert "Prefer not to say" in {row.disability for row in parsed.rows}

    def test_the_patient_comments_example_is_dated_on_or_before_today(self):
        parsed = parse_patient_feedback_csv(patient_feedback_example_csv(today=TODAY), today=TODAY)
        assert parsed.errors == []
        assert parsed.rows
        assert max(row.received_on for row in parsed.rows) <= TODAY

    @pytest.mark.parametrize(
        "raw",
        [metric_example_csv(today=TODAY), workforce_example_csv()],
        ids=["metrics", "workforce"],
    )
    def test_an_example_opens_in_excel_as_utf8(self, raw):
        assert raw.startswith(b"\xef\xbb\xbf")
