"""Who may do what with a programme. Objects are programmes (or, to start one, a trust).

- Every member of the trust reads its programme; national admins read every programme.
- The OD lead and the change team keep it up to date: steps, tool records, findings,
  interventions, the strategy and actions.
- Progress notes on an action are added by the programme team and by the action's owner
  (who may be any member of the trust); each author may remove their own.
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
    ADD_ACTION_NOTE = "programmes.add_action_note"
    DELETE_ACTION_NOTE = "programmes.delete_action_note"


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


def _on_action(predicate, name):
    @rules.predicate(name=name)
    def on_action(user, action) -> bool:
        return action is not None and predicate(user, action.programme)

    return on_action


@rules.predicate
def is_action_owner(user, action) -> bool:
    return action is not None and user.is_authenticated and action.owner_id == user.pk


@rules.predicate
def is_note_author(user, note) -> bool:
    return note is not None and user.is_authenticated and note.author_id == user.pk


# Someone who owns an action reports on it, whatever their role, while they are still a
# member of the trust (a finished action keeps its owner after they leave).
may_note_action = (
    _on_action(is_programme_editor, "is_action_programme_editor")
    | (is_action_owner & _on_action(is_programme_member, "is_action_programme_member"))
) & _on_action(is_programme_active, "is_action_programme_active")


@rules.predicate
def may_note_the_notes_action(user, note) -> bool:
    return note is not None and may_note_action.test(user, note.action)


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
# Object: an action; to remove a note, the note (its author, while they may still add notes).
rules.add_perm(Permission.ADD_ACTION_NOTE, may_note_action)
rules.add_perm(Permission.DELETE_ACTION_NOTE, is_note_author & may_note_the_notes_action)
