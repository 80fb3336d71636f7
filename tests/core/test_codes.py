"""Invitation and resume codes: their form and hashing."""

import pytest

from core.codes import ALPHABET, code_hash, format_code, is_well_formed, new_code, normalise_code


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
