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


def suppressed_cells(counts: dict[tuple, int], k: int, forced=frozenset()) -> set[tuple]:
    """Suppression for a one-way (1-tuples) or two-way (2-tuples) breakdown.

    Primary: cells with 0 < n < k, plus any `forced` hidden (e.g. a whole group hidden at the
    response level hides its question cells). Secondary: along every line whose total can be
    known (the whole one-way breakdown; each row and each column of a two-way one), a lone
    hidden cell takes the next-smallest visible cell of that line with it. Repeated until no
    line has a lone hidden cell, since hiding a cell in a row can leave one alone in a column.
    """
    hidden = {cell for cell in forced if counts.get(cell, 0) > 0}
    hidden |= {cell for cell, n in counts.items() if 0 < n < k}
    lines = _lines(counts)
    changed = True
    while changed:
        changed = False
        for line in lines:
            lone = [cell for cell in line if cell in hidden]
            if len(lone) != 1:
                continue
            visible = sorted((counts[cell], cell) for cell in line if cell not in hidden)
            if visible:
                hidden.add(visible[0][1])
                changed = True
    return hidden


def _lines(counts: dict[tuple, int]) -> list[list[tuple]]:
    cells = [cell for cell, n in counts.items() if n > 0]
    if not cells:
        return []
    if len(cells[0]) == 1:
        return [cells]
    lines: dict[tuple, list[tuple]] = {}
    for cell in cells:
        for axis in range(len(cell)):
            lines.setdefault((axis, cell[axis]), []).append(cell)
    return list(lines.values())
