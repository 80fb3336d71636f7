from django.urls import reverse

from core.navigation import NavItem


def programme_nav_items(request) -> list[NavItem]:
    items = []
    trust = request.current_trust
    if trust:
        href = reverse("programmes:for-trust", kwargs={"ods_code": trust.ods_code})
        items.append(NavItem("Programme", href, order=20))
    if request.user.is_national_admin:
        items.append(NavItem("Step template", reverse("programmes:template"), order=17))
    return items
