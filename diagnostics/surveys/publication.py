"""The one narrow way to ask for a closed survey's final figures.

The close lives here in `surveys`, but working out figures belongs to `results`, which sits
above `surveys` and may not be imported from it (docs/architecture.md, "Inside diagnostics").
So the app connects a publisher at start-up, and the close, the sweep and "Try again now" all
call `request_final_figures`. Nothing is queued until the caller's transaction commits."""

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

_publisher: Callable[[int], None] | None = None


def connect(publisher: Callable[[int], None]) -> None:
    """publisher(wave_id) queues the work; called by DiagnosticsConfig.ready()."""
    global _publisher
    _publisher = publisher


def request_final_figures(*, wave_id: int) -> None:
    """Queue the publication of a closed wave's figures once the transaction commits. Nothing
    asks for it per submit: no log line or queue entry is timed by a response."""
    if _publisher is None:
        raise ImproperlyConfigured("No results publisher is connected (DiagnosticsConfig.ready)")
    publisher = _publisher
    transaction.on_commit(lambda: publisher(wave_id))
