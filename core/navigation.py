"""Header menu entries that apps contribute, so upstream apps need not import downstream ones
(DESIGN.md section 2). Each app registers a provider in its AppConfig.ready()."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class NavItem:
    text: str
    href: str
    order: int = 50


_providers: list[Callable] = []


def register(provider: Callable) -> None:
    """provider(request) -> list[NavItem] for the signed-in user."""
    if provider not in _providers:
        _providers.append(provider)


def contributed_items(request) -> list[NavItem]:
    return [item for provider in _providers for item in provider(request)]
