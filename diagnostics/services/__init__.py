"""Writes for diagnostics, split by sub-domain and re-exported here."""

from diagnostics.services.instruments import (
    instrument_version_draft_create,
    instrument_version_publish,
    instruments_shipped_load,
    item_create,
    item_delete,
    item_move,
    item_update,
    section_update,
)
from diagnostics.services.survey import (
    SurveyClosed,
    comments_release,
    survey_draft_resume,
    survey_draft_save_answers,
    survey_draft_save_demographics,
    survey_draft_start,
    survey_response_submit,
    survey_resume_code_issue,
)
from diagnostics.services.waves import (
    directorate_create,
    headcounts_replace,
    invitation_batch_create,
    invitation_batch_download,
    wave_create,
    wave_status_change,
    wave_statuses_advance,
    wave_update,
)

__all__ = [
    "SurveyClosed",
    "comments_release",
    "directorate_create",
    "headcounts_replace",
    "instrument_version_draft_create",
    "item_create",
    "item_delete",
    "item_move",
    "section_update",
    "instrument_version_publish",
    "instruments_shipped_load",
    "invitation_batch_create",
    "invitation_batch_download",
    "item_update",
    "survey_draft_resume",
    "survey_draft_save_answers",
    "survey_draft_save_demographics",
    "survey_draft_start",
    "survey_resume_code_issue",
    "survey_response_submit",
    "wave_create",
    "wave_status_change",
    "wave_statuses_advance",
    "wave_update",
]
