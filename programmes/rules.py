"""Who may do what with a programme. Objects are programmes (or, to start one, a trust).

- Every member of the trust reads its programme; national admins read every programme.
- The OD lead and the change team keep it up to date: steps, tool records, findings,
  interventions, the strategy and actions.
- Only the OD lead starts, reshapes or closes a programme.
- Only the OD lead asks the board sponsor to sign a phase off.
- Only the programme's board sponsor signs a phase off or sends it back.
- National admins edit the national step template.
"""

from enum import StrEnum

import rules

from accounts.rules import (
    is_national_admin,
    is_od_lead,
    is_programme_team,
    is_sponsor,
    is_trust_member,
)


class Permission(StrEnum):
    START_PROGRAMME = "programmes.start_programme"
    VIEW_PROGRAMME = "programmes.view_programme"
    EDIT_PROGRAMME = "programmes.edit_programme"
    MANAGE_PROGRAMME = "programmes.manage_programme"
    SIGN_OFF_PHASE = "programmes.sign_off_phase"
    REQUEST_SIGN_OFF = "programmes.request_sign_off"
    APPROVE_STRATEGY = "programmes.approve_strategy"
    EDIT_TEMPLATE = "programmes.edit_template"


def _on_trust(predicate, name):
    @rules.predicate(name=name)
    def on_programme(user, programme) -> bool:
        return programme is not None and predicate(user, programme.trust)

    return on_programme


@rules.predicate
def is_programme_active(user, programme) -> bool:
    return programme is not None and programme.is_active


is_programme_member = _on_trust(is_trust_member, "is_programme_member")
is_programme_editor = _on_trust(is_programme_team, "is_programme_editor")
is_programme_od_lead = _on_trust(is_od_lead, "is_programme_od_lead")
is_trust_sponsor = _on_trust(is_sponsor, "is_trust_sponsor")


@rules.predicate
def is_named_sponsor_or_none_named(user, programme) -> bool:
    return programme is not None and programme.sponsor_id in (None, user.pk)


# The programme's own board sponsor (any of the trust's sponsors until one is named).
is_programme_sponsor = is_trust_sponsor & is_named_sponsor_or_none_named

# Object: a trust.
rules.add_perm(Permission.START_PROGRAMME, is_od_lead)
# Objects: a programme. A closed programme is read-only for everyone.
rules.add_perm(Permission.VIEW_PROGRAMME, is_programme_member | is_national_admin)
rules.add_perm(Permission.EDIT_PROGRAMME, is_programme_editor & is_programme_active)
rules.add_perm(Permission.MANAGE_PROGRAMME, is_programme_od_lead & is_programme_active)
# Signing off and sending back, both the sponsor's answer.
rules.add_perm(Permission.SIGN_OFF_PHASE, is_programme_sponsor & is_programme_active)
rules.add_perm(Permission.REQUEST_SIGN_OFF, is_programme_od_lead & is_programme_active)
# The board's approval of the strategy is recorded by its sponsor, as a phase's sign-off is.
rules.add_perm(Permission.APPROVE_STRATEGY, is_programme_sponsor & is_programme_active)
rules.add_perm(Permission.EDIT_TEMPLATE, is_national_admin)
