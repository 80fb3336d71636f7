from django.urls import reverse

from core.navigation import NavItem


def community_nav_items(request) -> list[NavItem]:
    return [NavItem("Community", reverse("community:directory"), order=45)]
