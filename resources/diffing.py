"""What changed between two versions of a resource, for the reviewer: a word-by-word diff of
each text field and the items added to or removed from each list field.

Pure: values in, segments out. Nothing here is HTML; the template escapes each segment and
wraps the changed ones in <ins> and <del>.
"""

import difflib
import re
from dataclasses import dataclass, field
from typing import Literal

SAME = "same"
ADDED = "added"
REMOVED = "removed"

Op = Literal["same", "added", "removed"]
Segment = tuple[Op, str]
Value = str | list[str] | None

# Words and the whitespace between them, as separate tokens, so that the diff compares words
# and the text is rebuilt exactly, line breaks included.
_TOKENS = re.compile(r"\s+|\S+")


@dataclass(frozen=True)
class FieldChange:
    """One changed field. A text field has `segments`, which joined together read as the new
    text with the old words shown removed; a list field has `added` and `removed` items."""

    name: str
    label: str
    kind: Literal["text", "list"]
    segments: list[Segment] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def field_changes(
    before: dict[str, Value], after: dict[str, Value], labels: dict[str, str]
) -> list[FieldChange]:
    """Each field whose value differs, in the order of `labels`, then any other fields in the
    order they first appear. A field missing on one side counts as empty there. A list whose
    items are only reordered has not changed. Values that are neither text nor lists (a date,
    a flag) are compared as text."""
    names = list(labels)
    for name in [*after, *before]:
        if name not in names:
            names.append(name)
    changes = []
    for name in names:
        if name not in before and name not in after:
            continue
        old, new = before.get(name), after.get(name)
        label = labels.get(name) or name.replace("_", " ").capitalize()
        if isinstance(old, list | tuple) or isinstance(new, list | tuple):
            old_items, new_items = _items(old), _items(new)
            added = [item for item in _unique(new_items) if item not in old_items]
            removed = [item for item in _unique(old_items) if item not in new_items]
            if added or removed:
                changes.append(FieldChange(name, label, "list", added=added, removed=removed))
        elif (old_text := _text(old)) != (new_text := _text(new)):
            changes.append(FieldChange(name, label, "text", segments=word_diff(old_text, new_text)))
    return changes


def word_diff(old: str, new: str) -> list[Segment]:
    """The new text as (op, text) segments: "same" words, "added" ones and the "removed" old
    ones where they were. A removal comes before the addition that replaces it."""
    old_tokens, new_tokens = _TOKENS.findall(old), _TOKENS.findall(new)
    matcher = difflib.SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    segments: list[Segment] = []
    opcodes = matcher.get_opcodes()
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        old_part, new_part = "".join(old_tokens[i1:i2]), "".join(new_tokens[j1:j2])
        if tag == "equal":
            # A lone space kept between two changes would break ‘quick brown’ → ‘slow red’
            # into four pieces; show it as part of both changes instead.
            between_changes = 0 < index < len(opcodes) - 1 and not old_part.strip()
            if between_changes:
                _append(segments, REMOVED, old_part)
                _append(segments, ADDED, new_part)
            else:
                _append(segments, SAME, old_part)
            continue
        _append(segments, REMOVED, old_part)
        _append(segments, ADDED, new_part)
    return _ordered(segments)


def _append(segments: list[Segment], op: Op, text: str) -> None:
    if not text:
        return
    if segments and segments[-1][0] == op:
        segments[-1] = (op, segments[-1][1] + text)
    else:
        segments.append((op, text))


def _ordered(segments: list[Segment]) -> list[Segment]:
    """Each run of changes as one removal then one addition, rather than interleaved."""
    result: list[Segment] = []
    run: dict[str, str] = {REMOVED: "", ADDED: ""}
    for op, text in [*segments, (SAME, "")]:
        if op == SAME:
            _append(result, REMOVED, run[REMOVED])
            _append(result, ADDED, run[ADDED])
            run = {REMOVED: "", ADDED: ""}
            _append(result, SAME, text)
        else:
            run[op] += text
    return result


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return value if isinstance(value, str) else str(value)


def _items(value: object) -> list[str]:
    if isinstance(value, list | tuple):
        return [_text(item) for item in value]
    # One side a list and the other plain text: the text is a list of one, or of none.
    text = _text(value)
    return [text] if text else []


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))
