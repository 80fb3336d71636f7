"""The community part of a trust's data export: membership, applications, stories and its
people's event registrations."""

from community.models import Membership, MembershipApplication, Registration, Story
from core.trust_export import table


def trust_tables(trust):
    return [
        table(
            "community_membership",
            Membership.objects.filter(trust=trust),
            [
                "status",
                "joined_on",
                "ended_on",
                "is_pilot",
                "listed",
                "share_phase",
                "share_bright_spots",
                "contact__email",
                "contact_consented_at",
            ],
            "the trust's culture community membership and what it shares",
        ),
        table(
            "community_applications",
            MembershipApplication.objects.filter(trust=trust),
            [
                "created_at",
                "applicant_name",
                "applicant_email",
                "job_title",
                "hopes",
                "consent_to_list",
                "status",
            ],
            "applications to join",
        ),
        table(
            "community_stories",
            Story.objects.filter(trust=trust),
            [
                "title",
                "summary",
                "what_we_did",
                "result",
                "phase",
                "elements",
                "tags",
                "status",
                "published_at",
            ],
            "good-practice stories",
        ),
        table(
            "community_registrations",
            Registration.objects.filter(trust=trust),
            ["event__title", "event__starts_at", "user__email", "status", "attended"],
            "event places taken by the trust's people",
        ),
    ]
