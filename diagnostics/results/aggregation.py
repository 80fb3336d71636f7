"""Turn counted answers into a wave's result rows (docs/anonymity.md, docs/architecture.md), as pure
functions: no database here, so the figures and the suppression can be tested on their own.

The database hands over two small frames, already grouped by SQL at the finest level:
responses per (directorate, staff group, band), and answers per (directorate, staff group,
band, item, value). Every breakdown is a roll-up of those frames."""

from dataclasses import dataclass
from itertools import combinations, product

import pandas as pd

from diagnostics.constants import Polarity
from diagnostics.results.suppression import protect_finest

DIMENSIONS = ("directorate", "staff_group", "band")


OVERALL = "all"


VALUES = (1, 2, 3, 4, 5)


# A 5-point answer on the 0-10 scale, as NHS Staff Survey scores do: 0, 2.5, 5, 7.5, 10.
POINTS = {value: (value - 1) * 2.5 for value in VALUES}


# A two-way breakdown lists every offered combination (docs/anonymity.md); past this many it
# is left out rather than printed as a table nobody can read.
MAX_TWO_WAY_COMBINATIONS = 200


@dataclass(frozen=True)
class ItemFacts:
    element: str
    polarity: str


def breakdowns(
    asked: list[str], offered: dict[str, list[str]] | None = None
) -> list[tuple[str, ...]]:
    """(), each asked dimension, and each pair of them whose offered combinations number no
    more than MAX_TWO_WAY_COMBINATIONS (decided by what is offered, never by who answered)."""
    ordered = [d for d in DIMENSIONS if d in asked]
    pairs = [
        pair
        for pair in combinations(ordered, 2)
        if offered is None
        or len(offered.get(pair[0], ())) * len(offered.get(pair[1], ())) <= MAX_TWO_WAY_COMBINATIONS
    ]
    return [(), *[(d,) for d in ordered], *pairs]


def two_way_left_out(asked: list[str], offered: dict[str, list[str]]) -> list[tuple[str, str]]:
    """The pairs of dimensions too large to list every combination of."""
    kept = set(breakdowns(asked, offered))
    ordered = [d for d in DIMENSIONS if d in asked]
    return [pair for pair in combinations(ordered, 2) if pair not in kept]


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
    offered: dict[str, list[str]] | None = None,
) -> list[dict]:
    """Every row of a closed wave's results, suppressed rows carrying no figures.

    `responses` has columns directorate, staff_group, band, n; `answers` the same plus
    item_id and value. The wave as a whole must already have at least k responses.

    `offered` lists each dimension's offered groups: every one of them, and every offered
    combination of a two-way breakdown, gets its rows whether nobody, a few or many chose
    it, so the presence of a row says nothing about who answered. A group nobody chose is
    marked exactly as a group under k is.
    """
    offered = offered or {}
    all_dims = breakdowns(asked, offered)
    group_counts = {dims: _group_counts(responses, dims, offered) for dims in all_dims}
    item_counts = {dims: _item_counts(answers, dims) for dims in all_dims}
    spans: dict = {}  # shared: most questions show the same cells of the same people
    hidden_groups = protect_breakdowns(
        all_dims, _finest_sizes(responses), k, keep_overall=True, spans=spans
    )
    finest_answers = _finest_answer_sizes(answers)
    hidden_items = {
        item_id: protect_breakdowns(
            all_dims, finest_answers.get(item_id, {}), k, forced=hidden_groups, spans=spans
        )
        for item_id in items
    }
    rows: list[dict] = []
    for dims in all_dims:
        rows.extend(
            _breakdown_rows(
                dims,
                group_counts[dims],
                item_counts[dims],
                items,
                hidden_groups[dims],
                {item_id: hidden[dims] for item_id, hidden in hidden_items.items()},
            )
        )
    return rows


def protect_breakdowns(
    all_dims, sizes: dict[tuple, int], k, forced=None, keep_overall=False, spans=None
) -> dict[tuple, set]:
    """The cells to hide in every breakdown of one figure (responses, or one question),
    solved together over the finest combinations of directorate, staff group and band that
    hold people (`sizes`): every cell of every breakdown is a sum of those, so a cell one
    breakdown hides could otherwise be worked out from the others, or from cells that share
    no equation with it but share people (docs/anonymity.md)."""
    overall = ((), ())
    spans = {} if spans is None else spans
    structure_key = ("structure", tuple(all_dims), frozenset(sizes))
    if structure_key not in spans:
        spans[structure_key] = _structure(all_dims, sizes)
    members, equations = spans[structure_key]
    forced_cells = {(dims, key) for dims, keys_ in (forced or {}).items() for key in keys_}
    hidden = protect_finest(
        members,
        sizes,
        equations,
        k,
        hidden=forced_cells & set(members),
        keep={overall} if keep_overall else set(),
        spans=spans,
    )
    found: dict[tuple, set] = {dims: set() for dims in all_dims}
    for dims, key in hidden:
        found[dims].add(key)
    return found


def _structure(all_dims, sizes) -> tuple[dict, list]:
    """Each cell of every breakdown with the finest combinations it adds up, and the sums
    that tie the breakdowns together: the same for every question answered by the same
    combinations of people."""
    overall = ((), ())
    members: dict[tuple, list] = {}
    positions = [[DIMENSIONS.index(d) for d in dims] for dims in all_dims]
    for combination in sizes:
        for dims, where in zip(all_dims, positions, strict=True):
            members.setdefault((dims, tuple(combination[i] for i in where)), []).append(combination)
    equations = []
    keys: dict = {dims: [] for dims in all_dims}
    for dims, key in members:
        keys[dims].append(key)
    for dims in all_dims:
        cells = [(dims, key) for key in keys[dims]]
        if dims:
            equations.append((overall, cells))
        if len(dims) == 2:
            for axis in (0, 1):
                lines: dict = {}
                for key in keys[dims]:
                    lines.setdefault(key[axis], []).append((dims, key))
                equations += [(((dims[axis],), (value,)), parts) for value, parts in lines.items()]
    return members, equations


def _finest_sizes(responses: pd.DataFrame) -> dict[tuple, int]:
    """People per finest combination (directorate, staff group, band) that has any."""
    grouped = responses.groupby(list(DIMENSIONS), sort=False)["n"].sum()
    return {_key(index): int(n) for index, n in grouped.items() if n > 0}


def _finest_answer_sizes(answers: pd.DataFrame) -> dict[int, dict[tuple, int]]:
    """item id -> people who answered it per finest combination."""
    if answers.empty:
        return {}
    grouped = answers.groupby([*DIMENSIONS, "item_id"], sort=False)["n"].sum()
    found: dict[int, dict[tuple, int]] = {}
    for (directorate, staff_group, band, item_id), n in grouped.items():
        if n > 0:
            found.setdefault(int(item_id), {})[(directorate, staff_group, band)] = int(n)
    return found


def _group_counts(responses: pd.DataFrame, dims, offered: dict[str, list[str]]) -> dict:
    """n per group of a breakdown: every offered group (or combination) with its count, 0 if
    nobody chose it, then any group answered but no longer offered."""
    if not dims:
        return {(): int(responses["n"].sum())}
    grouped = responses.groupby(list(dims), sort=True)["n"].sum()
    counted = {_key(index): int(n) for index, n in grouped.items()}
    listed = dict.fromkeys(product(*(offered.get(d, ()) for d in dims)), 0)
    return listed | counted


def _item_counts(answers: pd.DataFrame, dims) -> dict[int, dict[tuple, list[int]]]:
    """item id -> group -> the five answer counts."""
    if answers.empty:
        return {}
    keys = list(dims)
    table = (
        answers.groupby([*keys, "item_id", "value"], sort=False)["n"]
        .sum()
        .unstack("value", fill_value=0)
        .reindex(columns=list(VALUES), fill_value=0)
    )
    found: dict[int, dict[tuple, list[int]]] = {}
    for index, counts in zip(table.index, table.to_numpy().tolist(), strict=True):
        index = index if isinstance(index, tuple) else (index,)
        key, item_id = _key(index[: len(keys)]), int(index[-1])
        found.setdefault(item_id, {})[key] = [int(c) for c in counts]
    return found


def _breakdown_rows(dims, group_counts, item_counts, items, hidden_groups, hidden_items):
    name = breakdown_name(dims)
    rows = []
    for key, n in group_counts.items():
        row = _row(name, key, "responses")
        rows.append(row | (_hidden() if n == 0 or key in hidden_groups else {"n": n}))

    visible_items: dict[tuple, dict[str, list[dict]]] = {}
    for item_id, facts in items.items():
        by_group = item_counts.get(item_id, {})
        for key in group_counts:
            row = _row(name, key, "item") | {"item_id": item_id, "element": facts.element}
            counts = by_group.get(key)
            if counts is None or not sum(counts) or key in hidden_items[item_id]:
                rows.append(row | _hidden())
                continue
            figures = item_figures(counts, facts.polarity)
            rows.append(row | figures)
            visible_items.setdefault(key, {}).setdefault(facts.element, []).append(figures)

    elements = sorted({facts.element for facts in items.values()})
    for key, n in group_counts.items():
        for element in elements:
            row = _row(name, key, "element") | {"element": element}
            shown = visible_items.get(key, {}).get(element)
            if n == 0 or key in hidden_groups or not shown:
                rows.append(row | _hidden())
                continue
            # Only visible questions go into an element's figures: a hidden question's
            # figure could otherwise be worked back out of the element's mean.
            rows.append(
                row
                | {
                    "n": n,
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
