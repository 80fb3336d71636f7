"""Small-group suppression (docs/anonymity.md), as pure functions.

Primary: any group with 0 < n < k is hidden. Secondary: if a small group's figures could be
worked out from shown ones, more is hidden. `protect_finest` does this for survey results,
solved over the finest combinations of people; `protect_linked_cells` and `pinned_down`
for the workforce summary, whose breakdowns are solved by their sums alone."""

import numpy as np


def protect_linked_cells(
    counts: dict[tuple, int], equations: list[tuple], k: int, hidden=frozenset(), keep=frozenset()
) -> set:
    """Suppression across breakdowns that are tied together by sums.

    `counts` maps every cell (any hashable) to its n; `equations` lists (total, parts): the
    total cell is the sum of the part cells (the whole survey is the sum of the directorates;
    a directorate is the sum of its cells in directorate x staff group; ...). Primary: cells
    with 0 < n < k, plus `hidden`. Secondary: anyone who sees the shown cells can solve the
    equations (linear algebra, not only one equation at a time), for a hidden cell or for the
    hidden parts of one equation taken together ("everyone not in band 5" is a group too).
    While any such group of 0 < n < k people can be pinned down, the smallest shown cell in
    an equation with it is hidden too. Cells in `keep` (the whole survey's response count)
    are never hidden. Cells of 0 are taken as known to everyone (the strongest attacker).
    """
    hidden = {cell for cell in hidden if counts.get(cell, 0) > 0}
    hidden |= {cell for cell, n in counts.items() if 0 < n < k}
    hidden -= set(keep)
    equations = [(total, [p for p in parts if counts.get(p, 0) > 0]) for total, parts in equations]
    while True:
        leak = _smallest_leak(counts, equations, hidden, k)
        if leak is None:
            return hidden
        chosen = _next_to_hide(_near(equations, leak), counts, hidden, keep)
        if chosen is None:
            return hidden
        hidden.add(chosen)


def _near(equations, group) -> set:
    """Every cell that shares a sum with a cell of the group."""
    return {
        cell
        for total, parts in equations
        if any(c == total or c in parts for c in group)
        for cell in (total, *parts)
    }


def _next_to_hide(near, counts, hidden, keep):
    """The smallest shown cell near a leak, or else the smallest shown cell anywhere."""
    candidates = sorted(
        (counts[c], repr(c), c)
        for c in near
        if c not in hidden and c not in keep and counts.get(c, 0) > 0
    ) or sorted(
        (n, repr(c), c) for c, n in counts.items() if n > 0 and c not in hidden and c not in keep
    )
    return candidates[0][2] if candidates else None


def _smallest_leak(counts, equations, hidden, k) -> tuple | None:
    """The hidden cells of the smallest group of 0 < n < k people that the shown cells pin
    down: one hidden cell, or the hidden parts of one equation together."""
    column, free = _free_directions(hidden, equations)
    if column is None:
        return None
    groups = [(cell,) for cell in hidden]
    groups += [tuple(p for p in parts if p in hidden) for _, parts in equations]
    leaks = []
    for group in {g for g in groups if g}:
        n = sum(counts[c] for c in group)
        if 0 < n < k and _determined(group, column, free):
            leaks.append((n, repr(group), group))
    return min(leaks)[2] if leaks else None


def _free_directions(hidden: set, equations: list[tuple]):
    """(column of each hidden cell, a basis of the ways the hidden cells can move together
    without changing any shown cell), or (None, None) when nothing is hidden."""
    unknown = sorted(hidden, key=repr)
    if not unknown:
        return None, None
    column = {cell: n for n, cell in enumerate(unknown)}
    rows = []
    for total, parts in equations:
        row = np.zeros(len(unknown))
        if total in column:
            row[column[total]] += 1
        for part in parts:
            if part in column:
                row[column[part]] -= 1
        if row.any():
            rows.append(row)
    if not rows:
        return column, np.eye(len(unknown))
    _, singular, vt = np.linalg.svd(np.array(rows))
    rank = int((singular > 1e-9).sum())
    return column, vt[rank:]


def _determined(cells, column, free) -> bool:
    """Does the sum of these hidden cells follow from the shown ones?"""
    vector = np.zeros(len(column))
    for cell in cells:
        vector[column[cell]] = 1
    return not free.size or not np.any(np.abs(free @ vector) > 1e-9)


def pinned_down(hidden: set, equations: list[tuple]) -> set:
    """The hidden cells whose values follow from the equations once the shown cells are
    known: those on which every solution of the homogeneous system agrees."""
    column, free = _free_directions(hidden, equations)
    if column is None:
        return set()
    return {cell for cell in column if _determined((cell,), column, free)}


def protect_finest(
    members: dict,
    sizes: dict,
    equations: list[tuple],
    k: int,
    hidden=frozenset(),
    keep=frozenset(),
    spans: dict | None = None,
) -> set:
    """Suppression of published cells that are sums of the finest combinations of people.

    `members` maps each published cell to the finest combinations it adds up (a survey's
    directorate, staff group and band together); `sizes` gives each finest combination's n,
    and only combinations with people are listed, so every empty one is taken as known to
    the attacker. `equations` lists (total, parts) as for `protect_linked_cells`: they say
    which cells are near each other when choosing what else to hide.

    Anyone who sees the shown cells can solve for any sum of finest combinations that lies
    in the span of the shown cells' sums. While that pins down a group of 0 < n < k people,
    the smallest shown cell near it is hidden too. The groups checked: each hidden cell;
    every union of hidden parts of one equation ("everyone not in band 5", "staff group
    s1 outside band b1"); and each finest combination on its own. Cells in `keep` are
    never hidden. `spans` may be shared between calls (the questions of one survey mostly
    show the same cells of the same people): it keeps each span worked out.
    """
    spans = {} if spans is None else spans
    finest = sorted(sizes, key=repr)
    layout_key = ("layout", tuple(finest), id(members))
    if layout_key not in spans:
        position = {combination: n for n, combination in enumerate(finest)}
        matrix = np.zeros((len(members), len(finest)))
        for row, parts in enumerate(members.values()):
            matrix[row, [position[m] for m in parts if m in position]] = 1
        vectors = dict(zip(members, matrix, strict=True))
        containing: dict = {}
        for cell, parts in members.items():
            for member in parts:
                containing.setdefault(member, []).append(cell)
        spans[layout_key] = (members, vectors, containing)  # members kept alive for id()
    _, vectors, containing = spans[layout_key]
    counts = {cell: sum(sizes.get(m, 0) for m in parts) for cell, parts in members.items()}
    hidden = {cell for cell in hidden if counts.get(cell, 0) > 0}
    hidden |= {cell for cell, n in counts.items() if 0 < n < k}
    hidden -= set(keep)
    while True:
        leak = _finest_leak(finest, sizes, counts, vectors, equations, hidden, k, spans)
        if leak is None:
            return hidden
        kind, subject = leak
        near = set(containing.get(subject, ())) if kind == "finest" else _near(equations, subject)
        chosen = _next_to_hide(near, counts, hidden, keep)
        if chosen is None:
            return hidden
        hidden.add(chosen)


def _finest_leak(finest, sizes, counts, vectors, equations, hidden, k, spans):
    """The smallest group of 0 < n < k people pinned down by the shown cells, as ("cells",
    the hidden cells it is the sum of) or ("finest", the combination), or None."""
    if not finest:
        return None
    shown = sorted((c for c, n in counts.items() if n > 0 and c not in hidden), key=repr)
    key = (tuple(finest), tuple(shown))
    if key not in spans:
        rows = np.array([vectors[c] for c in shown])
        spans[key] = _row_space(rows) if shown else np.zeros((len(finest), 0))
    basis = spans[key]
    groups = {(cell,) for cell in hidden}
    for _, parts in equations:
        groups |= _small_unions([p for p in parts if p in hidden], counts, k)
    candidates = []
    for group in groups:
        n = sum(counts[c] for c in group)
        if group and 0 < n < k:
            candidates.append((n, repr(group), ("cells", group), sum(vectors[c] for c in group)))
    for n, combination in enumerate(finest):
        if sizes[combination] < k:
            vector = np.zeros(len(finest))
            vector[n] = 1
            candidates.append(
                (sizes[combination], repr(combination), ("finest", combination), vector)
            )
    if not candidates:
        return None
    targets = np.array([c[3] for c in candidates]).T
    residual = targets - basis @ (basis.T @ targets)
    pinned = [c for c, r in zip(candidates, np.abs(residual).max(axis=0), strict=True) if r < 1e-7]
    return min(pinned, key=lambda c: (c[0], c[1]))[2] if pinned else None


SUBSET_LIMIT = 4096  # per sum; past it the rest of a sum's unions go unchecked


def _small_unions(cells: list, counts: dict, k: int) -> set[tuple]:
    """Every union of some of these cells (the hidden parts of one sum) that holds 0 < n < k
    people: "staff group s1, not band b1" is such a group. Found smallest first, and only
    while under k, so a sum with many small hidden parts stays cheap."""
    cells = sorted(cells, key=lambda c: (counts[c], repr(c)))
    found: set[tuple] = set()
    if 0 < sum(counts[c] for c in cells) < k:
        found.add(tuple(sorted(cells, key=repr)))

    def extend(start: int, chosen: list, n: int) -> None:
        for position in range(start, len(cells)):
            if len(found) >= SUBSET_LIMIT:
                return
            cell = cells[position]
            if n + counts[cell] >= k:
                return  # sorted by size: every later cell is at least as big
            union = [*chosen, cell]
            found.add(tuple(sorted(union, key=repr)))
            extend(position + 1, union, n + counts[cell])

    extend(0, [], 0)
    return found


def _row_space(rows: np.ndarray) -> np.ndarray:
    """An orthonormal basis (as columns) of the span of `rows`."""
    _, singular, vt = np.linalg.svd(rows, full_matrices=False)
    rank = int((singular > 1e-9 * max(1.0, singular[0] if singular.size else 1.0)).sum())
    return vt[:rank].T
