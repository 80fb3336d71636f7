"""Small-group suppression (DESIGN.md section 3, rule 4), as pure functions.

Primary: any group with 0 < n < k is hidden. Secondary: within one breakdown, if the hidden
groups' figures could be worked out from the total and the visible groups (only one group is
hidden), the next-smallest visible group is hidden too.
"""


def suppressed_groups(counts: dict[str, int], k: int) -> set[str]:
    hidden = {group for group, n in counts.items() if 0 < n < k}
    if len(hidden) == 1:
        visible = sorted((n, group) for group, n in counts.items() if group not in hidden and n > 0)
        if visible:
            hidden.add(visible[0][1])
    return hidden


def suppress_counts(counts: dict[str, int], k: int) -> dict[str, int | None]:
    """The counts with every suppressed group's figure replaced by None."""
    hidden = suppressed_groups(counts, k)
    return {group: (None if group in hidden else n) for group, n in counts.items()}


def suppressed_cells(
    counts: dict[tuple, int], k: int, forced=frozenset(), known_totals=None
) -> set[tuple]:
    """The cells to hide in one breakdown; see protect_cells."""
    return protect_cells(counts, k, forced, known_totals)[0]


def protect_cells(
    counts: dict[tuple, int], k: int, forced=frozenset(), known_totals=None
) -> tuple[set[tuple], set]:
    """Suppression for a one-way (1-tuples) or two-way (2-tuples) breakdown.

    Primary: cells with 0 < n < k, plus any `forced` hidden (e.g. a whole group hidden at the
    response level hides its question cells). Secondary: someone who knows a line's total
    (the whole breakdown's; each row's and column's in a two-way one, which are one-way
    figures) can work out a hidden cell when it is the only unknown in that line, and then
    use it in the next line. More cells are hidden, smallest first, until no cell with
    0 < n < k can be worked out that way. `known_totals` maps a line's key ("all" for the
    whole breakdown, or (axis, value)) to whether its total is shown; missing keys count as
    shown, the cautious choice.

    Returns (cells to hide, line totals to hide elsewhere): when no cell of this breakdown
    is left to hide, the one-way figure that gives a small cell away must go instead.
    """
    known_totals = dict(known_totals or {})
    lines = _lines(counts)
    hidden = {cell for cell in forced if counts.get(cell, 0) > 0}
    hidden |= {cell for cell, n in counts.items() if 0 < n < k}
    while True:
        leaks = sorted(
            cell for cell in _worked_out(hidden, lines, known_totals) if counts[cell] < k
        )
        if not leaks:
            return hidden, set()
        leak = leaks[0]
        near = [cells for cells in lines.values() if leak in cells]
        candidates = sorted(
            (counts[cell], cell) for cells in near for cell in cells if cell not in hidden
        )
        if candidates:
            hidden.add(candidates[0][1])
            continue
        margins = {
            key
            for key, cells in lines.items()
            if key != "all" and leak in cells and known_totals.get(key, True)
        }
        return hidden, margins


def _worked_out(hidden: set, lines: dict, known_totals: dict) -> set:
    """The hidden cells that can be worked out from shown totals and shown cells."""
    unknown = set(hidden)
    changed = True
    while changed:
        changed = False
        for key, cells in lines.items():
            if not known_totals.get(key, True):
                continue
            left = [cell for cell in cells if cell in unknown]
            if len(left) == 1:
                unknown.discard(left[0])
                changed = True
    return hidden - unknown


def _lines(counts: dict[tuple, int]) -> dict:
    """The lines whose totals may be known: "all", the whole breakdown; and in a two-way
    breakdown, each row (0, value) and column (1, value)."""
    cells = [cell for cell, n in counts.items() if n > 0]
    if not cells:
        return {}
    lines: dict = {"all": cells}
    if len(cells[0]) == 1:
        return lines
    for cell in cells:
        for axis in range(len(cell)):
            lines.setdefault((axis, cell[axis]), []).append(cell)
    return lines
