"""Instrument writes: the shipped instruments, versions and editing a draft."""

import pytest
from django.core.exceptions import ValidationError

from core.exceptions import ApplicationError
from diagnostics.constants import VersionStatus
from diagnostics.instruments.content import LEADERSHIP_BEHAVIOURS_SURVEY, WHOLE_STAFF_SURVEY
from diagnostics.instruments.models import Instrument, InstrumentVersion, Item
from diagnostics.instruments.services import (
    instrument_version_draft_create,
    instrument_version_publish,
    instruments_shipped_load,
    item_update,
)
from programmes.constants import Element
from tests.diagnostics.factories import build_version

pytestmark = pytest.mark.django_db


class TestShippedInstruments:
    def test_both_instruments_are_installed_by_migration_as_published_version_1(self):
        for content in (WHOLE_STAFF_SURVEY, LEADERSHIP_BEHAVIOURS_SURVEY):
            version = InstrumentVersion.objects.get(instrument__slug=content["slug"])
            assert version.number == 1 and version.status == VersionStatus.PUBLISHED
            items = Item.objects.filter(section__version=version)
            assert items.count() == sum(len(s["items"]) for s in content["sections"])

    def test_whole_staff_survey_covers_all_six_elements(self):
        elements = set(
            Item.objects.filter(
                section__version__instrument__slug="whole-staff-culture"
            ).values_list("element", flat=True)
        )
        assert elements == set(Element.values)
        assert (
            25
            <= Item.objects.filter(section__version__instrument__slug="whole-staff-culture").count()
            <= 35
        )

    def test_loading_again_changes_nothing(self):
        assert instruments_shipped_load() == 0
        assert Instrument.objects.count() == 2


class TestVersions:
    def test_editing_makes_a_new_draft_that_copies_everything(self):
        version = build_version(sections=2, items_per_section=3, comment_questions=2)
        draft = instrument_version_draft_create(version=version)
        assert (draft.number, draft.status) == (2, VersionStatus.DRAFT)
        assert Item.objects.filter(section__version=draft).count() == 6
        assert draft.comment_questions.count() == 2
        with pytest.raises(ApplicationError, match="already has a draft"):
            instrument_version_draft_create(version=version)

    def test_a_published_version_cannot_change(self):
        item = Item.objects.filter(section__version__status="published").first()
        with pytest.raises(ApplicationError, match="cannot change"):
            item_update(item=item, text="New words")

    def test_publishing_freezes_the_draft(self):
        draft = instrument_version_draft_create(version=build_version())
        item = Item.objects.filter(section__version=draft).first()
        item_update(item=item, text="Reworded statement")
        instrument_version_publish(version=draft)
        draft.refresh_from_db()
        assert draft.is_published and draft.published_at
        with pytest.raises(ApplicationError):
            item_update(item=item, text="Again")
        with pytest.raises(ApplicationError, match="already published"):
            instrument_version_publish(version=draft)

    def test_an_item_edit_is_validated(self):
        draft = instrument_version_draft_create(version=build_version())
        item = Item.objects.filter(section__version=draft).first()
        with pytest.raises(ValidationError):
            item_update(item=item, element="not-an-element")


class TestDraftEditing:
    def draft(self):
        return instrument_version_draft_create(
            version=build_version(sections=1, items_per_section=3)
        )

    def codes(self, draft):
        return list(
            Item.objects.filter(section__version=draft)
            .order_by("position")
            .values_list("code", flat=True)
        )

    def test_add_move_and_remove_questions_keep_positions_tidy(self):
        from diagnostics.instruments.services import item_create, item_delete, item_move

        draft = self.draft()
        section = draft.sections.get()
        first, second, third = self.codes(draft)
        item_create(
            section=section,
            code="NEW-1",
            text="A new statement",
            element="teamwork",
            polarity="positive",
            scale="agreement",
            required=True,
        )
        assert self.codes(draft) == [first, second, third, "NEW-1"]
        item_move(item=Item.objects.get(section=section, code="NEW-1"), up=True)
        assert self.codes(draft) == [first, second, "NEW-1", third]
        item_move(item=Item.objects.get(section=section, code=first), up=True)  # already top
        item_delete(item=Item.objects.get(section=section, code=second))
        assert self.codes(draft) == [first, "NEW-1", third]
        positions = list(section.items.order_by("position").values_list("position", flat=True))
        assert positions == [1, 2, 3]

    def test_a_code_must_be_unique_within_the_version(self):
        from diagnostics.instruments.services import item_create

        draft = self.draft()
        taken = self.codes(draft)[0]
        with pytest.raises(ValidationError, match="has that code"):
            item_create(
                section=draft.sections.get(),
                code=taken,
                text="Again",
                element="teamwork",
                polarity="positive",
                scale="agreement",
                required=True,
            )

    def test_a_published_version_refuses_every_edit(self):
        from diagnostics.instruments.services import (
            comment_question_create,
            comment_question_delete,
            comment_question_update,
            item_create,
            item_delete,
            item_move,
            section_create,
            section_delete,
            section_move,
            section_update,
        )

        version = build_version(sections=1, items_per_section=2)
        section, item = (
            version.sections.get(),
            Item.objects.filter(section__version=version).first(),
        )
        question = version.comment_questions.get()
        for attempt in (
            lambda: item_delete(item=item),
            lambda: item_move(item=item, up=False),
            lambda: section_update(section=section, title="New", description=""),
            lambda: section_create(version=version, title="New"),
            lambda: section_delete(section=section),
            lambda: section_move(section=section, up=True),
            lambda: comment_question_create(version=version, code="C9", text="More?"),
            lambda: comment_question_update(question=question, text="Changed?"),
            lambda: comment_question_delete(question=question),
            lambda: item_create(
                section=section,
                code="X",
                text="Y",
                element="teamwork",
                polarity="positive",
                scale="agreement",
                required=True,
            ),
        ):
            with pytest.raises(ApplicationError, match="published version cannot change"):
                attempt()


class TestSectionEditing:
    def titles(self, version):
        return list(version.sections.order_by("position").values_list("title", flat=True))

    def test_add_move_and_remove_sections_keep_positions_tidy(self):
        from diagnostics.instruments.services import section_create, section_delete, section_move

        draft = instrument_version_draft_create(version=build_version(sections=2))
        added = section_create(version=draft, title="  Wellbeing  ", description="How you are")
        assert self.titles(draft) == ["Part 1", "Part 2", "Wellbeing"]
        section_move(section=added, up=True)
        assert self.titles(draft) == ["Part 1", "Wellbeing", "Part 2"]
        section_move(section=draft.sections.get(title="Part 1"), up=True)  # already first
        removed = section_delete(section=draft.sections.get(title="Part 1"))
        assert removed == 3
        assert self.titles(draft) == ["Wellbeing", "Part 2"]
        assert list(draft.sections.values_list("position", flat=True).order_by("position")) == [
            1,
            2,
        ]
        assert not Item.objects.filter(section__version=draft, section__title="Part 1").exists()

    def test_the_last_section_cannot_be_removed(self):
        from diagnostics.instruments.services import section_delete

        draft = instrument_version_draft_create(version=build_version(sections=1))
        with pytest.raises(ApplicationError, match="at least one section"):
            section_delete(section=draft.sections.get())
        assert draft.sections.count() == 1

    def test_removing_a_draft_section_leaves_the_published_version_whole(self):
        from diagnostics.instruments.services import section_delete

        published = build_version(sections=2, items_per_section=3)
        draft = instrument_version_draft_create(version=published)
        section_delete(section=draft.sections.first())
        assert published.sections.count() == 2
        assert Item.objects.filter(section__version=published).count() == 6

    def test_a_section_needs_a_title(self):
        from diagnostics.instruments.services import section_create

        draft = instrument_version_draft_create(version=build_version())
        with pytest.raises(ValidationError):
            section_create(version=draft, title="   ")


class TestCommentQuestionEditing:
    def test_add_change_and_remove_comment_questions(self):
        from diagnostics.instruments.services import (
            comment_question_create,
            comment_question_delete,
            comment_question_update,
        )

        draft = instrument_version_draft_create(version=build_version(comment_questions=1))
        first = draft.comment_questions.get()
        added = comment_question_create(version=draft, code="C-NEW", text=" What would help? ")
        assert (added.position, added.text) == (2, "What would help?")
        comment_question_update(question=added, text="What one thing would help most?")
        added.refresh_from_db()
        assert added.text == "What one thing would help most?"
        comment_question_delete(question=first)
        assert list(draft.comment_questions.values_list("code", "position")) == [("C-NEW", 1)]

    def test_codes_are_unique_across_questions_and_comment_questions(self):
        from diagnostics.instruments.services import comment_question_create, item_create

        draft = instrument_version_draft_create(version=build_version(comment_questions=1))
        item_code = Item.objects.filter(section__version=draft).first().code
        comment_code = draft.comment_questions.get().code
        for code in (item_code, comment_code):
            with pytest.raises(ValidationError, match="has that code"):
                comment_question_create(version=draft, code=code, text="Again?")
        with pytest.raises(ValidationError, match="has that code"):
            item_create(
                section=draft.sections.first(),
                code=comment_code,
                text="Clash",
                element="teamwork",
                polarity="positive",
                scale="agreement",
                required=True,
            )

    def test_an_empty_comment_question_is_refused(self):
        from diagnostics.instruments.services import comment_question_create

        draft = instrument_version_draft_create(version=build_version())
        with pytest.raises(ValidationError):
            comment_question_create(version=draft, code="C-EMPTY", text="  ")
        assert not draft.comment_questions.filter(code="C-EMPTY").exists()


def test_a_version_with_an_empty_section_is_not_published():
    from diagnostics.instruments.services import section_create

    draft = instrument_version_draft_create(version=build_version())
    section_create(version=draft, title="Wellbeing")
    with pytest.raises(ApplicationError, match="Section Wellbeing has no questions"):
        instrument_version_publish(version=draft)
    draft.refresh_from_db()
    assert not draft.is_published
