from django.urls import path

from programmes import views

app_name = "programmes"

P = "<int:pk>/"
PHASE = "<int:pk>/phases/<slug:kind>/"

urlpatterns = [
    path("trusts/<str:ods_code>/", views.programme_for_trust, name="for-trust"),
    path("trusts/<str:ods_code>/start/", views.programme_start, name="start"),
    path(P, views.programme_overview, name="overview"),
    path(f"{P}edit/", views.programme_edit, name="edit"),
    path(f"{P}close/", views.programme_close, name="close"),
    path(f"{P}activity/", views.activity_log, name="activity"),
    path(PHASE, views.phase_detail, name="phase"),
    path(f"{PHASE}dates/", views.phase_dates, name="phase-dates"),
    path(f"{PHASE}sign-off/", views.phase_sign_off, name="phase-sign-off"),
    path(f"{PHASE}ask-sign-off/", views.phase_sign_off_request, name="phase-ask-sign-off"),
    path(f"{PHASE}send-back/", views.phase_send_back, name="phase-send-back"),
    path(f"{PHASE}steps/new/", views.step_add, name="step-add"),
    path("steps/<int:pk>/edit/", views.step_edit, name="step-edit"),
    path("steps/<int:pk>/complete/", views.step_complete, name="step-complete"),
    path("steps/<int:pk>/reopen/", views.step_reopen, name="step-reopen"),
    path("steps/<int:pk>/move/", views.step_move, name="step-move"),
    path("steps/<int:pk>/delete/", views.step_delete, name="step-delete"),
    path("steps/<int:pk>/evidence/", views.step_evidence, name="step-evidence"),
    path("template/", views.template_list, name="template"),
    path("template/new/", views.template_add, name="template-add"),
    path("template/<int:pk>/edit/", views.template_edit, name="template-edit"),
    path("template/<int:pk>/move/", views.template_move, name="template-move"),
    path("template/<int:pk>/delete/", views.template_delete, name="template-delete"),
    path(f"{P}findings/", views.finding_list, name="findings"),
    path(f"{P}findings/new/", views.finding_add, name="finding-add"),
    path("findings/<int:pk>/edit/", views.finding_edit, name="finding-edit"),
    path("findings/<int:pk>/delete/", views.finding_delete, name="finding-delete"),
    path(f"{P}synthesis/", views.synthesis_board, name="synthesis"),
    path(f"{P}synthesis.<str:file_format>", views.synthesis_export, name="synthesis-export"),
    path(
        f"{P}synthesis/<slug:element>/summary/",
        views.element_summary_edit,
        name="element-summary",
    ),
    path(f"{P}interventions/", views.intervention_list, name="interventions"),
    path(f"{P}interventions/new/", views.intervention_add, name="intervention-add"),
    path("interventions/<int:pk>/edit/", views.intervention_edit, name="intervention-edit"),
    path(
        "interventions/<int:pk>/delete/",
        views.intervention_delete,
        name="intervention-delete",
    ),
    path(f"{P}strategy/", views.strategy_detail, name="strategy"),
    path(f"{P}strategy/edit/", views.strategy_edit, name="strategy-edit"),
    path(f"{P}strategy/approval/", views.strategy_board_approval, name="strategy-approval"),
    path(f"{P}strategy/document/", views.strategy_document, name="strategy-document"),
    path(f"{P}strategy/priorities/new/", views.priority_add, name="priority-add"),
    path(
        f"{P}strategy/priorities/<int:priority_pk>/edit/",
        views.priority_edit,
        name="priority-edit",
    ),
    path(
        f"{P}strategy/priorities/<int:priority_pk>/delete/",
        views.priority_delete,
        name="priority-delete",
    ),
    path(f"{P}strategy/commitments/new/", views.commitment_add, name="commitment-add"),
    path(
        f"{P}strategy/commitments/<int:commitment_pk>/delete/",
        views.commitment_delete,
        name="commitment-delete",
    ),
    path(f"{P}actions/", views.action_list, name="actions"),
    path(f"{P}actions/new/", views.action_add, name="action-add"),
    path(f"{P}actions/print/", views.action_plan_print, name="action-plan-print"),
    path(f"{P}actions.<str:file_format>", views.action_plan_export, name="action-plan-export"),
    path("actions/<int:pk>/", views.action_detail, name="action"),
    path("actions/<int:pk>/notes/new/", views.action_note_add, name="action-note-add"),
    path("action-notes/<int:pk>/delete/", views.action_note_delete, name="action-note-delete"),
    path("actions/<int:pk>/edit/", views.action_edit, name="action-edit"),
    path("actions/<int:pk>/delete/", views.action_delete, name="action-delete"),
]
