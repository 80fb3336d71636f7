"""The respondent's side: start, save, resume and submit. Nothing here learns who answered."""

import random
import secrets
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from core.codes import code_hash, is_well_formed, keyed_hash, new_code
from core.exceptions import ApplicationError
from core.redaction import redact_identifiers
from diagnostics.constants import WaveStatus
from diagnostics.models import (
    Answer,
    Comment,
    InvitationCode,
    Item,
    PendingComment,
    Response,
    Section,
    SubmissionReceipt,
    SurveyDraft,
    Wave,
)
from diagnostics.selectors import survey_comment_questions, survey_sections
from diagnostics.services.results import wave_results_request_refresh
from diagnostics.services.waves import INVITATION_PURPOSE

RESUME_PURPOSE = "resume"
MAX_COMMENT_LENGTH = 2000


class SurveyClosed(ApplicationError):
    """The wave does not accept answers now; `reason` says why for the page to explain."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def survey_closed_reason(wave: Wave, now: datetime | None = None) -> str | None:
    now = now or timezone.now()
    if wave.status == WaveStatus.CLOSED or wave.closes_at <= now:
        return "closed"
    if wave.status != WaveStatus.OPEN or wave.opens_at > now:
        return "not_open"
    return None


def _ensure_open(wave: Wave) -> None:
    reason = survey_closed_reason(wave)
    if reason:
        raise SurveyClosed(reason)


@transaction.atomic
def survey_draft_start(*, wave: Wave, invitation_code: str = "") -> SurveyDraft:
    """Start answering. An invitation code is used up here, when the survey is started, not
    when the answers are sent: so the code's row never changes in the transaction that
    stores a response, and nothing in the database ties the two together. Starting again
    with the same code (another device, a lost page) carries on with the same answers."""
    _ensure_open(wave)
    if not invitation_code and wave.accepts_open_link:
        return _new_draft(wave, code_hash_=None)
    if not is_well_formed(invitation_code):
        raise ApplicationError("code_wrong")
    hashed = code_hash(invitation_code, purpose=INVITATION_PURPOSE)
    code = InvitationCode.objects.select_for_update().filter(wave=wave, code_hash=hashed).first()
    if code is None:
        raise ApplicationError("code_wrong")
    if code.used:
        started = SurveyDraft.objects.filter(wave=wave, invitation_code_hash=hashed).first()
        if started is None:
            raise ApplicationError("code_used")
        started.token = secrets.token_urlsafe(32)
        started.save(update_fields=["token"])
        return started
    code.used = True
    code.save(update_fields=["used"])
    return _new_draft(wave, code_hash_=hashed)


def _new_draft(wave: Wave, *, code_hash_: str | None) -> SurveyDraft:
    return SurveyDraft.objects.create(
        wave=wave,
        token=secrets.token_urlsafe(32),
        invitation_code_hash=code_hash_ or "",
        expires_at=wave.closes_at,
    )


@transaction.atomic
def survey_draft_save_answers(
    *, draft: SurveyDraft, section: Section, answers: dict[int, int], comments: dict[int, str]
) -> SurveyDraft:
    _ensure_open(draft.wave)
    item_ids = set(section.items.values_list("pk", flat=True))
    for item_id in item_ids:
        draft.answers.pop(str(item_id), None)
    for item_id, value in answers.items():
        if item_id not in item_ids or value not in range(1, 6):
            raise ApplicationError("That answer does not belong to this page.")
        draft.answers[str(item_id)] = value
    for question_id, text in comments.items():
        text = text.strip()[:MAX_COMMENT_LENGTH]
        if text:
            draft.comments[str(question_id)] = text
        else:
            draft.comments.pop(str(question_id), None)
    draft.save(update_fields=["answers", "comments"])
    return draft


@transaction.atomic
def survey_draft_save_demographics(*, draft: SurveyDraft, demographics: dict) -> SurveyDraft:
    _ensure_open(draft.wave)
    draft.demographics = {key: value for key, value in demographics.items() if value}
    draft.save(update_fields=["demographics"])
    return draft


@transaction.atomic
def survey_resume_code_issue(*, draft: SurveyDraft) -> str:
    """A new resume code for the draft (any earlier one stops working)."""
    code = new_code()
    draft.resume_code_hash = code_hash(code, purpose=RESUME_PURPOSE)
    draft.save(update_fields=["resume_code_hash"])
    return code


@transaction.atomic
def survey_draft_resume(*, wave: Wave, code: str) -> SurveyDraft:
    """Carry on with a saved draft. The code works once and the draft gets a new token, so
    the device that saved it can no longer reach it."""
    _ensure_open(wave)
    if not is_well_formed(code):
        raise ApplicationError("resume_wrong")
    draft = (
        SurveyDraft.objects.select_for_update()
        .filter(wave=wave, resume_code_hash=code_hash(code, purpose=RESUME_PURPOSE))
        .first()
    )
    if draft is None or draft.expires_at <= timezone.now():
        raise ApplicationError("resume_wrong")
    draft.token = secrets.token_urlsafe(32)
    draft.resume_code_hash = None
    draft.save(update_fields=["token", "resume_code_hash"])
    return draft


def _version_items(version) -> list[Item]:
    # A published version never changes, so its items come from the per-process cache.
    return [item for section in survey_sections(version) for item in section.items.all()]


def _missing_required(draft: SurveyDraft) -> list[Item]:
    return [
        item
        for item in _version_items(draft.wave.version)
        if item.required and str(item.pk) not in draft.answers
    ]


def submission_receipt_exists(*, token: str) -> bool:
    """Was a draft with this token submitted? (It is deleted then; its receipt stays.)"""
    return SubmissionReceipt.objects.filter(key_hash=submission_key_hash(token)).exists()


def submission_key_hash(key) -> str:
    # Keyed, so a copy of the database alone cannot test a token against the receipts.
    return keyed_hash(str(key), purpose="submission")


def survey_response_submit(*, token: str) -> bool:
    """Store the draft as one anonymous response. True if stored now, False if it had been
    stored already (a second tab, a re-POST or a retry). Safe under concurrent calls."""
    try:
        with transaction.atomic():
            draft = (
                SurveyDraft.objects.select_for_update(of=("self",))
                .select_related("wave__version")
                .filter(token=token)
                .first()
            )
            if draft is None:
                return False
            _ensure_open(draft.wave)
            if _missing_required(draft):
                raise ApplicationError("incomplete")
            SubmissionReceipt.objects.create(
                wave=draft.wave, key_hash=submission_key_hash(draft.token)
            )
            _store_response(draft)
            draft.delete()
            wave_results_request_refresh(wave_id=draft.wave_id)
    except IntegrityError:
        # Another request stored this draft's submission key first.
        return False
    return True


def _store_response(draft: SurveyDraft) -> None:
    wave = draft.wave
    valid_items = {item.pk for item in _version_items(wave.version)}
    response = Response.objects.create(
        wave=wave,
        submitted_on=timezone.localdate(),
        directorate=draft.demographics.get("directorate", ""),
        staff_group=draft.demographics.get("staff_group", ""),
        band=draft.demographics.get("band", ""),
    )
    answers = []
    for item_id, value in draft.answers.items():
        if int(item_id) not in valid_items or value not in range(1, 6):
            raise ApplicationError("That answer does not belong to this survey.")
        answers.append(Answer(response=response, item_id=int(item_id), value=value))
    Answer.objects.bulk_create(answers)
    questions = {question.pk for question in survey_comment_questions(wave.version)}
    PendingComment.objects.bulk_create(
        PendingComment(wave=wave, question_id=int(qid), text=redact_identifiers(text))
        for qid, text in draft.comments.items()
        if int(qid) in questions
    )


@transaction.atomic
def comments_release(*, wave: Wave, everything: bool = False) -> int:
    """Move a wave's waiting comments into Comment, in a random order, once at least k are
    waiting (or all of them when the wave closes). Safe to run twice: what is released is
    no longer waiting."""
    pending = list(PendingComment.objects.select_for_update().filter(wave=wave))
    if not pending or (len(pending) < wave.threshold_k and not everything):
        return 0
    random.shuffle(pending)  # noqa: S311 - order carries no meaning, and must not
    Comment.objects.bulk_create(
        Comment(wave=wave, question_id=p.question_id, text=p.text) for p in pending
    )
    PendingComment.objects.filter(pk__in=[p.pk for p in pending]).delete()
    return len(pending)
