"""Turn counted answers into a wave's result rows (DESIGN.md sections 3 and 4), as pure
functions: no database here, so the figures and the suppression can be tested on their own.

The database hands over two small frames, already grouped by SQL at the finest level:
responses per (directorate, staff group, band), and answers per (directorate, staff group,
band, item, value). Every breakdown is a roll-up of those frames.
"""

from dataclasses import dataclass
from itertools import combinations

import pandas as pd

from diagnostics.constants import Polarity
from diagnostics.suppression import suppressed_cells

DIMENSIONS = ("directorate", "staff_group", "band")
OVERALL = "all"
VALUES = (1, 2, 3, 4, 5)
# A 5-point answer on the 0-10 scale, as NHS Staff Survey scores do: 0, 2.5, 5, 7.5, 10.
POINTS = {value: (value - 1) * 2.5 for value in VALUES}


@dataclass(frozen=True)
class ItemFacts:
    element: str
    polarity: str


def breakdowns(asked: list[str]) -> list[tuple[str, ...]]:
    """(), each asked dimension, and each pair of them."""
    ordered = [d for d in DIMENSIONS if d in asked]
    return [(), *[(d,) for d in ordered], *combinations(ordered, 2)]


def breakdown_name(dims: tuple[str, ...]) -> str:
    return ":".join(dims) if dims else OVERALL


def group_label(key: tuple) -> str:
    return "|".join(str(part) for part in key)


def item_figures(counts: list[int], polarity: str) -> dict:
    """n, the five counts, % positive / neutral / negative and the 0-10 score of one item
    in one group. For a negative item, agreeing is the unfavourable answer, so the top two
    options count as negative and the score is reversed."""
    n = sum(counts)
    low, neutral, high = counts[0] + counts[1], counts[2], counts[3] + counts[4]
    points = sum(POINTS[value] * count for value, count in zip(VALUES, counts, strict=True))
    if polarity == Polarity.NEGATIVE:
        low, high = high, low
        points = 10 * n - points
    return {
        "n": n,
        **{f"c{value}": count for value, count in zip(VALUES, counts, strict=True)},
        "pct_positive": 100 * high / n,
        "pct_neutral": 100 * neutral / n,
        "pct_negative": 100 * low / n,
        "score": points / n,
    }


def result_rows(
    responses: pd.DataFrame,
    answers: pd.DataFrame,
    items: dict[int, ItemFacts],
    *,
    asked: list[str],
    k: int,
) -> list[dict]:
    """Every row of a wave's results, suppressed rows carrying no figures.

    `responses` has columns directorate, staff_group, band, n; `answers` the same plus
    item_id and value. The wave as a whole must already have at least k responses.
    """
    rows: list[dict] = []
    for dims in breakdowns(asked):
        rows.extend(_breakdown_rows(dims, responses, answers, items, k))
    return rows


def _breakdown_rows(dims, responses, answers, items, k) -> list[dict]:
    name = breakdown_name(dims)
    keys = list(dims)
    if keys:
        group_n = responses.groupby(keys, sort=True)["n"].sum()
        group_counts = {_key(index): int(n) for index, n in group_n.items()}
    else:
        group_counts = {(): int(responses["n"].sum())}
    hidden_groups = suppressed_cells(group_counts, k) if keys else set()

    rows = []
    for key, n in group_counts.items():
        row = _row(name, key, "responses")
        rows.append(row | (_hidden() if key in hidden_groups else {"n": n}))

    counted = answers.groupby([*keys, "item_id", "value"], sort=False)["n"].sum()
    per_item: dict[int, dict[tuple, list[int]]] = {}
    for index, n in counted.items():
        index = index if isinstance(index, tuple) else (index,)
        key, item_id, value = _key(index[: len(keys)]), int(index[-2]), int(index[-1])
        per_item.setdefault(item_id, {}).setdefault(key, [0] * 5)[value - 1] += int(n)

    visible_items: dict[tuple, dict[str, list[dict]]] = {}
    for item_id, by_group in per_item.items():
        facts = items[item_id]
        item_n = {key: sum(counts) for key, counts in by_group.items()}
        hidden = (
            suppressed_cells(item_n, k, forced=hidden_groups)
            if keys
            else {key for key, n in item_n.items() if n < k}
        )
        for key, counts in by_group.items():
            row = _row(name, key, "item") | {"item_id": item_id, "element": facts.element}
            if key in hidden:
                rows.append(row | _hidden())
                continue
            figures = item_figures(counts, facts.polarity)
            rows.append(row | figures)
            visible_items.setdefault(key, {}).setdefault(facts.element, []).append(figures)

    elements = sorted({facts.element for facts in items.values()})
    for key in group_counts:
        for element in elements:
            row = _row(name, key, "element") | {"element": element}
            shown = visible_items.get(key, {}).get(element)
            if key in hidden_groups or not shown:
                rows.append(row | _hidden())
                continue
            # Only visible questions go into an element's figures: a hidden question's
            # figure could otherwise be worked back out of the element's mean.
            rows.append(
                row
                | {
                    "n": group_counts[key],
                    "score": _mean(f["score"] for f in shown),
                    "pct_positive": _mean(f["pct_positive"] for f in shown),
                    "pct_neutral": _mean(f["pct_neutral"] for f in shown),
                    "pct_negative": _mean(f["pct_negative"] for f in shown),
                }
            )
    return rows


def _key(index) -> tuple:
    return tuple(index) if isinstance(index, tuple) else (index,)


def _row(breakdown: str, key: tuple, kind: str) -> dict:
    return {
        "breakdown": breakdown,
        "group": group_label(key),
        "kind": kind,
        "item_id": None,
        "element": "",
        "suppressed": False,
    }


def _hidden() -> dict:
    return {"suppressed": True}


def _mean(values) -> float:
    values = list(values)
    return sum(values) / len(values)
