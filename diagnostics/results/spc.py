"""Statistical process control for a monthly metric, in the NHS "Making Data Count" (MDC) way:
an XmR chart (individual values and their moving ranges), its special-cause rules, and the
meaning of MDC's variation and assurance icons in plain words.

Pure: numbers in, numbers and words out. No models, no database, no numpy types in the result.

Method (XmR):
- the centre line is the mean of the values;
- each moving range is |x_i - x_(i-1)|, and MR-bar is their mean;
- the process limits are mean ± 2.66 × MR-bar (2.66 ≈ 3 / 1.128: three sigma, where
  sigma = MR-bar / 1.128);
- the two-sigma lines are mean ± (2/3) × 2.66 × MR-bar.

Rules (each flags every point that takes part, not only the one that completes the pattern):
- "beyond_limits": a point above the upper or below the lower process limit;
- "shift": a run of 7 or more points on one side of the mean (a point exactly on the mean
  neither breaks the run nor counts towards it);
- "trend": 7 or more consecutive points, each higher (or each lower) than the one before; an
  equal value ends the trend;
- "two_of_three": two of three consecutive points beyond the same two-sigma line (the points
  beyond it are flagged, not a third point between them that is not).
"Beyond" and "on the mean" are strict, with rounding noise ignored: a point exactly on a limit
is not beyond it.

A flagged point's signal is "improvement" or "concern" by which way it is unusual (its side of
the mean; for a point flagged by a trend alone, the trend's direction) against the direction of
improvement, or "neither" when no direction is set. The variation is about the latest point.
Under MIN_POINTS the limits and signals are still given but called provisional in the texts,
and there is no assurance; under two points there are no limits ("too_few_points").

Recalculated limits (MDC's "re-baselining", for a sustained change with a known cause): from
each month given in `recalculations` the chart starts a new period. Each period has its own
mean, moving ranges (its first point has none: the jump into it is the change itself, not
month-to-month noise), limits and special-cause rules, evaluated on its own points only, so a
signal in one period neither carries into the next nor counts towards a run there. The
period's MIN_POINTS are counted within it. The result's mean, limits, variation and assurance
are those of the latest period; `periods` has them all."""

import bisect
import datetime
import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

# MDC: at least 15 points before the limits are relied on; fewer give provisional limits.
MIN_POINTS = 15


# The XmR constant as MDC rounds it: 3 / d2 = 2.6596, where d2 = 1.128 for ranges of two points.
LIMIT_FACTOR = 2.66


TWO_SIGMA_FACTOR = LIMIT_FACTOR * 2 / 3


SHIFT_LENGTH = 7


TREND_LENGTH = 7


RULE_LABELS: dict[str, str] = {
    "beyond_limits": "a point outside the process limits",
    "shift": f"a run of {SHIFT_LENGTH} or more points on one side of the mean",
    "trend": f"a run of {TREND_LENGTH} or more points all rising or all falling",
    "two_of_three": "two of three points in a row beyond the same two-sigma line",
}


# Signals of a flagged point. An unflagged point has the signal "".
IMPROVEMENT = "improvement"


CONCERN = "concern"


NEITHER = "neither"


HIGH = 1


LOW = -1


class Improvement(StrEnum):
    """Which way is better for the metric."""

    UP = "up"
    DOWN = "down"
    NEITHER = "neither"


@dataclass(frozen=True)
class SpcPoint:
    month: datetime.date  # always the first day of the month
    value: float
    moving_range: float | None  # None for the first point (of each period)
    special_cause: bool
    rules: tuple[str, ...]  # codes from RULE_LABELS that flag this point, in that order
    signal: str  # "improvement" | "concern" | "neither" | "" (no special cause)
    period: int = 0  # its index in SpcResult.periods


@dataclass(frozen=True)
class SpcPeriod:
    """A stretch of the chart with its own mean and limits: the whole series when the limits
    were never recalculated, else the months from one recalculation to the next."""

    start: datetime.date  # its first month with a value
    end: datetime.date  # its last month with a value
    count: int
    mean: float
    upper_limit: float | None  # None under two points
    lower_limit: float | None
    upper_two_sigma: float | None
    lower_two_sigma: float | None
    moving_range_mean: float | None
    enough_points: bool  # False under MIN_POINTS: its limits are provisional
    reason: str | None = None  # why the limits were recalculated from `start`; None: the first

    @property
    def recalculated(self) -> bool:
        return self.reason is not None

    @property
    def has_limits(self) -> bool:
        return self.upper_limit is not None


@dataclass(frozen=True)
class SpcResult:
    points: tuple[SpcPoint, ...]
    mean: float | None
    upper_limit: float | None
    lower_limit: float | None
    upper_two_sigma: float | None
    lower_two_sigma: float | None
    # "common_cause", "improvement_high", "improvement_low", "concern_high", "concern_low",
    # "neither_high", "neither_low" or "too_few_points" (under two points: no limits at all).
    variation: str
    variation_text: str
    assurance: str | None  # "pass" | "fail" | "hit_and_miss" | None
    assurance_text: str  # "" when there is no target
    enough_points: bool  # False under MIN_POINTS: the limits are then provisional
    moving_range_mean: float | None = None
    # Each period with its own limits, oldest first: one unless the limits were recalculated.
    periods: tuple[SpcPeriod, ...] = ()


def xmr(
    series: Sequence[tuple[datetime.date, float]],
    *,
    improvement: Improvement = Improvement.NEITHER,
    target: float | None = None,
    floor: float | None = None,
    recalculations: Sequence[tuple[datetime.date, str]] = (),
) -> SpcResult:
    """An XmR chart of a monthly series of (month, value) pairs, in any order.

    Months are taken as whole months (any day of the month stands for it); two values for
    the same month raise ValueError, as does a missing (NaN) or infinite value: leave a month
    out rather than pass a gap. `floor` clamps the lower limits (0 for a rate, say); the
    limits are otherwise left as calculated, even below zero.

    `recalculations` are (month, reason) pairs: the limits are recalculated from each month
    (see the module's docstring). A month twice raises ValueError. One that can start no
    period of its own (on or before the first month with a value, after the last, or in the
    same gap between values as another) is left out of the result's periods.
    """
    improvement = Improvement(improvement)
    points = _sorted_points(series)
    if target is not None:
        target = float(target)
        if not math.isfinite(target):
            raise ValueError("The target must be a finite number.")
    count = len(points)
    if count < 2:
        # One point has no moving range, so there is nothing to set limits from.
        periods = (_period_figures(points, None, floor)[0],) if points else ()
        return SpcResult(
            points=tuple(SpcPoint(month, value, None, False, (), "") for month, value in points),
            mean=float(points[0][1]) if points else None,
            upper_limit=None,
            lower_limit=None,
            upper_two_sigma=None,
            lower_two_sigma=None,
            variation="too_few_points",
            variation_text=(
                f"Not enough data: {_count(count)}, and at least 2 are needed to calculate "
                f"process limits (Making Data Count recommends at least {MIN_POINTS})."
            ),
            assurance=None,
            assurance_text=_no_assurance_text(count, improvement, target),
            enough_points=False,
            periods=periods,
        )

    spc_points: list[SpcPoint] = []
    periods = []
    latest_flags: dict[str, int] = {}
    for number, (begin, end, reason) in enumerate(_period_bounds(points, recalculations)):
        period, flags = _period_figures(points[begin:end], reason, floor)
        periods.append(period)
        for i, (month, value) in enumerate(points[begin:end]):
            rules = tuple(code for code in RULE_LABELS if code in flags[i])
            direction = _direction(flags[i], value, period.mean)
            spc_points.append(
                SpcPoint(
                    month=month,
                    value=value,
                    moving_range=abs(value - points[begin + i - 1][1]) if i else None,
                    special_cause=bool(rules),
                    rules=rules,
                    signal=_signal(direction, improvement) if rules else "",
                    period=number,
                )
            )
        latest_flags = flags[-1]
    current = periods[-1]
    since = current if current.recalculated else None

    latest = spc_points[-1]
    if not current.has_limits:
        # Recalculated from the latest month: nothing yet to judge it against.
        variation = "too_few_points"
        variation_text = (
            f"Not enough data yet: the limits were recalculated from {current.start:%B %Y} "
            f"because {because(current.reason or '')}, and that month is the only one since. "
            "At least 2 points are needed to calculate process limits (Making Data Count "
            f"recommends at least {MIN_POINTS})."
        )
    else:
        latest_direction = _direction(latest_flags, latest.value, current.mean)
        if latest.special_cause:
            variation = f"{latest.signal}_{'high' if latest_direction == HIGH else 'low'}"
        else:
            variation = "common_cause"
        variation_text = _variation_text(variation, latest.rules, improvement)
        if since is not None:
            variation_text += " " + recalculation_text(current)
        if not current.enough_points:
            variation_text += " " + _provisional_text(current.count, since=since)

    if target is None or improvement == Improvement.NEITHER or not current.enough_points:
        assurance = None
        assurance_text = _no_assurance_text(current.count, improvement, target, since=since)
    else:
        assurance, assurance_text = _assurance(
            target, current.upper_limit, current.lower_limit, improvement
        )

    return SpcResult(
        points=tuple(spc_points),
        mean=current.mean,
        upper_limit=current.upper_limit,
        lower_limit=current.lower_limit,
        upper_two_sigma=current.upper_two_sigma,
        lower_two_sigma=current.lower_two_sigma,
        variation=variation,
        variation_text=variation_text,
        assurance=assurance,
        assurance_text=assurance_text,
        enough_points=current.enough_points,
        moving_range_mean=current.moving_range_mean,
        periods=tuple(periods),
    )


def _period_bounds(
    points: list[tuple[datetime.date, float]], recalculations
) -> list[tuple[int, int, str | None]]:
    """(first index, index past the last, reason) of each period; the first has no reason."""
    starts: dict[datetime.date, str] = {}
    for month, reason in recalculations:
        first = datetime.date(month.year, month.month, 1)
        if first in starts:
            raise ValueError(f"The limits are recalculated from {first:%B %Y} more than once.")
        starts[first] = str(reason)
    months = [month for month, _ in points]
    bounds: list[tuple[int, int, str | None]] = [(0, len(points), None)]
    for first in sorted(starts):
        begin = bisect.bisect_left(months, first)
        if begin == 0 or begin == len(points) or begin == bounds[-1][0]:
            continue
        previous_begin, _, previous_reason = bounds[-1]
        bounds[-1] = (previous_begin, begin, previous_reason)
        bounds.append((begin, len(points), starts[first]))
    return bounds


def _period_figures(
    points: list[tuple[datetime.date, float]], reason: str | None, floor: float | None
) -> tuple[SpcPeriod, list[dict[str, int]]]:
    """One period's mean and limits from its own points, and the rules that flag each."""
    values = [value for _, value in points]
    count = len(values)
    mean = math.fsum(values) / count
    period = {
        "start": points[0][0],
        "end": points[-1][0],
        "count": count,
        "mean": mean,
        "enough_points": count >= MIN_POINTS,
        "reason": reason,
    }
    if count < 2:
        return SpcPeriod(
            **period,
            upper_limit=None,
            lower_limit=None,
            upper_two_sigma=None,
            lower_two_sigma=None,
            moving_range_mean=None,
        ), [{} for _ in values]
    moving_ranges = [abs(b - a) for a, b in zip(values, values[1:], strict=False)]
    mr_bar = math.fsum(moving_ranges) / len(moving_ranges)
    upper = mean + LIMIT_FACTOR * mr_bar
    lower = mean - LIMIT_FACTOR * mr_bar
    upper_two = mean + TWO_SIGMA_FACTOR * mr_bar
    lower_two = mean - TWO_SIGMA_FACTOR * mr_bar
    if floor is not None:
        lower = max(lower, float(floor))
        lower_two = max(lower_two, float(floor))
    flags = _flags(
        values, mean=mean, upper=upper, lower=lower, upper_two=upper_two, lower_two=lower_two
    )
    return SpcPeriod(
        **period,
        upper_limit=upper,
        lower_limit=lower,
        upper_two_sigma=upper_two,
        lower_two_sigma=lower_two,
        moving_range_mean=mr_bar,
    ), flags


def recalculation_text(period: SpcPeriod) -> str:
    """Why a period has limits of its own, in a sentence: "The limits were recalculated from
    March 2025 because a new rota started, so ... the 8 points since then"."""
    return (
        f"The limits were recalculated from {period.start:%B %Y} because "
        f"{because(period.reason or '')}, so the mean and limits here are those of the "
        f"{_count(period.count)} since then."
    )


def because(reason: str) -> str:
    """A reason as typed ("A new rota started on every ward.") to follow "because": its full
    stop dropped and its first letter made small, unless the first word is "I" or has more
    capitals ("NHS", "ED")."""
    text = " ".join(reason.split()).rstrip(". ")
    first_word = text.split(" ", 1)[0] if text else ""
    rest = first_word[1:]
    if first_word and first_word != "I" and (rest.islower() or not any(c.isalpha() for c in rest)):
        text = text[0].lower() + text[1:]
    return text


def _sorted_points(series) -> list[tuple[datetime.date, float]]:
    points = []
    for month, value in series:
        # A datetime is a date too: keep only its month, so a timestamp cannot make two
        # entries for one month look different.
        first = datetime.date(month.year, month.month, 1)
        number = float(value)
        if not math.isfinite(number):
            raise ValueError(f"The value for {first:%B %Y} is not a finite number.")
        points.append((first, number))
    points.sort(key=lambda point: point[0])
    for (a, _), (b, _) in zip(points, points[1:], strict=False):
        if a == b:
            raise ValueError(f"{a:%B %Y} appears more than once.")
    return points


def _compare(a: float, b: float) -> int:
    """1 if a is above b, -1 if below, 0 if equal once rounding noise is ignored.

    The mean and limits are sums and quotients of floats, so "exactly on the mean" must allow
    for the last few bits; otherwise adding a constant to every value could flip a signal.
    """
    tolerance = 1e-10 * max(1.0, abs(a), abs(b))
    if a - b > tolerance:
        return 1
    if b - a > tolerance:
        return -1
    return 0


def _flags(
    values: list[float],
    *,
    mean: float,
    upper: float,
    lower: float,
    upper_two: float,
    lower_two: float,
) -> list[dict[str, int]]:
    """For each point, the rules that flag it and the direction each one points (HIGH/LOW)."""
    count = len(values)
    flags: list[dict[str, int]] = [{} for _ in values]

    for i, value in enumerate(values):
        if _compare(value, upper) > 0:
            flags[i]["beyond_limits"] = HIGH
        elif _compare(value, lower) < 0:
            flags[i]["beyond_limits"] = LOW

    # Shift. Convention (as MDC): a point exactly on the mean neither breaks a run nor counts
    # towards its length, and is not itself flagged, since it is on neither side. So points
    # are grouped into runs by side with the on-mean ones skipped over.
    runs: list[tuple[int, list[int]]] = []  # (side, indices of its off-mean points)
    for i, value in enumerate(values):
        side = _compare(value, mean)
        if side == 0:
            continue
        if runs and runs[-1][0] == side:
            runs[-1][1].append(i)
        else:
            runs.append((side, [i]))
    for side, members in runs:
        if len(members) >= SHIFT_LENGTH:
            for j in members:
                flags[j]["shift"] = side

    # Trend: each point strictly above (or below) the one before; an equal value ends it.
    # steps[k] is the move from point k to point k + 1; 7 points make 6 steps the same way.
    steps = [_compare(b, a) for a, b in zip(values, values[1:], strict=False)]
    k = 0
    while k < len(steps):
        if steps[k] == 0:
            k += 1
            continue
        end = k
        while end + 1 < len(steps) and steps[end + 1] == steps[k]:
            end += 1
        if end - k + 2 >= TREND_LENGTH:
            for j in range(k, end + 2):
                flags[j]["trend"] = steps[k]
        k = end + 1  # the last point of this stretch may start one the other way

    # Two of three: any window of three consecutive points with at least two beyond the same
    # two-sigma line; those two (or three) are flagged, not the point between them that isn't.
    for first in range(count - 2):
        window = range(first, first + 3)
        for direction, line in ((HIGH, upper_two), (LOW, lower_two)):
            beyond = [j for j in window if _compare(values[j], line) == direction]
            if len(beyond) >= 2:
                for j in beyond:
                    flags[j]["two_of_three"] = direction
    return flags


def _direction(flags: dict[str, int], value: float, mean: float) -> int:
    """Which way a flagged point is special: its side of the mean, or for a point flagged by
    a trend alone (which may cross the mean), the trend's direction.

    Where a trend and a side-of-the-mean rule disagree (say, a falling run still above the
    mean), the side wins: it is where the point actually is, as the reader sees it.
    """
    sided = [direction for code, direction in flags.items() if code != "trend"]
    if sided:
        return sided[0]
    return flags.get("trend") or _compare(value, mean)


def _signal(direction: int, improvement: Improvement) -> str:
    if improvement == Improvement.NEITHER:
        return NEITHER
    better = HIGH if improvement == Improvement.UP else LOW
    return IMPROVEMENT if direction == better else CONCERN


def _variation_text(variation: str, rules: tuple[str, ...], improvement: Improvement) -> str:
    if variation == "common_cause":
        return (
            "Common cause variation: the latest point is within the normal range of the "
            "process and part of no unusual pattern, so there is no sign of significant change."
        )
    nature, side = variation.split("_")
    because = "; ".join(RULE_LABELS[code] for code in rules)
    better = "higher is better" if improvement == Improvement.UP else "lower is better"
    if nature == IMPROVEMENT:
        opening = "Special cause variation of an improving nature"
        meaning = f"where {better}"
    elif nature == CONCERN:
        opening = "Special cause variation of a concerning nature"
        meaning = f"where {better}"
    else:
        opening = "Special cause variation"
        meaning = "and as neither direction is set as better, it is neither good nor bad"
    return (
        f"{opening}: the latest point is unusually {side} ({because}), {meaning}. "
        "Something has changed the process, and it is worth finding out what."
    )


def _assurance(
    target: float, upper: float, lower: float, improvement: Improvement
) -> tuple[str, str]:
    """Assurance against a target: where the band between the limits lies relative to it.

    A target exactly on a limit counts as between the limits (hit and miss): the process
    can land on either side of it.
    """
    goal = f"the target of {format_number(target)}"
    if _compare(lower, target) <= 0 <= _compare(upper, target):
        return "hit_and_miss", (
            f"Hit and miss: {goal} lies between the process limits ({format_number(lower)} "
            f"to {format_number(upper)}), so the process will sometimes meet it and sometimes "
            "miss it, by chance alone."
        )
    above = _compare(lower, target) > 0  # the whole band is above the target, else below
    if above:
        edge = f"the lower process limit ({format_number(lower)}) is above {goal}"
    else:
        edge = f"the upper process limit ({format_number(upper)}) is below {goal}"
    if above == (improvement == Improvement.UP):
        return "pass", (
            f"Consistently passing: {edge}, so the target will be met every month unless "
            "the process changes."
        )
    return "fail", (
        f"Consistently failing: {edge}, so the target will not be met without a change to "
        "the process."
    )


def _no_assurance_text(
    count: int, improvement: Improvement, target: float | None, since: SpcPeriod | None = None
) -> str:
    if target is None:
        return ""
    if improvement == Improvement.NEITHER:
        return (
            f"No assurance against the target of {format_number(target)}: neither direction "
            "is set as better, so there is no passing side."
        )
    return (
        f"No assurance against the target of {format_number(target)} yet: only "
        f"{_count(count)}{_since(since)}, and Making Data Count recommends at least "
        f"{MIN_POINTS} before relying on the limits."
    )


def _provisional_text(count: int, since: SpcPeriod | None = None) -> str:
    return (
        f"Only {_count(count)}{_since(since)}: Making Data Count recommends at least "
        f"{MIN_POINTS} before relying on the limits, so treat them as provisional."
    )


def _since(period: SpcPeriod | None) -> str:
    return "" if period is None else f" since the limits were recalculated in {period.start:%B %Y}"


def _count(count: int) -> str:
    return f"{count} point" if count == 1 else f"{count} points"


def format_number(number: float) -> str:
    """A number for a sentence: four significant figures, no exponent for everyday sizes."""
    number = float(number) + 0.0  # + 0.0 turns -0.0 into 0.0
    if abs(number) >= 10_000:
        return f"{number:,.0f}"
    return f"{number:.4g}"


# A money unit's multiplier as the NHS writes it after the number: £100k, £1.2m, £3bn.
MONEY_MULTIPLIERS = {"k": "k", "000": "k", "000s": "k", "m": "m", "bn": "bn"}


def with_unit(number: float, unit: str) -> str:
    """A metric's value with its unit: 12%, 4.5 days, and money with the pound sign first
    (£250, £100k, £1.2m, -£3k), whatever the order the unit was typed in (£k, k£)."""
    unit = unit.strip()
    text = format_number(number)
    if not unit:
        return text
    if unit == "%":
        return f"{text}%"
    if "£" in unit:
        rest = unit.replace("£", "").strip()
        sign, digits = ("-", text[1:]) if text.startswith("-") else ("", text)
        multiplier = MONEY_MULTIPLIERS.get(rest.lower())
        if not rest or multiplier:
            return f"{sign}£{digits}{multiplier or ''}"
        return f"{sign}£{digits} {rest}"
    return f"{text} {unit}"
