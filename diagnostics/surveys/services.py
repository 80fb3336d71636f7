"""Writes for running a survey: waves and their status, directorates, headcounts and
invitation codes (staff), and the respondent's side: start, save, resume and submit.
Nothing on the respondent's side learns who answered."""

import random
import secrets
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import Trust, User
from core.audit import audit_event_record
from core.codes import code_hash, is_well_formed, keyed_hash, new_code
from core.exceptions import ApplicationError
from core.redaction import redact_identifiers
from diagnostics.constants import (
    DEFAULT_THRESHOLD_K,
    MAX_COMMENT_LENGTH,
    PREFER_NOT_TO_SAY,
    WaveStatus,
)
from diagnostics.instruments.models import InstrumentVersion, Item, Section
from diagnostics.instruments.selectors import survey_comment_questions, survey_sections
from diagnostics.surveys.models import (
    Answer,
    Comment,
    CommentEnvelope,
    Directorate,
    Headcount,
    InvitationBatch,
    InvitationCode,
    PendingComment,
    Response,
    SubmissionReceipt,
    SurveyDraft,
    Wave,
)
from diagnostics.surveys.publication import request_final_figures
from diagnostics.surveys.selectors import wave_figures_published
from programmes.models import Programme
from programmes.services import activity_record

INVITATION_PURPOSE = "invitation"


MAX_BATCH_SIZE = 5000


EDITABLE_STATUSES = (WaveStatus.DRAFT, WaveStatus.SCHEDULED)


def _check_threshold(*, threshold_k: int, actor: User, current: int | None = None) -> None:
    # A wave a national admin set below 11 may be saved again at that size by its OD lead.
    floor = DEFAULT_THRESHOLD_K if current is None else min(current, DEFAULT_THRESHOLD_K)
    if threshold_k < floor and not actor.is_national_admin:
        raise ValidationError(
            {"threshold_k": (f"Only a national admin can set the minimum group size below {floor}")}
        )


def _new_slug(trust: Trust) -> str:
    return f"{trust.ods_code.lower()}-{secrets.token_urlsafe(6).lower().replace('_', 'x')}"


@transaction.atomic
def directorate_create(*, trust: Trust, name: str) -> Directorate:
    directorate = Directorate(trust=trust, name=name.strip(), code=slugify(name)[:60])
    directorate.full_clean()
    directorate.save()
    return directorate


@transaction.atomic
def wave_create(
    *,
    trust: Trust,
    actor: User,
    version: InstrumentVersion,
    title: str,
    opens_at: datetime,
    closes_at: datetime,
    threshold_k: int,
    access_mode: str,
    intro_text: str = "",
    ask_directorate: bool = True,
    ask_staff_group: bool = True,
    ask_band: bool = True,
    directorates=(),
) -> Wave:
    if not version.is_published:
        raise ValidationError({"version": "Choose a published survey"})
    _check_threshold(threshold_k=threshold_k, actor=actor)
    wave = Wave(
        trust=trust,
        version=version,
        title=title.strip(),
        slug=_new_slug(trust),
        opens_at=opens_at,
        closes_at=closes_at,
        threshold_k=threshold_k,
        access_mode=access_mode,
        intro_text=intro_text.strip(),
        ask_directorate=ask_directorate,
        ask_staff_group=ask_staff_group,
        ask_band=ask_band,
        created_by=actor,
    )
    wave.full_clean()
    wave.save()
    wave.directorates.set(directorates or trust.directorates.all())
    return wave


@transaction.atomic
def wave_update(*, wave: Wave, actor: User, directorates=None, **fields) -> Wave:
    wave = Wave.objects.select_for_update().get(pk=wave.pk)
    if wave.status not in EDITABLE_STATUSES:
        raise ApplicationError("An open or closed survey cannot be changed.")
    if "threshold_k" in fields:
        _check_threshold(threshold_k=fields["threshold_k"], actor=actor, current=wave.threshold_k)
    for name, value in fields.items():
        setattr(wave, name, value)
    wave.full_clean()
    wave.save()
    if directorates is not None:
        wave.directorates.set(directorates)
    return wave


def _close(wave: Wave, now: datetime) -> None:
    wave.status = WaveStatus.CLOSED
    wave.closes_at = min(wave.closes_at, now)
    # Drafts expire at close: unsent answers are not kept.
    SurveyDraft.objects.filter(wave=wave).delete()
    comments_release(wave=wave)
    # The final figures, published once: computed when the close has committed. The caller
    # holds the wave's row lock, taken after every submit in flight had finished.
    request_final_figures(wave_id=wave.pk)


@transaction.atomic
def wave_status_change(*, wave: Wave, to: str, now: datetime | None = None) -> Wave:
    """Move a wave by hand: schedule, unschedule, open now or close now."""
    now = now or timezone.now()
    wave = Wave.objects.select_for_update().get(pk=wave.pk)
    allowed = {
        WaveStatus.DRAFT: {WaveStatus.SCHEDULED, WaveStatus.OPEN},
        WaveStatus.SCHEDULED: {WaveStatus.DRAFT, WaveStatus.OPEN},
        WaveStatus.OPEN: {WaveStatus.CLOSED},
        WaveStatus.CLOSED: set(),
    }[wave.status]
    if to not in allowed:
        raise ApplicationError(
            f"A {wave.get_status_display().lower()} survey cannot be made "
            f"{WaveStatus(to).label.lower()}."
        )
    if to in (WaveStatus.OPEN, WaveStatus.SCHEDULED) and wave.closes_at <= now:
        raise ApplicationError("The closing date has passed. Change it before opening.")
    if to == WaveStatus.OPEN:
        wave.opens_at = min(wave.opens_at, now)
        wave.status = WaveStatus.OPEN
    elif to == WaveStatus.SCHEDULED:
        wave.status = WaveStatus.OPEN if wave.opens_at <= now else WaveStatus.SCHEDULED
    elif to == WaveStatus.CLOSED:
        _close(wave, now)
    else:
        wave.status = to
    wave.save()
    return wave


def _main_survey_recorded(
    *, wave: Wave, actor: User, action: str, summary: str, detail: dict
) -> None:
    audit_event_record(
        actor=actor,
        action=action,
        target=f"{wave.trust.name}: {wave.title}",
        detail={"wave": wave.pk, **detail},
    )
    # The programme overview shows who changed what; its headline follows this choice.
    programme = Programme.objects.filter(trust=wave.trust_id, closed_on__isnull=True).first()
    if programme is not None:
        activity_record(programme=programme, actor=actor, summary=summary)


@transaction.atomic
def wave_main_survey_mark(*, wave: Wave, actor: User) -> Wave:
    """Make a closed survey with published figures its trust's main survey of the year it
    closed, in place of any other that year."""
    # The trust's row first: two marks for one year at once are taken one after the other.
    Trust.objects.select_for_update().get(pk=wave.trust_id)
    wave = Wave.objects.select_for_update().select_related("trust").get(pk=wave.pk)
    if not wave_figures_published(wave):
        raise ApplicationError(
            "Only a closed survey with published figures can be the main survey of its year."
        )
    year = wave.closing_year
    if wave.main_of_year == year:
        return wave
    replaced = Wave.objects.filter(trust=wave.trust_id, main_of_year=year).first()
    if replaced is not None:
        replaced.main_of_year = None
        replaced.save(update_fields=["main_of_year", "updated_at"])
    wave.main_of_year = year
    wave.save(update_fields=["main_of_year", "updated_at"])
    instead = f" in place of ‘{replaced.title}’" if replaced else ""
    _main_survey_recorded(
        wave=wave,
        actor=actor,
        action="diagnostics.main_survey_marked",
        summary=f"Made ‘{wave.title}’ the main survey of {year}{instead}",
        detail={"main_of_year": year, "replaced": replaced.pk if replaced else None},
    )
    return wave


@transaction.atomic
def wave_main_survey_clear(*, wave: Wave, actor: User) -> Wave:
    """Stop treating a survey as its year's main survey: the headline goes back to the
    largest recent survey unless another is marked."""
    Trust.objects.select_for_update().get(pk=wave.trust_id)
    wave = Wave.objects.select_for_update().select_related("trust").get(pk=wave.pk)
    if wave.main_of_year is None:
        return wave
    year, wave.main_of_year = wave.main_of_year, None
    wave.save(update_fields=["main_of_year", "updated_at"])
    _main_survey_recorded(
        wave=wave,
        actor=actor,
        action="diagnostics.main_survey_cleared",
        summary=f"‘{wave.title}’ is no longer the main survey of {year}",
        detail={"main_of_year": None, "was_main_of": year},
    )
    return wave


def wave_statuses_advance(*, now: datetime | None = None) -> dict[str, int]:
    """Open scheduled waves whose time has come and close open ones past their end. Each
    close is a transaction of its own, so one that fails holds up no other."""
    now = now or timezone.now()
    with transaction.atomic():
        opened = Wave.objects.filter(
            status=WaveStatus.SCHEDULED, opens_at__lte=now, closes_at__gt=now
        ).update(status=WaveStatus.OPEN)
    due = Wave.objects.filter(
        status__in=(WaveStatus.OPEN, WaveStatus.SCHEDULED), closes_at__lte=now
    ).values_list("pk", flat=True)
    closed = 0
    for wave_id in list(due):
        with transaction.atomic():
            wave = (
                Wave.objects.select_for_update()
                .filter(
                    pk=wave_id,
                    status__in=(WaveStatus.OPEN, WaveStatus.SCHEDULED),
                    closes_at__lte=now,
                )
                .first()
            )
            if wave is None:
                continue  # closed by hand meanwhile
            _close(wave, now)
            wave.save(update_fields=["status", "closes_at", "updated_at"])
            closed += 1
    return {"opened": opened, "closed": closed}


@transaction.atomic
def headcounts_replace(*, wave: Wave, rows: list[tuple[str, str, int]]) -> int:
    """Replace the wave's eligible headcounts with (dimension, group, headcount) rows."""
    Headcount.objects.filter(wave=wave).delete()
    created = Headcount.objects.bulk_create(
        Headcount(wave=wave, dimension=dimension, group=group, headcount=count)
        for dimension, group, count in rows
        if count
    )
    return len(created)


@transaction.atomic
def invitation_batch_create(*, wave: Wave, actor: User, size: int) -> InvitationBatch:
    if wave.status == WaveStatus.CLOSED:
        raise ApplicationError("This survey has closed, so it needs no more codes.")
    if not wave.accepts_codes:
        raise ApplicationError(
            "This survey uses an open link only. Change its access to use codes."
        )
    if not 1 <= size <= MAX_BATCH_SIZE:
        raise ValidationError({"size": f"Enter a number from 1 to {MAX_BATCH_SIZE}"})
    codes = set()
    while len(codes) < size:
        codes.add(new_code())
    batch = InvitationBatch.objects.create(
        wave=wave, size=size, created_by=actor, plaintext_codes="\n".join(sorted(codes))
    )
    InvitationCode.objects.bulk_create(
        InvitationCode(wave=wave, batch=batch, code_hash=code_hash(c, purpose=INVITATION_PURPOSE))
        for c in codes
    )
    return batch


@transaction.atomic
def invitation_batch_download(*, batch: InvitationBatch, actor=None) -> list[str]:
    """Hand over the plain codes once; afterwards only their hashes remain."""
    batch = InvitationBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.downloaded_at is not None:
        raise ApplicationError(
            "These codes were downloaded already and are no longer kept. Generate new ones."
        )
    codes = batch.plaintext_codes.split("\n") if batch.plaintext_codes else []
    audit_event_record(
        actor=actor,
        action="diagnostics.codes_download",
        target=batch.wave.title,
        detail={"wave": batch.wave_id, "codes": len(codes)},
    )
    batch.plaintext_codes = ""
    batch.downloaded_at = timezone.now()
    batch.save(update_fields=["plaintext_codes", "downloaded_at", "updated_at"])
    return codes


RESUME_PURPOSE = "resume"


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
