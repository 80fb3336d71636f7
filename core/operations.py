"""What an operator watches: figures each app contributes (queue length, failed or lagging
aggregation, unsent e-mails), read by `manage.py portal_status`. Apps register a provider
in AppConfig.ready(), so core needs no import of them (docs/architecture.md)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from kombu import Connection
from kombu.exceptions import ChannelError


@dataclass(frozen=True)
class Figure:
    name: str
    value: int | float | str
    problem: bool = False  # True when an operator should act
    note: str = ""


_providers: list[Callable[[], list[Figure]]] = []


def register(provider: Callable[[], list[Figure]]) -> None:
    if provider not in _providers:
        _providers.append(provider)


def queue_length() -> Figure:
    """Tasks waiting in the broker's default queue (Redis: the list's length)."""
    if not settings.CELERY_BROKER_CONFIGURED:
        return Figure("celery.queue_length", 0, note="no broker: tasks run eagerly")
    try:
        with Connection(settings.CELERY_BROKER_URL, connect_timeout=2) as broker:
            broker.ensure_connection(max_retries=1, timeout=2)
            channel = broker.channel()
            try:
                _, waiting, _ = channel.queue_declare(
                    queue=settings.CELERY_TASK_DEFAULT_QUEUE, passive=True
                )
            except ChannelError:  # Redis drops an empty queue's key: nothing waiting
                waiting = 0
            finally:
                channel.close()
    except Exception as error:  # noqa: BLE001 - any failure means the broker is down
        return Figure("celery.queue_length", "unknown", problem=True, note=type(error).__name__)
    return Figure("celery.queue_length", waiting, problem=waiting > 1000)


def all_figures() -> list[Figure]:
    return [queue_length(), *(figure for provider in _providers for figure in provider())]
