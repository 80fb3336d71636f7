from django.urls import reverse

from core.navigation import NavItem, SectionLink


def programme_nav_items(request) -> list[NavItem]:
    items = []
    trust = request.current_trust
    if trust:
        href = reverse("programmes:for-trust", kwargs={"ods_code": trust.ods_code})
        items.append(NavItem("Programme", href, order=20))
    if request.user.is_national_admin:
        items.append(NavItem("Step template", reverse("programmes:template"), order=17))
    return items


# The programme's own sections; diagnostics adds the Discover tools (20) and evaluation (80).
SECTIONS = [
    ("overview", "Overview", "programmes:overview", 10),
    ("findings", "Findings", "programmes:findings", 30),
    ("synthesis", "Synthesis board", "programmes:synthesis", 40),
    ("interventions", "Interventions", "programmes:interventions", 50),
    ("strategy", "Strategy", "programmes:strategy", 60),
    ("actions", "Action plan", "programmes:actions", 70),
    ("activity", "Activity", "programmes:activity", 90),
]


def programme_sections(programme) -> list[SectionLink]:
    return [
        SectionLink(key, text, reverse(name, args=[programme.pk]), order)
        for key, text, name, order in SECTIONS
    ]
