"""The reviewer's diff between two versions of a resource. Pure: no database."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from resources.diffing import FieldChange, field_changes, word_diff

LABELS = {"title": "Title", "summary": "Summary", "body": "Body", "phases": "Phases"}


def joined(segments, *, leave_out: str) -> str:
    return "".join(text for op, text in segments if op != leave_out)


class TestWordDiff:
    def test_one_word_replaced(self):
        assert word_diff("Run the board interviews", "Run the staff interviews") == [
            ("same", "Run the "),
            ("removed", "board"),
            ("added", "staff"),
            ("same", " interviews"),
        ]

    def test_neighbouring_changes_read_as_one(self):
        assert word_diff("the quick brown fox", "the slow red fox") == [
            ("same", "the "),
            ("removed", "quick brown"),
            ("added", "slow red"),
            ("same", " fox"),
        ]

    def test_words_added_and_removed(self):
        assert word_diff("Plan the survey", "Plan and run the survey early") == [
            ("same", "Plan"),
            ("added", " and run"),
            ("same", " the survey"),
            ("added", " early"),
        ]
        assert word_diff("Plan and run the survey", "Plan the survey") == [
            ("same", "Plan"),
            ("removed", " and run"),
            ("same", " the survey"),
        ]

    def test_from_and_to_nothing(self):
        assert word_diff("", "New text") == [("added", "New text")]
        assert word_diff("Old text", "") == [("removed", "Old text")]
        assert word_diff("", "") == []

    def test_line_breaks_are_kept(self):
        old = "# Guide\n\nStep one.\nStep two."
        new = "# Guide\n\nStep one.\nStep three.\n"
        segments = word_diff(old, new)
        assert joined(segments, leave_out="removed") == new
        assert joined(segments, leave_out="added") == old
        assert ("removed", "two.") in segments and ("added", "three.\n") in segments

    def test_a_change_of_spacing_only(self):
        assert word_diff("a b", "a  b") == [
            ("same", "a"),
            ("removed", " "),
            ("added", "  "),
            ("same", "b"),
        ]

    def test_repeated_words_are_not_confused(self):
        # difflib's ‘autojunk’ would otherwise ignore common words in long texts.
        old = " ".join(["the"] * 300 + ["end"])
        new = " ".join(["the"] * 300 + ["finish"])
        assert word_diff(old, new)[-2:] == [("removed", "end"), ("added", "finish")]

    @pytest.mark.parametrize(
        ("old", "new"),
        [
            ("one two three four", "one 2 three 4 five"),
            ("Alpha, beta; gamma.", "alpha beta gamma"),
            ("  leading and trailing  ", "leading and trailing"),
            ("<b>markup</b> & more", "<i>markup</i> & less"),
        ],
    )
    def test_segments_rebuild_both_texts(self, old, new):
        segments = word_diff(old, new)
        assert joined(segments, leave_out="removed") == new
        assert joined(segments, leave_out="added") == old
        # Text is passed through as it is: escaping is the template's job.
        assert all(op in {"same", "added", "removed"} for op, _ in segments)
        assert all(text for _, text in segments)
        assert all(a[0] != b[0] for a, b in zip(segments, segments[1:], strict=False))


_WORDS = st.lists(
    st.sampled_from(["the", "board", "staff", " ", "  ", "\n", "culture", "é", "\t"]), max_size=30
).map("".join)


@given(old=_WORDS, new=_WORDS)
def test_any_two_texts_are_rebuilt_from_their_segments(old, new):
    segments = word_diff(old, new)
    assert joined(segments, leave_out="removed") == new
    assert joined(segments, leave_out="added") == old
    assert all(text for _, text in segments)


class TestFieldChanges:
    def test_nothing_changed(self):
        before = {"title": "Guide", "phases": ["scoping"]}
        assert field_changes(before, dict(before), LABELS) == []

    def test_a_text_field(self):
        changes = field_changes({"title": "Board guide"}, {"title": "Sponsor guide"}, LABELS)
        assert changes == [
            FieldChange(
                name="title",
                label="Title",
                kind="text",
                segments=[("removed", "Board"), ("added", "Sponsor"), ("same", " guide")],
            )
        ]
        assert changes[0].added == [] and changes[0].removed == []

    def test_a_list_field(self):
        changes = field_changes(
            {"phases": ["scoping", "discover"]}, {"phases": ["discover", "design"]}, LABELS
        )
        assert changes == [
            FieldChange(
                name="phases", label="Phases", kind="list", added=["design"], removed=["scoping"]
            )
        ]
        assert changes[0].segments == []

    def test_a_list_reordered_has_not_changed(self):
        assert field_changes({"phases": ["a", "b"]}, {"phases": ["b", "a"]}, LABELS) == []

    def test_repeated_items_are_named_once(self):
        [change] = field_changes({"phases": []}, {"phases": ["a", "a", "b"]}, LABELS)
        assert change.added == ["a", "b"]

    def test_in_the_order_of_the_labels_then_the_rest(self):
        before = {"zeta": "1", "body": "old", "title": "old"}
        after = {"zeta": "2", "body": "new", "title": "new", "extra_note": "x"}
        changes = field_changes(before, after, LABELS)
        assert [change.name for change in changes] == ["title", "body", "zeta", "extra_note"]
        assert [change.label for change in changes] == ["Title", "Body", "Zeta", "Extra note"]

    def test_a_field_missing_on_one_side_counts_as_empty(self):
        changes = field_changes({}, {"summary": "New", "phases": ["design"]}, LABELS)
        assert changes == [
            FieldChange("summary", "Summary", "text", segments=[("added", "New")]),
            FieldChange("phases", "Phases", "list", added=["design"]),
        ]
        assert field_changes({"summary": "", "phases": []}, {}, LABELS) == []
        assert field_changes({"summary": "Gone"}, {}, LABELS) == [
            FieldChange("summary", "Summary", "text", segments=[("removed", "Gone")])
        ]

    def test_labels_for_fields_never_seen_are_ignored(self):
        assert field_changes({}, {}, LABELS) == []

    def test_text_becoming_a_list(self):
        [change] = field_changes({"phases": "scoping"}, {"phases": ["scoping", "design"]}, LABELS)
        assert (change.kind, change.added, change.removed) == ("list", ["design"], [])

    def test_other_values_are_compared_as_text(self):
        before = {"featured": False, "review_due": None, "count": 1}
        after = {"featured": True, "review_due": "2027-03-31", "count": 1}
        changes = field_changes(before, after, {"featured": "Featured"})
        assert changes == [
            FieldChange("featured", "Featured", "text", [("removed", "No"), ("added", "Yes")]),
            FieldChange("review_due", "Review due", "text", [("added", "2027-03-31")]),
        ]
        day = {"review_due": datetime.date(2027, 3, 31)}
        assert field_changes(day, {"review_due": "2027-03-31"}, {}) == []

    def test_inputs_are_not_changed(self):
        before = {"title": "a", "phases": ["x"]}
        after = {"title": "b", "phases": ["y"]}
        field_changes(before, after, LABELS)
        assert before == {"title": "a", "phases": ["x"]}
        assert after == {"title": "b", "phases": ["y"]}
