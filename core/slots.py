"""Places in a lower app's pages that a higher app fills, so that no template names an app
above its own (docs/architecture.md): the frame's page-feedback form, the library's pointer
to members' stories, recommended resources on programme and results pages.

A higher app fills a slot in its AppConfig.ready(); a page with an unfilled slot shows
nothing there. A filler takes the page's context and the tag's arguments and returns a
template name and its context, HTML it has drawn itself (a SafeString), or None to show
nothing."""

from collections.abc import Callable

Filler = Callable[..., tuple[str, dict] | str | None]

_fillers: dict[str, Filler] = {}


def fill(slot: str, filler: Filler) -> None:
    _fillers[slot] = filler


def filler_for(slot: str) -> Filler | None:
    return _fillers.get(slot)
