"""Tests of change between two waves, as pure functions."""

import math
from dataclasses import dataclass

Z_95 = 1.959964  # two-sided, 95%


@dataclass(frozen=True)
class Change:
    difference: float  # percentage points, this wave minus the previous one
    z: float | None
    significant: bool


def two_proportion_z_test(pct_now: float, n_now: int, pct_before: float, n_before: int) -> Change:
    """Is the change in a percentage between two independent samples bigger than chance would
    give, at 95%? The pooled two-proportion z-test; with no spread at all (both 0% or both
    100%) there is nothing to test, and the change is not significant."""
    p1, p2 = pct_now / 100, pct_before / 100
    difference = pct_now - pct_before
    if n_now <= 0 or n_before <= 0:
        return Change(difference, None, False)
    pooled = (p1 * n_now + p2 * n_before) / (n_now + n_before)
    spread = pooled * (1 - pooled) * (1 / n_now + 1 / n_before)
    if spread <= 0:
        return Change(difference, None, False)
    z = (p1 - p2) / math.sqrt(spread)
    return Change(difference, z, abs(z) >= Z_95)
