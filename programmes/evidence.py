"""Coded evidence for the synthesis board: what the Discover tools' own records already say
about each cultural element (themes coded in board interviews and focus groups, coded
patient comments), counted beside the findings typed by hand.

Those records belong to diagnostics, which sits above programmes (docs/architecture.md), so
diagnostics registers a provider here in its AppConfig.ready(); the board asks every
provider and never imports diagnostics. A provider takes the programme and the person
looking, and decides itself what that person may see: counts for everyone who may open the
board, the coded words only for those the tool's own page shows them to."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from programmes.constants import DiagnosticTool
from programmes.models import Programme


@dataclass(frozen=True)
class CodedEvidence:
    """How many records of one kind from one tool are coded to one element."""

    element: str
    tool: str  # a DiagnosticTool value: the board column it belongs to
    noun: str  # what is counted, singular: "theme", "patient comment"
    count: int
    link: str = ""  # the tool's page, where the records can be read
    # A few of the coded words with how many times each was coded (the same theme heard
    # in several interviews counts more), for someone allowed to read them; else empty.
    examples: tuple[tuple[str, int], ...] = field(default_factory=tuple)

    @property
    def tool_label(self) -> str:
        return DiagnosticTool(self.tool).label

    @property
    def more(self) -> int:
        """How many coded records the examples leave out (0 when no words are shown)."""
        return self.count - sum(times for _, times in self.examples) if self.examples else 0

    @property
    def description(self) -> str:
        plural = self.noun if self.count == 1 else f"{self.noun}s"
        return f"{self.count:,} {plural}"


Provider = Callable[..., Iterable[CodedEvidence]]

_providers: list[Provider] = []


def register(provider: Provider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def coded_evidence(*, programme: Programme, user) -> list[CodedEvidence]:
    """Every provider's evidence for the programme, as the user may see it."""
    found: list[CodedEvidence] = []
    for provider in _providers:
        found.extend(item for item in provider(programme=programme, user=user) if item.count)
    return found
