from django.urls import path

from programmes.views import (
    deliver_views,
    design_views,
    phase_views,
    programme_views,
    synthesis_views,
    template_views,
)

app_name = "programmes"

P = "<int:pk>/"
PHASE = "<int:pk>/phases/<slug:kind>/"

urlpatterns = [
    path("trusts/<str:ods_code>/", programme_views.programme_for_trust, name="for-trust"),
    path("trusts/<str:ods_code>/start/", programme_views.programme_start, name="start"),
    path(P, programme_views.programme_overview, name="overview"),
    path(f"{P}edit/", programme_views.programme_edit, name="edit"),
    path(f"{P}close/", programme_views.programme_close, name="close"),
    path(f"{P}activity/", programme_views.activity_log, name="activity"),
    path(PHASE, phase_views.phase_detail, name="phase"),
    path(f"{PHASE}dates/", phase_views.phase_dates, name="phase-dates"),
    path(f"{PHASE}sign-off/", phase_views.phase_sign_off, name="phase-sign-off"),
    path(f"{PHASE}steps/new/", phase_views.step_add, name="step-add"),
    path("steps/<int:pk>/edit/", phase_views.step_edit, name="step-edit"),
    path("steps/<int:pk>/complete/", phase_views.step_complete, name="step-complete"),
    path("steps/<int:pk>/reopen/", phase_views.step_reopen, name="step-reopen"),
    path("steps/<int:pk>/move/", phase_views.step_move, name="step-move"),
    path("steps/<int:pk>/delete/", phase_views.step_delete, name="step-delete"),
    path("steps/<int:pk>/evidence/", phase_views.step_evidence, name="step-evidence"),
    path("template/", template_views.template_list, name="template"),
    path("template/new/", template_views.template_add, name="template-add"),
    path("template/<int:pk>/edit/", template_views.template_edit, name="template-edit"),
    path("template/<int:pk>/move/", template_views.template_move, name="template-move"),
    path("template/<int:pk>/delete/", template_views.template_delete, name="template-delete"),
    path(f"{P}findings/", synthesis_views.finding_list, name="findings"),
    path(f"{P}findings/new/", synthesis_views.finding_add, name="finding-add"),
    path("findings/<int:pk>/edit/", synthesis_views.finding_edit, name="finding-edit"),
    path("findings/<int:pk>/delete/", synthesis_views.finding_delete, name="finding-delete"),
    path(f"{P}synthesis/", synthesis_views.synthesis_board, name="synthesis"),
    path(
        f"{P}synthesis.<str:file_format>", synthesis_views.synthesis_export, name="synthesis-export"
    ),
    path(
        f"{P}synthesis/<slug:element>/summary/",
        synthesis_views.element_summary_edit,
        name="element-summary",
    ),
    path(f"{P}interventions/", design_views.intervention_list, name="interventions"),
    path(f"{P}interventions/new/", design_views.intervention_add, name="intervention-add"),
    path("interventions/<int:pk>/edit/", design_views.intervention_edit, name="intervention-edit"),
    path(
        "interventions/<int:pk>/delete/",
        design_views.intervention_delete,
        name="intervention-delete",
    ),
    path(f"{P}strategy/", design_views.strategy_detail, name="strategy"),
    path(f"{P}strategy/edit/", design_views.strategy_edit, name="strategy-edit"),
    path(f"{P}strategy/document/", design_views.strategy_document, name="strategy-document"),
    path(f"{P}strategy/priorities/new/", design_views.priority_add, name="priority-add"),
    path(
        f"{P}strategy/priorities/<int:priority_pk>/edit/",
        design_views.priority_edit,
        name="priority-edit",
    ),
    path(
        f"{P}strategy/priorities/<int:priority_pk>/delete/",
        design_views.priority_delete,
        name="priority-delete",
    ),
    path(f"{P}strategy/commitments/new/", design_views.commitment_add, name="commitment-add"),
    path(
        f"{P}strategy/commitments/<int:commitment_pk>/delete/",
        design_views.commitment_delete,
        name="commitment-delete",
    ),
    path(f"{P}actions/", deliver_views.action_list, name="actions"),
    path(f"{P}actions/new/", deliver_views.action_add, name="action-add"),
    path("actions/<int:pk>/edit/", deliver_views.action_edit, name="action-edit"),
    path("actions/<int:pk>/delete/", deliver_views.action_delete, name="action-delete"),
]
