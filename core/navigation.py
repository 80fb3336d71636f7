"""Header menu entries that apps contribute, so upstream apps need not import downstream ones
(docs/architecture.md). Each app registers a provider in its AppConfig.ready()."""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse


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


# The few sections open to everyone, in the header menu of someone not signed in.
_public_items: list[tuple[str, str, int]] = []


def register_public_item(text: str, url_name: str, *, order: int = 50) -> None:
    if all(existing != url_name for _, existing, _ in _public_items):
        _public_items.append((text, url_name, order))


def public_items() -> list[NavItem]:
    return [NavItem(text, reverse(url_name), order) for text, url_name, order in _public_items]


# A programme's pages share a sub-navigation. `programmes` owns it, but some sections (the
# Discover tools, evaluation) come from `diagnostics`, which sits above it: each app registers
# its sections in AppConfig.ready(), so no template or module of a lower app names a higher
# one (docs/architecture.md).


@dataclass(frozen=True)
class SectionLink:
    key: str
    text: str
    href: str
    order: int = 50


_section_providers: list[Callable] = []


def register_programme_sections(provider: Callable) -> None:
    """provider(programme) -> list[SectionLink] for the programme's sub-navigation."""
    if provider not in _section_providers:
        _section_providers.append(provider)


def programme_sections(programme) -> list[SectionLink]:
    links = [link for provider in _section_providers for link in provider(programme)]
    return sorted(links, key=lambda link: link.order)


# The site's frame (header, footer, home page) is core's, but the pages it links to belong to
# higher apps: they register them here by role ("sign-in") and the frame asks by role.
_frame_urls: dict[str, str] = {}
_footer_links: list[tuple[int, str, str]] = []


def register_frame_url(role: str, url_name: str) -> None:
    _frame_urls[role] = url_name


def frame_url(role: str) -> str:
    """The address registered for a role, or "" when no app has registered one."""
    url_name = _frame_urls.get(role)
    return reverse(url_name) if url_name else ""


def register_footer_link(text: str, url_name: str, *, order: int = 50) -> None:
    if all(existing != url_name for _, _, existing in _footer_links):
        _footer_links.append((order, text, url_name))


def footer_links() -> list[tuple[str, str]]:
    return [(text, reverse(url_name)) for _, text, url_name in sorted(_footer_links)]
