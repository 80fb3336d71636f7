"""Reading the audit log: what national admins can filter it by, and how each action reads."""

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from core.models import AuditEvent

# Each kind of event national admins look for, by the start of its action name.
CATEGORIES = {
    "sign_ins": ("Sign-ins", ("accounts.signed_in", "accounts.sso_")),
    "second_factor": ("Second factor", ("accounts.second_factor_",)),
    "roles": ("Role changes", ("accounts.role_", "accounts.national_admin_")),
    "invitations": ("Invitations and invitation domains", ("accounts.invitation",)),
    "account_changes": (
        "Account changes",
        (
            "accounts.email_",
            "accounts.name_changed",
            "accounts.password_changed",
            "accounts.signed_out_everywhere",
        ),
    ),
    "exports": (
        "Exports and downloads",
        (
            "results.export",
            "results.long_form_export",
            "programmes.synthesis_export",
            "community.directory_export",
            "diagnostics.codes_download",
            "audit.export",
            "accounts.trust_export",
        ),
    ),
    "approvals": (
        "Approvals and decisions",
        (
            "resources.approved",
            "programmes.phase_signed_off",
            "community.application.approved",
            "community.application.declined",
            "community.application.info_requested",
            "community.story.published",
            "community.story.returned",
        ),
    ),
    "community": ("Culture community", ("community.",)),
}

ACTION_LABELS = {
    "accounts.signed_in": "Signed in",
    "accounts.sso_signed_in": "Signed in with an organisation account",
    "accounts.sso_refused": "Refused a sign-in with an organisation account",
    "accounts.role_granted": "Gave a role",
    "accounts.role_changed": "Changed a role",
    "accounts.role_removed": "Removed a role",
    "accounts.national_admin_granted": "Made a national admin",
    "accounts.national_admin_removed": "Removed national admin",
    "accounts.invitation_sent": "Invited someone to a team",
    "accounts.invitation_resent": "Resent an invitation",
    "accounts.invitation_withdrawn": "Withdrew an invitation",
    "accounts.invitation_accepted": "Accepted an invitation",
    "accounts.invitation_domains_changed": "Changed where invitations may go",
    "accounts.email_change_asked": "Asked to change their email address",
    "accounts.email_changed": "Changed their email address",
    "accounts.name_changed": "Changed their name",
    "accounts.password_changed": "Changed their password",
    "accounts.signed_out_everywhere": "Signed out everywhere else",
    "accounts.second_factor_enrolled": "Set up a second factor",
    "accounts.second_factor_reset": "Reset someone's second factor",
    "accounts.second_factor_codes_renewed": "Made new recovery codes",
    "accounts.second_factor_turned_off": "Turned off their second factor",
    "accounts.second_factor_recovery_code_used": "Signed in with a recovery code",
    "accounts.second_factor_locked_out": "Locked out after too many wrong codes",
    "results.export": "Downloaded survey results",
    "results.long_form_export": "Downloaded anonymised answers",
    "programmes.synthesis_export": "Downloaded the synthesis board",
    "community.directory_export": "Downloaded the community directory",
    "diagnostics.codes_download": "Downloaded invitation codes",
    "audit.export": "Downloaded the audit log",
    "accounts.trust_export": "Downloaded all of a trust's data",
    "diagnostics.raw_answers_deleted": "Deleted a closed survey's raw answers (retention)",
    "diagnostics.main_survey_marked": "Made a survey the main survey of its year",
    "diagnostics.main_survey_cleared": "Stopped a survey being the main survey of its year",
    "diagnostics.survey_comment_coded": "Coded a survey comment to cultural elements",
    "resources.approved": "Approved a library resource",
    "programmes.phase_signed_off": "Signed a phase off",
    "community.application.sent": "Applied to join the community",
    "community.application.approved": "Approved a community application",
    "community.application.declined": "Declined a community application",
    "community.application.info_requested": "Asked an applicant for more information",
    "community.application.answered": "Applicant answered a question",
    "community.membership.left": "Trust left the community",
    "community.membership.lapsed": "Lapsed a community membership",
    "community.membership.settings": "Changed community settings",
    "community.membership.pilot": "Marked a pilot trust",
    "community.membership.not_pilot": "Unmarked a pilot trust",
    "community.contact.agreed": "Agreed to be a trust's contact",
    "community.contact.withdrew": "Withdrew as a trust's contact",
    "community.story.submitted": "Sent a story for moderation",
    "community.story.published": "Published a story",
    "community.story.returned": "Returned a story",
    "community.event.created": "Added an event",
    "community.event.changed": "Changed an event",
    "community.event.cancelled": "Cancelled an event",
    "community.event.attendance": "Recorded attendance",
}


def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, action)


def audit_event_list(
    *,
    category: str = "",
    person: str = "",
    since: datetime.date | None = None,
    until: datetime.date | None = None,
) -> QuerySet[AuditEvent]:
    """Newest first, filtered; `person` matches the actor's name or e-mail address."""
    events = AuditEvent.objects.select_related("actor").order_by("-at", "-pk")
    if category in CATEGORIES:
        matches = Q()
        for prefix in CATEGORIES[category][1]:
            matches |= Q(action__startswith=prefix)
        events = events.filter(matches)
    if person:
        events = events.filter(
            Q(actor__email__icontains=person) | Q(actor__full_name__icontains=person)
        )
    zone = timezone.get_current_timezone()
    if since:
        events = events.filter(at__gte=datetime.datetime.combine(since, datetime.time(), zone))
    if until:
        next_day = until + datetime.timedelta(days=1)
        events = events.filter(at__lt=datetime.datetime.combine(next_day, datetime.time(), zone))
    return events
