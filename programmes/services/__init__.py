"""Every change to a programme goes through here, in a transaction, and leaves an entry in the
programme's activity log (who, what, when). Split by sub-domain and re-exported here: callers
import from programmes.services, never from its modules."""

from programmes.services.common import activity_record, programme_require_active
from programmes.services.deliver import (
    action_create,
    action_delete,
    action_digest_send,
    action_note_add,
    action_note_delete,
    action_update,
)
from programmes.services.design import (
    commitment_create,
    commitment_delete,
    intervention_create,
    intervention_delete,
    intervention_update,
    priority_create,
    priority_delete,
    priority_update,
    strategy_board_approve,
    strategy_update,
)
from programmes.services.programme import (
    open_required_steps,
    phase_sign_off,
    phase_update,
    programme_close,
    programme_start,
    programme_update,
)
from programmes.services.sign_off import phase_send_back, phase_sign_off_request
from programmes.services.step_template import (
    step_template_create,
    step_template_delete,
    step_template_move,
    step_template_seed,
    step_template_update,
)
from programmes.services.steps import (
    step_complete,
    step_create,
    step_delete,
    step_move,
    step_reopen,
    step_update,
)
from programmes.services.synthesis import (
    element_summary_set,
    finding_create,
    finding_delete,
    finding_update,
)

__all__ = [
    "action_create",
    "action_delete",
    "action_digest_send",
    "action_note_add",
    "action_note_delete",
    "action_update",
    "activity_record",
    "commitment_create",
    "commitment_delete",
    "element_summary_set",
    "finding_create",
    "finding_delete",
    "finding_update",
    "intervention_create",
    "intervention_delete",
    "intervention_update",
    "open_required_steps",
    "phase_send_back",
    "phase_sign_off",
    "phase_sign_off_request",
    "phase_update",
    "priority_create",
    "priority_delete",
    "priority_update",
    "programme_close",
    "programme_require_active",
    "programme_start",
    "programme_update",
    "step_complete",
    "step_create",
    "step_delete",
    "step_move",
    "step_reopen",
    "step_template_create",
    "step_template_delete",
    "step_template_move",
    "step_template_seed",
    "step_template_update",
    "step_update",
    "strategy_board_approve",
    "strategy_update",
]
