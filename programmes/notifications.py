"""Whom a programme tells about a phase's sign-off, and what it says (core/notifications.py).
The kinds are registered from programmes/apps.py; each function is called inside the
service's transaction, so nobody hears of something that was rolled back."""

from django.urls import reverse

from accounts.constants import Role
from accounts.selectors import member_list_with_roles
from core import for_you
from core.notifications import notify, register_kind
from programmes.models import Phase, Programme, SignOffRequest

PHASE_READY = "programmes.phase_ready"
PHASE_SIGNED_OFF = "programmes.phase_signed_off"
PHASE_SENT_BACK = "programmes.phase_sent_back"

KINDS = {
    PHASE_READY: "A phase is ready for you to sign off",
    PHASE_SIGNED_OFF: "The board sponsor signed off a phase of your programme",
    PHASE_SENT_BACK: "The board sponsor sent a phase of your programme back",
}


def register_kinds() -> None:
    for key, label in KINDS.items():
        register_kind(key, label)


def phase_path(phase: Phase) -> str:
    return reverse("programmes:phase", kwargs={"pk": phase.programme_id, "kind": phase.kind})


def programme_sponsors(programme) -> list:
    """Who signs the programme's phases off: its named sponsor, or every board sponsor of
    the trust while none is named; only while they hold the sponsor role there
    (programmes/rules.py, is_programme_sponsor)."""
    return member_list_with_roles(
        trust_id=programme.trust_id, roles=[Role.SPONSOR], user_id=programme.sponsor_id
    )


def active_programme_sponsors(trust_id: int) -> tuple[Programme | None, list]:
    """The trust's programme running now, if any, and who signs its phases off."""
    programme = Programme.objects.filter(trust_id=trust_id, closed_on__isnull=True).first()
    return programme, programme_sponsors(programme) if programme else []


def programme_team(programme) -> list:
    """The trust's OD leads and change team, as they are now."""
    return member_list_with_roles(
        trust_id=programme.trust_id, roles=[Role.OD_LEAD, Role.CHANGE_TEAM]
    )


def tell_sponsor_phase_ready(request: SignOffRequest) -> list:
    phase = request.phase
    programme = phase.programme
    sponsors = programme_sponsors(programme)
    notify(
        users=sponsors,
        kind=PHASE_READY,
        subject=f"Ready for your sign-off: the {phase} phase of {programme.name}",
        template="programmes/emails/phase_ready.txt",
        context={"phase": phase, "programme": programme, "request": request},
        reason=f"You are the board sponsor of {programme.name}.",
        link=phase_path(phase),
    )
    for_you.count_forget([person.pk for person in sponsors])
    return sponsors


def tell_team_phase_signed_off(phase: Phase, sign_off) -> None:
    programme = phase.programme
    notify(
        users=programme_team(programme),
        kind=PHASE_SIGNED_OFF,
        subject=f"Signed off: the {phase} phase of {programme.name}",
        template="programmes/emails/phase_signed_off.txt",
        context={"phase": phase, "programme": programme, "sign_off": sign_off},
        reason=f"You are on the team that runs {programme.name}.",
        link=phase_path(phase),
    )


def tell_team_phase_sent_back(request: SignOffRequest) -> None:
    phase = request.phase
    programme = phase.programme
    notify(
        users=programme_team(programme),
        kind=PHASE_SENT_BACK,
        subject=f"Sent back: the {phase} phase of {programme.name}",
        template="programmes/emails/phase_sent_back.txt",
        context={"phase": phase, "programme": programme, "request": request},
        reason=f"You are on the team that runs {programme.name}.",
        link=phase_path(phase),
    )
