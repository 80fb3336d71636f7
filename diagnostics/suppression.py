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
