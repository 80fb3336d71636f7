"""Pure functions: codes, headcount CSV parsing."""

import pytest

from core.codes import ALPHABET, code_hash, format_code, is_well_formed, new_code, normalise_code
from diagnostics.surveys.headcount_csv import parse_headcount_csv


class TestCodes:
    def test_new_codes_are_ten_symbols_from_the_unambiguous_alphabet(self):
        for _ in range(200):
            code = new_code()
            raw = normalise_code(code)
            assert len(raw) == 10 and set(raw) <= set(ALPHABET)
        assert not set("01ILOUV") & set(ALPHABET)

    def test_typing_variations_hash_the_same(self, settings):
        code = new_code()
        typed = code.lower().replace("-", " ")
        assert is_well_formed(typed)
        assert code_hash(code, purpose="x") == code_hash(typed, purpose="x")
        assert code_hash(code, purpose="x") != code_hash(code, purpose="y")

    @pytest.mark.parametrize("typed", ["", "ABC", "ABCDE-FGHJ0", "ABCDE-FGHJKM"])
    def test_malformed_codes_are_refused_before_any_lookup(self, typed):
        assert not is_well_formed(typed)

    def test_format_groups_in_fives(self):
        assert format_code("ABCDEFGHJK") == "ABCDE-FGHJK"


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


class TestSectionQuestionsHtml:
    """The blank questions are kept per process; answers and errors must never leak into,
    or be hidden by, that kept copy."""

    @pytest.fixture
    def items(self, db):
        from tests.diagnostics.factories import ItemFactory, SectionFactory

        section = SectionFactory()
        return [ItemFactory(section=section), ItemFactory(section=section)]

    def test_an_answer_in_this_section_is_shown_even_after_the_blank_copy_is_kept(self, items):
        from diagnostics.instruments.forms import item_field_name
        from diagnostics.instruments.presenters import section_questions_html

        key = (items[0].section_id, "published-at")
        blank = section_questions_html(items, chosen={}, errors={}, blank_key=key)
        assert " checked" not in blank
        answered = section_questions_html(
            items, chosen={item_field_name(items[0].pk): "4"}, errors={}, blank_key=key
        )
        assert answered.count(" checked") == 1
        again = section_questions_html(items, chosen={}, errors={}, blank_key=key)
        assert " checked" not in again

    def test_answers_to_other_sections_still_use_the_blank_copy(self, items):
        from diagnostics.instruments.presenters import _blank_questions, section_questions_html

        key = (items[0].section_id, "published-at")
        html = section_questions_html(items, chosen={"item_99999": "2"}, errors={}, blank_key=key)
        assert len(_blank_questions) == 1 and " checked" not in html

    def test_an_error_is_never_served_from_the_blank_copy(self, items):
        from diagnostics.instruments.forms import item_field_name
        from diagnostics.instruments.presenters import section_questions_html

        key = (items[0].section_id, "published-at")
        section_questions_html(items, chosen={}, errors={}, blank_key=key)
        name = item_field_name(items[1].pk)
        html = section_questions_html(items, chosen={}, errors={name: "Choose one"}, blank_key=key)
        assert "Choose one" in html and "nhsuk-form-group--error" in html


class TestTwoProportionZTest:
    def test_a_big_change_in_big_samples_is_significant(self):
        from diagnostics.results.statistics import two_proportion_z_test

        change = two_proportion_z_test(60, 400, 50, 400)
        # pooled p = 0.55; se = sqrt(0.55 * 0.45 * (2 / 400)) = 0.03518; z = 0.1 / se
        assert change.z == pytest.approx(2.843, abs=0.001)
        assert change.significant and change.difference == 10

    def test_the_same_change_in_small_samples_is_not(self):
        from diagnostics.results.statistics import two_proportion_z_test

        assert not two_proportion_z_test(60, 20, 50, 20).significant

    def test_no_spread_means_nothing_to_test(self):
        from diagnostics.results.statistics import two_proportion_z_test

        change = two_proportion_z_test(100, 30, 100, 30)
        assert change.z is None and not change.significant
