from django.urls import reverse

from core.navigation import NavItem, SectionLink


def survey_nav_items(request) -> list[NavItem]:
    items = []
    trust = request.current_trust
    if trust:
        href = reverse("diagnostics:wave-list", kwargs={"ods_code": trust.ods_code})
        items.append(NavItem("Surveys", href, order=30))
    if request.user.is_national_admin:
        items.append(
            NavItem("Survey instruments", reverse("diagnostics:instrument-list"), order=15)
        )
        items.append(NavItem("Benchmarks", reverse("diagnostics:benchmarks"), order=16))
    return items


def programme_sections(programme) -> list[SectionLink]:
    """The programme sub-navigation's Discover tools and evaluation (programmes owns the rest)."""
    return [
        SectionLink(
            "tools", "Diagnostic tools", reverse("diagnostics:tools", args=[programme.pk]), 20
        ),
        SectionLink(
            "evaluation", "Evaluation", reverse("diagnostics:evaluation", args=[programme.pk]), 80
        ),
    ]
