"""Display values shared by every app's presenters (house style §11: formatting for display,
such as status tag colours, is decided in presenters, never in templates or views)."""

from dataclasses import dataclass

# The NHS.UK tag colour modifiers this portal uses; "" is the default (dark blue) tag.
TAG_COLOURS = frozenset({"", "white", "grey", "green", "blue", "red", "orange", "yellow"})


@dataclass(frozen=True)
class Tag:
    """An NHS.UK tag: its words and its colour, drawn by components/tag.html."""

    text: str
    colour: str = ""
    element: str = "strong"  # "span" where the page draws the tag as plain text

    def __post_init__(self):
        if self.colour not in TAG_COLOURS:
            raise ValueError(f"Not an NHS.UK tag colour: {self.colour!r}")
        if self.element not in {"strong", "span"}:
            raise ValueError(f"A tag is a strong or a span, not {self.element!r}")

    @property
    def css_class(self) -> str:
        return f"nhsuk-tag nhsuk-tag--{self.colour}" if self.colour else "nhsuk-tag"
