from django.urls import reverse

from accounts.selectors import trust_roles_for


def _item(request, text, url_name, **kwargs):
    href = reverse(url_name, kwargs=kwargs or None)
    return {"text": text, "href": href, "current": request.path == href}


def navigation(request):
    """Header menu and account area by role. Later apps add their own entries here."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "can_switch_trust": False}
    items = []
    if user.is_national_admin:
        items.append(_item(request, "Admin overview", "accounts:admin-overview"))
    trust = request.current_trust
    if trust:
        items.append(_item(request, trust.name, "accounts:trust-detail", ods_code=trust.ods_code))
    return {"nav_items": items, "can_switch_trust": len(trust_roles_for(user)) > 1}
