"""Who may do what with surveys. Objects are waves (or, for creating one, a trust)."""

from enum import StrEnum

import rules

from accounts.rules import (
    is_national_admin,
    is_od_lead,
    is_programme_team,
    is_sponsor,
    is_trust_member,
)
from diagnostics.constants import WaveStatus


class Permission(StrEnum):
    MANAGE_INSTRUMENTS = "diagnostics.manage_instruments"
    CREATE_WAVE = "diagnostics.create_wave"
    VIEW_WAVE = "diagnostics.view_wave"
    MANAGE_WAVE = "diagnostics.manage_wave"
    MANAGE_DIRECTORATES = "diagnostics.manage_directorates"
    VIEW_RESULTS = "diagnostics.view_results"
    REFRESH_RESULTS = "diagnostics.refresh_results"
    VIEW_BENCHMARKS = "diagnostics.view_benchmarks"
    MARK_MAIN_SURVEY = "diagnostics.mark_main_survey"
    CODE_COMMENTS = "diagnostics.code_comments"


@rules.predicate
def is_wave_trust_member(user, wave) -> bool:
    return wave is not None and is_trust_member(user, wave.trust)


@rules.predicate
def is_wave_programme_team(user, wave) -> bool:
    return wave is not None and is_programme_team(user, wave.trust)


rules.add_perm(Permission.MANAGE_INSTRUMENTS, is_national_admin)
# Objects: a trust. OD leads and change teams run their trust's surveys.
rules.add_perm(Permission.CREATE_WAVE, is_programme_team | is_national_admin)
rules.add_perm(Permission.MANAGE_DIRECTORATES, is_programme_team)
# Objects: a wave. Sponsors and viewers may follow a wave; national admins see any.
rules.add_perm(Permission.VIEW_WAVE, is_national_admin | is_wave_trust_member)
# National admins too: only they may lower a wave's minimum group size below 11.
rules.add_perm(Permission.MANAGE_WAVE, is_wave_programme_team | is_national_admin)


@rules.predicate
def is_wave_od_lead(user, wave) -> bool:
    return wave is not None and is_od_lead(user, wave.trust)


@rules.predicate
def is_wave_sponsor(user, wave) -> bool:
    return wave is not None and is_sponsor(user, wave.trust)


@rules.predicate
def is_wave_closed(user, wave) -> bool:
    return wave is not None and wave.status == WaveStatus.CLOSED


# Results: the trust's OD lead, change team and board sponsor; national admins once the
# survey has closed. Viewers follow a wave's progress but not its results.
rules.add_perm(
    Permission.VIEW_RESULTS,
    is_wave_programme_team | is_wave_sponsor | (is_national_admin & is_wave_closed),
)
rules.add_perm(Permission.REFRESH_RESULTS, is_wave_programme_team | is_national_admin)
# Sector benchmarks across trusts: national admins (trusts see their own sector's beside
# their results).
rules.add_perm(Permission.VIEW_BENCHMARKS, is_national_admin)
# Which survey stands for the trust at a glance is the OD lead's call, not the wider team's.
rules.add_perm(Permission.MARK_MAIN_SURVEY, is_wave_od_lead)
# Coding released comments to cultural elements is the programme team's work. Sponsors and
# national admins read the codes beside the comments (VIEW_RESULTS) but do not code; comments
# exist only once a survey has closed.
rules.add_perm(Permission.CODE_COMMENTS, is_wave_programme_team & is_wave_closed)
