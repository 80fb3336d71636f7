from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.exceptions import ApplicationError
from diagnostics.constants import VersionStatus, WaveStatus
from diagnostics.instruments.content import LEADERSHIP_BEHAVIOURS_SURVEY, WHOLE_STAFF_SURVEY
from diagnostics.instruments.models import Instrument, InstrumentVersion, Item
from diagnostics.instruments.services import (
    instrument_version_draft_create,
    instrument_version_publish,
    instruments_shipped_load,
    item_update,
)
from diagnostics.surveys.models import SurveyDraft
from diagnostics.surveys.services import survey_draft_start, wave_create, wave_status_change
from diagnostics.tasks import advance_wave_statuses
from programmes.constants import Element
from tests.diagnostics.factories import WaveFactory, build_version

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


class TestWaves:
    def test_only_a_national_admin_may_lower_k_and_never_below_5(
        self, trust_a, od_lead_a, national_admin
    ):
        version = build_version()
        times = {
            "opens_at": timezone.now() + timedelta(days=1),
            "closes_at": timezone.now() + timedelta(days=10),
        }
        common = {"trust": trust_a, "version": version, "title": "W", "access_mode": "open"}
        with pytest.raises(ValidationError, match="Only a national admin"):
            wave_create(actor=od_lead_a, threshold_k=10, **common, **times)
        assert wave_create(actor=national_admin, threshold_k=5, **common, **times).threshold_k == 5
        with pytest.raises(ValidationError):
            wave_create(actor=national_admin, threshold_k=4, **common, **times)

    def test_a_draft_instrument_version_cannot_be_used(self, trust_a, od_lead_a):
        draft = instrument_version_draft_create(version=build_version())
        with pytest.raises(ValidationError, match="published survey"):
            wave_create(
                trust=trust_a,
                actor=od_lead_a,
                version=draft,
                title="W",
                access_mode="open",
                threshold_k=11,
                opens_at=timezone.now(),
                closes_at=timezone.now() + timedelta(1),
            )

    def test_scheduling_a_wave_whose_time_has_come_opens_it(self, trust_a):
        wave = WaveFactory(trust=trust_a, status=WaveStatus.DRAFT)
        assert wave_status_change(wave=wave, to=WaveStatus.SCHEDULED).status == WaveStatus.OPEN

    def test_beat_opens_and_closes_waves_on_time_and_twice_is_harmless(self, trust_a):
        now = timezone.now()
        due = WaveFactory(
            trust=trust_a, status=WaveStatus.SCHEDULED, opens_at=now - timedelta(minutes=1)
        )
        later = WaveFactory(
            trust=trust_a, status=WaveStatus.SCHEDULED, opens_at=now + timedelta(hours=1)
        )
        ending = WaveFactory(trust=trust_a, status=WaveStatus.OPEN)
        survey_draft_start(wave=ending)
        ending.closes_at = now - timedelta(seconds=1)
        ending.save()
        first = advance_wave_statuses.delay().get()
        second = advance_wave_statuses.delay().get()
        assert first == {"opened": 1, "closed": 1}
        assert second == {"opened": 0, "closed": 0}
        statuses = {w.pk: w.status for w in (due, later, ending) if not w.refresh_from_db()}
        assert statuses == {
            due.pk: WaveStatus.OPEN,
            later.pk: WaveStatus.SCHEDULED,
            ending.pk: WaveStatus.CLOSED,
        }
        assert not SurveyDraft.objects.filter(wave=ending).exists()


class TestCommentRelease:
    def pending(self, wave, count, question=None):
        from diagnostics.surveys.models import PendingComment

        question = question or wave.version.comment_questions.first()
        PendingComment.objects.bulk_create(
            PendingComment(wave=wave, question=question, text=f"comment {n}") for n in range(count)
        )

    def test_nothing_is_released_while_open_however_many_wait(self, trust_a):
        from diagnostics.surveys.models import Comment
        from diagnostics.tasks import file_waiting_comments

        wave = WaveFactory(trust=trust_a, status=WaveStatus.OPEN)
        self.pending(wave, 3 * wave.threshold_k)
        file_waiting_comments.delay().get()
        assert not Comment.objects.exists()

    def test_at_close_a_question_answered_by_k_is_released_whole_and_fewer_withheld(self, trust_a):
        from diagnostics.surveys.models import Comment, PendingComment
        from diagnostics.surveys.services import comments_release

        wave = WaveFactory(
            trust=trust_a,
            status=WaveStatus.OPEN,
            version=build_version(sections=1, items_per_section=1, comment_questions=2),
        )
        many, few = wave.version.comment_questions.order_by("position")
        self.pending(wave, wave.threshold_k, question=many)
        self.pending(wave, 1, question=few)  # one comment alone would single its writer out
        wave_status_change(wave=wave, to=WaveStatus.CLOSED)
        assert Comment.objects.filter(question=many).count() == wave.threshold_k
        assert not Comment.objects.filter(question=few).exists()
        assert not PendingComment.objects.exists()  # withheld comments are deleted unread
        assert comments_release(wave=wave) == {}  # twice is harmless

    def test_filing_waiting_comments_twice_files_them_once(self, trust_a):
        from diagnostics.surveys.models import CommentEnvelope, PendingComment
        from diagnostics.tasks import file_waiting_comments

        wave = WaveFactory(trust=trust_a, status=WaveStatus.OPEN)
        question = wave.version.comment_questions.first()
        for text in ("Ask Dr Jane Smithson: 07700 900123", "Fine", "Good team"):
            CommentEnvelope.objects.create(wave=wave, texts={str(question.pk): text})
        file_waiting_comments.delay()
        file_waiting_comments.delay()  # twice: nothing is filed twice
        assert not CommentEnvelope.objects.exists()
        assert PendingComment.objects.count() == 3
        texts = set(PendingComment.objects.values_list("text", flat=True))
        assert "Fine" in texts and not any("07700" in t for t in texts)
        assert "Ask Dr [name removed]: [phone number removed]" in texts

    def test_the_minutely_run_leaves_a_closed_waves_envelopes_to_its_close(self, trust_a):
        from diagnostics.surveys.models import CommentEnvelope, PendingComment
        from diagnostics.tasks import file_waiting_comments

        wave = WaveFactory(trust=trust_a, status=WaveStatus.CLOSED)
        question = wave.version.comment_questions.first()
        CommentEnvelope.objects.create(wave=wave, texts={str(question.pk): "Late"})
        file_waiting_comments.delay()
        assert not PendingComment.objects.exists()  # never pending after its close


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
