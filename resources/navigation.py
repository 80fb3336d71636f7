from django.urls import reverse

from core.navigation import NavItem


def library_nav_items(request) -> list[NavItem]:
    items = [NavItem("Resources", reverse("resources:library"), order=40)]
    if request.user.is_national_admin:
        items.append(NavItem("Curate library", reverse("resources:curate"), order=18))
    return items
