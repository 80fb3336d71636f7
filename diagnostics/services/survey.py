"""The respondent's side: start, save, resume and submit. Nothing here learns who answered."""

import random
import secrets
from datetime import datetime

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from core.codes import code_hash, is_well_formed, keyed_hash, new_code
from core.exceptions import ApplicationError
from core.redaction import redact_identifiers
from diagnostics.constants import PREFER_NOT_TO_SAY, WaveStatus
from diagnostics.models import (
    Answer,
    Comment,
    CommentEnvelope,
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
    """Start answering. An invitation code starts a survey once and is used up here, when
    the survey is started, not when the answers are sent: so the code's row never changes
    in the transaction that stores a response. The draft keeps nothing of the code, so a
    code typed again (by anyone holding the code list) reaches nobody's answers: a used
    code and an unknown one get the same "code_wrong". The respondent carries on with their
    own resume code instead."""
    _ensure_open(wave)
    if not invitation_code and wave.accepts_open_link:
        return _new_draft(wave)
    if not is_well_formed(invitation_code):
        raise ApplicationError("code_wrong")
    hashed = code_hash(invitation_code, purpose=INVITATION_PURPOSE)
    used = InvitationCode.objects.filter(wave=wave, code_hash=hashed, used=False).update(used=True)
    if not used:
        raise ApplicationError("code_wrong")
    return _new_draft(wave)


def _new_draft(wave: Wave) -> SurveyDraft:
    return SurveyDraft.objects.create(
        wave=wave, token=secrets.token_urlsafe(32), expires_at=wave.closes_at
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
        if value is None or value == "":
            continue  # an optional question left blank is no answer
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
    stored already (a second tab, a re-POST or a retry). Safe under concurrent calls.

    Nothing here writes a log line, queues a task or asks for a results refresh: figures
    are published once, at close, so nothing is timed by a response (docs/anonymity.md)."""
    wave_id = SurveyDraft.objects.filter(token=token).values_list("wave_id", flat=True).first()
    if wave_id is None:
        return False
    try:
        with transaction.atomic():
            # The wave first, then the draft: the order a close takes them in, so the two
            # never wait on each other.
            _hold_open(wave_id)
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
    except IntegrityError:
        # Another request stored this draft's submission key first.
        return False
    return True


def _hold_open(wave_id: int) -> None:
    """Keep the wave as it is until this transaction ends: a share lock on its row makes a
    close wait for the submits in flight, so the final count at close includes every
    response that was accepted; a submit that waited sees the close. Submits do not wait
    for one another."""
    _wave_status_locked(wave_id, "SHARE")


WAVE_ROW_LOCKS = {
    "SHARE": "SELECT status FROM diagnostics_wave WHERE id = %s FOR SHARE",
    "KEY SHARE": "SELECT status FROM diagnostics_wave WHERE id = %s FOR KEY SHARE",
}


def _wave_status_locked(wave_id: int, lock: str) -> str | None:
    """The wave's status, its row locked FOR SHARE or FOR KEY SHARE until this transaction
    ends (on PostgreSQL; SQLite writes one transaction at a time anyway)."""
    if connection.vendor != "postgresql":
        return Wave.objects.filter(pk=wave_id).values_list("status", flat=True).first()
    with connection.cursor() as cursor:
        cursor.execute(WAVE_ROW_LOCKS[lock], [wave_id])
        row = cursor.fetchone()
    return row[0] if row else None


def _store_response(draft: SurveyDraft) -> None:
    wave = draft.wave
    valid_items = {item.pk for item in _version_items(wave.version)}
    # A question about the respondent that was asked but skipped (the about-you page left
    # out) counts as "prefer not to say": a group of its own would tell that someone did.
    asked = {str(d) for d in wave.demographics_asked}
    group = {
        d: draft.demographics.get(d) or (PREFER_NOT_TO_SAY if d in asked else "")
        for d in ("directorate", "staff_group", "band")
    }
    response = Response.objects.create(wave=wave, submitted_on=timezone.localdate(), **group)
    answers = []
    for item_id, value in draft.answers.items():
        if int(item_id) not in valid_items or value not in range(1, 6):
            raise ApplicationError("That answer does not belong to this survey.")
        answers.append(Answer(response=response, item_id=int(item_id), value=value))
    random.shuffle(answers)  # noqa: S311 - the order rows are written in means nothing
    Answer.objects.bulk_create(answers)
    questions = {question.pk for question in survey_comment_questions(wave.version)}
    texts = {qid: text for qid, text in draft.comments.items() if int(qid) in questions}
    if texts:
        # Only an envelope here: the comment rows are written later, in a transaction of
        # their own, by the minutely filing task or the close (CommentEnvelope says why).
        CommentEnvelope.objects.create(wave=wave, texts=texts)


def comment_envelopes_file(*, wave: Wave | None = None) -> int:
    """File the waiting envelopes' comments (of one wave, or of every open wave), redacted,
    as PendingComment rows, one shuffled batch per wave, and delete the envelopes. Many
    respondents' comments share a batch, so neither a transaction id nor an order ties one
    to its response. Safe to run twice, or beside a close: see _file_for."""
    if wave is not None:
        return _file_for(wave.pk, closing=True)
    waves = CommentEnvelope.objects.values_list("wave_id", flat=True).distinct()
    return sum(_file_for(wave_id, closing=False) for wave_id in list(waves))


def _file_for(wave_id: int, *, closing: bool) -> int:
    """One wave's envelopes, in a transaction of their own (or the close's). The minutely
    run first takes a key-share lock on the wave and files nothing for a closed one; the
    close holds the wave for update. So a close and a filing run never overlap: the close
    files what the run has not, and the run leaves a closed wave alone."""
    with transaction.atomic():
        if not closing and _wave_status_locked(wave_id, "KEY SHARE") != WaveStatus.OPEN:
            return 0
        envelopes = list(CommentEnvelope.objects.select_for_update().filter(wave_id=wave_id))
        pending = [
            PendingComment(wave_id=wave_id, question_id=int(qid), text=redact_identifiers(text))
            for envelope in envelopes
            for qid, text in envelope.texts.items()
        ]
        random.shuffle(pending)  # noqa: S311 - order carries no meaning, and must not
        PendingComment.objects.bulk_create(pending)
        CommentEnvelope.objects.filter(pk__in=[e.pk for e in envelopes]).delete()
    return len(pending)


@transaction.atomic
def comments_release(*, wave: Wave) -> dict[int, int]:
    """At close: each question's comments are released together, in a random order, if at
    least k people answered it; otherwise they are withheld, deleted unread. Returns
    {question id: comments released}. Safe to run twice: nothing is left waiting."""
    comment_envelopes_file(wave=wave)
    pending = list(PendingComment.objects.select_for_update().filter(wave=wave))
    by_question: dict[int, list[PendingComment]] = {}
    for comment in pending:
        by_question.setdefault(comment.question_id, []).append(comment)
    released: dict[int, int] = {}
    comments = []
    for question_id, texts in by_question.items():
        if len(texts) < wave.threshold_k:
            continue
        released[question_id] = len(texts)
        comments += [Comment(wave=wave, question_id=question_id, text=c.text) for c in texts]
    random.shuffle(comments)  # noqa: S311 - order carries no meaning, and must not
    Comment.objects.bulk_create(comments)
    PendingComment.objects.filter(wave=wave).delete()
    return released
