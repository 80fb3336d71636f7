"""Tests of change between two waves."""

import pytest


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
