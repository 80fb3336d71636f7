from django.urls import reverse

from accounts.selectors import trust_roles_for
from core.navigation import NavItem, contributed_items, public_items


def navigation(request):
    """Header menu and account area by role; apps add their own entries (core.navigation)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        items = sorted(public_items(), key=lambda item: item.order)
        return {"nav_items": _marked(request, items), "can_switch_trust": False}
    items = []
    if user.is_national_admin:
        items.append(NavItem("Admin overview", reverse("accounts:admin-overview"), order=10))
    trust = request.current_trust
    if trust:
        href = reverse("accounts:trust-detail", kwargs={"ods_code": trust.ods_code})
        items.append(NavItem(trust.name, href, order=20))
    items.extend(contributed_items(request))
    items.sort(key=lambda item: item.order)
    return {
        "nav_items": _marked(request, items),
        "can_switch_trust": len(trust_roles_for(user)) > 1,
    }


def _marked(request, items) -> list[dict]:
    return [
        {"text": item.text, "href": item.href, "current": _is_current(request.path, item.href)}
        for item in items
    ]


def _is_current(path: str, href: str) -> bool:
    return path == href or (href.count("/") > 2 and path.startswith(href))
