"""Survey writes: waves and their status, and comments released at close."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from diagnostics.constants import WaveStatus
from diagnostics.instruments.services import (
    instrument_version_draft_create,
)
from diagnostics.surveys.models import SurveyDraft
from diagnostics.surveys.services import survey_draft_start, wave_create, wave_status_change
from diagnostics.tasks import advance_wave_statuses
from tests.diagnostics.factories import WaveFactory, build_version

pytestmark = pytest.mark.django_db


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


class TestMainSurvey:
    def test_marking_a_survey_replaces_the_main_survey_of_the_same_year_only(
        self, trust_a, od_lead_a, programme_a
    ):
        from core.models import AuditEvent
        from diagnostics.surveys.services import wave_main_survey_mark
        from programmes.models import ActivityEntry
        from tests.diagnostics.factories import published_wave

        june = timezone.now().replace(year=2025, month=6, day=30, hour=12, minute=0)
        first = published_wave(trust_a, closes=june, responses=420, title="Staff survey")
        pulse = published_wave(
            trust_a, closes=june + timedelta(days=60), responses=13, title="Pulse"
        )
        year = 2025
        wave_main_survey_mark(wave=first, actor=od_lead_a)
        marked = wave_main_survey_mark(wave=pulse, actor=od_lead_a)
        first.refresh_from_db()
        assert (marked.main_of_year, first.main_of_year) == (year, None)
        event = AuditEvent.objects.filter(action="diagnostics.main_survey_marked").latest("pk")
        assert event.detail == {"wave": pulse.pk, "main_of_year": year, "replaced": first.pk}
        assert ActivityEntry.objects.filter(
            programme=programme_a,
            summary=f"Made ‘Pulse’ the main survey of {year} in place of ‘Staff survey’",
        ).exists()
        last_year = published_wave(trust_a, closes=june.replace(year=2024), responses=300)
        last_year = wave_main_survey_mark(wave=last_year, actor=od_lead_a)
        pulse.refresh_from_db()
        assert (pulse.main_of_year, last_year.main_of_year) == (2025, 2024)

    def test_marking_twice_changes_nothing_and_clearing_is_recorded(self, trust_a, od_lead_a):
        from core.models import AuditEvent
        from diagnostics.surveys.services import wave_main_survey_clear, wave_main_survey_mark
        from tests.diagnostics.factories import published_wave

        wave = published_wave(trust_a, closed_days_ago=5, responses=50)
        wave_main_survey_mark(wave=wave, actor=od_lead_a)
        wave_main_survey_mark(wave=wave, actor=od_lead_a)
        assert AuditEvent.objects.filter(action="diagnostics.main_survey_marked").count() == 1
        cleared = wave_main_survey_clear(wave=wave, actor=od_lead_a)
        wave_main_survey_clear(wave=wave, actor=od_lead_a)
        assert cleared.main_of_year is None
        [event] = AuditEvent.objects.filter(action="diagnostics.main_survey_cleared")
        assert event.detail["was_main_of"] == wave.closing_year

    @pytest.mark.parametrize(
        ("status", "responses", "final"),
        [
            (WaveStatus.OPEN, 50, False),
            (WaveStatus.CLOSED, 0, True),  # closed below k: never any figures
            (WaveStatus.CLOSED, 50, False),  # still being worked out
        ],
    )
    def test_only_a_closed_survey_with_published_figures_can_be_marked(
        self, trust_a, od_lead_a, status, responses, final
    ):
        from core.exceptions import ApplicationError
        from diagnostics.surveys.services import wave_main_survey_mark
        from tests.diagnostics.factories import published_wave

        wave = published_wave(trust_a, closed_days_ago=5, responses=responses, final=final)
        wave.status = status
        wave.save()
        with pytest.raises(ApplicationError, match="published figures"):
            wave_main_survey_mark(wave=wave, actor=od_lead_a)
        wave.refresh_from_db()
        assert wave.main_of_year is None

    def test_the_database_holds_one_main_survey_a_year_per_trust(self, trust_a, trust_b):
        from django.db import IntegrityError, transaction

        from tests.diagnostics.factories import published_wave

        published_wave(trust_a, closed_days_ago=5, responses=50, main_of_year=2026)
        published_wave(trust_b, closed_days_ago=5, responses=50, main_of_year=2026)
        with pytest.raises(IntegrityError), transaction.atomic():
            published_wave(trust_a, closed_days_ago=6, responses=50, main_of_year=2026)
