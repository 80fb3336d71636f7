from django.urls import reverse

from core.navigation import NavItem


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
