import secrets
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import Trust, User
from core.audit import audit_event_record
from core.codes import code_hash, new_code
from core.exceptions import ApplicationError
from diagnostics.constants import DEFAULT_THRESHOLD_K, WaveStatus
from diagnostics.models import (
    Directorate,
    Headcount,
    InstrumentVersion,
    InvitationBatch,
    InvitationCode,
    SurveyDraft,
    Wave,
)

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
    from diagnostics.services.results import wave_results_request_refresh
    from diagnostics.services.survey import comments_release

    wave.status = WaveStatus.CLOSED
    wave.closes_at = min(wave.closes_at, now)
    # Drafts expire at close: unsent answers are not kept.
    SurveyDraft.objects.filter(wave=wave).delete()
    comments_release(wave=wave)
    # The final figures, published once: computed when the close has committed. The caller
    # holds the wave's row lock, taken after every submit in flight had finished.
    wave_results_request_refresh(wave_id=wave.pk)


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
