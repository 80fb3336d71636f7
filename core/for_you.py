""" "For you": the work waiting for a person, gathered from every app (docs/architecture.md,
"For you"). Each app registers a provider from its AppConfig.ready(): a function of the
user returning items. Each provider answers in a fixed number of queries, whatever the
number of items; an item goes away when its work is done, because it is read live."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache


@dataclass(frozen=True)
class Item:
    # What is waiting, as a sentence: "Sign off the Discover phase of Riverside Together".
    text: str
    # Where it is done.
    url: str
    # The heading it is listed under: "Sign-offs", "Your steps and actions"...
    group: str


_providers: list[Callable] = []


def register(provider: Callable) -> None:
    if provider not in _providers:
        _providers.append(provider)


def items_for(user) -> list[Item]:
    if not user.is_authenticated:
        return []
    items = [item for provider in _providers for item in provider(user)]
    cache.set(_count_key(user), len(items), COUNT_SECONDS)
    return items


@dataclass(frozen=True)
class Group:
    name: str
    # The items shown: on a landing page the first few; on the For you page, all.
    items: list[Item]
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.items)


# A landing page shows this many of each group, and links to the whole list for the rest.
LANDING_PAGE_ITEMS = 5


def grouped(items: list[Item], *, limit: int | None = None) -> list[Group]:
    groups: dict[str, list[Item]] = {}
    for item in items:
        groups.setdefault(item.group, []).append(item)
    return [
        Group(name=name, items=members[:limit] if limit else members, total=len(members))
        for name, members in groups.items()
    ]


def group_total(groups: list[Group] | None, name: str) -> int | None:
    """How many items the named group holds (0 if none), or None when there is no list to
    count from: lets a page's summary figures agree with its For you list without asking
    the database again."""
    if groups is None:
        return None
    return next((group.total for group in groups if group.name == name), 0)


def week_ends(today: datetime.date) -> datetime.date:
    """The Sunday of today's week: what is due or happens "this week" falls on or before it."""
    return today + datetime.timedelta(days=6 - today.weekday())


# The header shows the count on every page; it is kept this long rather than worked out
# on each request. The list itself is always read live.
COUNT_SECONDS = 60


def _count_key(user) -> str:
    return f"for-you-count:{user.pk}"


def count_for(user) -> int:
    if not user.is_authenticated:
        return 0
    count = cache.get(_count_key(user))
    if count is None:
        count = len(items_for(user))
    return count


def count_forget(user_ids) -> None:
    """Work changed hands: the next page shows these people's count afresh."""
    cache.delete_many([f"for-you-count:{pk}" for pk in user_ids])
