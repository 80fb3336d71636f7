"""Whom a survey's results are news to (core/notifications.py): the figures published at the
close, and a publication that failed. The kinds are registered from diagnostics/apps.py;
each function is called inside the service's transaction."""

from django.urls import reverse

from accounts.constants import Role
from accounts.selectors import member_list_with_roles
from core.notifications import notify, register_kind
from diagnostics.surveys.models import Wave
from programmes.notifications import active_programme_sponsors

RESULTS_READY = "diagnostics.results_ready"
RESULTS_FAILED = "diagnostics.results_failed"

KINDS = {
    RESULTS_READY: "A survey has closed and its results are ready",
    RESULTS_FAILED: "Working out a survey's results failed",
}


def register_kinds() -> None:
    for key, label in KINDS.items():
        register_kind(key, label)


def _results_path(wave: Wave) -> str:
    return reverse("diagnostics:results", kwargs={"pk": wave.pk})


def _od_leads(wave: Wave) -> list:
    return member_list_with_roles(trust_id=wave.trust_id, roles=[Role.OD_LEAD])


def tell_results_ready(wave: Wave, *, responses: int) -> None:
    """The trust's OD leads and its programme's board sponsor."""
    trust = wave.trust
    common = {
        "kind": RESULTS_READY,
        "subject": f"Results ready: {wave.title}",
        "template": "diagnostics/emails/results_ready.txt",
        "context": {"wave": wave, "trust": trust, "responses": responses},
        "link": _results_path(wave),
    }
    notify(users=_od_leads(wave), reason=f"You are an OD lead at {trust.name}.", **common)
    programme, sponsors = active_programme_sponsors(trust.pk)
    if sponsors:
        notify(users=sponsors, reason=f"You are the board sponsor of {programme.name}.", **common)


def tell_results_failed(wave: Wave) -> None:
    trust = wave.trust
    notify(
        users=_od_leads(wave),
        kind=RESULTS_FAILED,
        subject=f"The results of {wave.title} could not be worked out",
        template="diagnostics/emails/results_failed.txt",
        context={"wave": wave, "trust": trust},
        reason=f"You are an OD lead at {trust.name}.",
        link=_results_path(wave),
    )
