"""Asking the board sponsor to sign a phase off, and the sponsor sending it back.
(The sign-off itself is programmes/services/programme.py::phase_sign_off.)"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from core.exceptions import ApplicationError
from programmes.constants import PhaseStatus
from programmes.models import Phase, SignOffAnswer, SignOffRequest
from programmes.notifications import (
    programme_sponsors,
    tell_sponsor_phase_ready,
    tell_team_phase_sent_back,
)
from programmes.services.common import _require_active, activity_record
from programmes.services.programme import (
    phase_require_ready_for_sign_off,
    sign_off_request_answer,
    waiting_request,
)


def _locked_phase(phase: Phase) -> Phase:
    return Phase.objects.select_for_update().select_related("programme").get(pk=phase.pk)


@transaction.atomic
def phase_sign_off_request(*, phase: Phase, actor: User, note: str = "") -> SignOffRequest:
    """An OD lead marks a phase ready: its sponsor is told and sees it under For you until
    they sign it off or send it back."""
    phase = _locked_phase(phase)
    phase_require_ready_for_sign_off(phase)
    waiting = waiting_request(phase)
    if waiting is not None:
        raise ApplicationError(
            f"The sponsor was already asked to sign off the {phase} phase, on "
            f"{timezone.localtime(waiting.asked_at):%-d %B %Y}"
        )
    if not programme_sponsors(phase.programme):
        raise ApplicationError(
            "The programme has no board sponsor to ask. Add one to the trust's team first"
        )
    try:
        with transaction.atomic():
            request = SignOffRequest.objects.create(
                phase=phase, asked_by=actor, asked_by_name=actor.full_name, note=note.strip()
            )
    except IntegrityError:  # two OD leads asked at once; the other one's request stands
        raise ApplicationError(
            f"The sponsor was already asked to sign off the {phase} phase"
        ) from None
    activity_record(
        programme=phase.programme,
        actor=actor,
        summary=f"Asked the board sponsor to sign off the {phase} phase",
    )
    tell_sponsor_phase_ready(request)
    return request


@transaction.atomic
def phase_send_back(*, phase: Phase, actor: User, comment: str) -> SignOffRequest:
    """The sponsor declines to sign off a phase they were asked about, saying why; the OD
    leads and the change team are told, and the OD lead may ask again later."""
    comment = comment.strip()
    if not comment:
        raise ValidationError({"comment": "Say what needs to happen before you sign it off"})
    phase = _locked_phase(phase)
    _require_active(phase.programme)
    if phase.status == PhaseStatus.SIGNED_OFF:
        raise ApplicationError(f"The {phase} phase is already signed off")
    if waiting_request(phase) is None:
        raise ApplicationError(
            f"Nobody has asked you to sign off the {phase} phase, so there is nothing to send back"
        )
    request = sign_off_request_answer(
        phase=phase, actor=actor, answer=SignOffAnswer.SENT_BACK, comment=comment
    )
    activity_record(programme=phase.programme, actor=actor, summary=f"Sent the {phase} phase back")
    tell_team_phase_sent_back(request)
    return request
