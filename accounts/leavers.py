"""What a person leaving a trust's team leaves behind in higher apps. accounts cannot import
them (docs/architecture.md, "Which way dependencies point"), so each registers a handler
from its AppConfig.ready(): programmes says whether the leaver is a programme's board
sponsor and which steps and actions they own, and hands those on when they go."""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class LeaverImpact:
    # Names of the trust's active programmes the person is the named board sponsor of.
    sponsor_of: list[str] = field(default_factory=list)
    # Things the person owns that will show "no owner" once they go, as human phrases
    # ("3 programme steps").
    owned: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class LeaverHandler:
    # (trust, user) -> LeaverImpact: what would be left behind, before anything changes.
    describe: Callable
    # (trust, user, replacement_sponsor, leaving) -> None, in the caller's transaction: hand
    # a sponsored programme to the replacement (if given); when leaving, also clear what
    # the person owned. A sponsor who only changes role keeps what they own.
    apply: Callable


_handlers: list[LeaverHandler] = []


def register(handler: LeaverHandler) -> None:
    if handler not in _handlers:
        _handlers.append(handler)


def leaver_impact(*, trust, user) -> LeaverImpact:
    impact = LeaverImpact()
    for handler in _handlers:
        found = handler.describe(trust, user)
        impact.sponsor_of += found.sponsor_of
        impact.owned += found.owned
    return impact


def leaver_apply(*, trust, user, replacement_sponsor, leaving: bool) -> None:
    for handler in _handlers:
        handler.apply(trust, user, replacement_sponsor, leaving)
