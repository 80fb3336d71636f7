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
    Response,
    Section,
    SubmissionReceipt,
    SurveyDraft,
    Wave,
)
from diagnostics.selectors import survey_comment_questions, survey_sections
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


def _usable_code(wave: Wave, typed: str) -> str:
    if not is_well_formed(typed):
        raise ApplicationError("code_wrong")
    hashed = code_hash(typed, purpose=INVITATION_PURPOSE)
    code = InvitationCode.objects.filter(wave=wave, code_hash=hashed).first()
    if code is None:
        raise ApplicationError("code_wrong")
    if code.used:
        raise ApplicationError("code_used")
    return hashed


@transaction.atomic
def survey_draft_start(*, wave: Wave, invitation_code: str = "") -> SurveyDraft:
    _ensure_open(wave)
    hashed = ""
    if invitation_code or not wave.accepts_open_link:
        hashed = _usable_code(wave, invitation_code)
    return SurveyDraft.objects.create(
        wave=wave,
        token=secrets.token_urlsafe(32),
        invitation_code_hash=hashed,
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
            if draft.invitation_code_hash:
                marked = InvitationCode.objects.filter(
                    wave=draft.wave, code_hash=draft.invitation_code_hash, used=False
                ).update(used=True)
                if marked != 1:
                    raise ApplicationError("code_used")
            _store_response(draft)
            draft.delete()
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
    comments = [
        Comment(wave=wave, question_id=int(qid), text=redact_identifiers(text))
        for qid, text in draft.comments.items()
        if int(qid) in questions
    ]
    random.shuffle(comments)  # noqa: S311 - order carries no meaning, and must not
    Comment.objects.bulk_create(comments)
