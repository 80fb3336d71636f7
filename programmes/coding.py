"""Suggest which cultural elements a comment speaks to (a patient comment, or a survey
comment), from keywords.

These are suggestions for the change team to accept or correct, not a classifier: a short,
readable keyword table that anyone can check, rather than a model nobody can explain.

A keyword is a word (‘rude’), a stem ending in * (‘discriminat*’ for discrimination,
discriminated...) or a phrase (‘on time’). Where keywords overlap, the longest wins, so that
‘learning disability’ counts for equity and inclusion and not also for learning.

Negation is not handled, because it does not change the element: ‘nobody listened’ and
‘they listened’ are both about compassion, one good and one bad."""

import re
from collections.abc import Sequence

from programmes.constants import Element

MAX_SUGGESTIONS = 3


KEYWORDS: dict[str, tuple[str, ...]] = {
    Element.VISION_VALUES: (
        "values",
        "care about",
        "cares about",
        "cared about",
        "priorit*",
        "patients first",
        "put patients",
        "ethos",
        "mission",
        "vision",
        "culture",
        "what matters",
        "principles",
        "tick box",
        "tick-box",
        "bureaucra*",
        "money",
    ),
    Element.GOALS_PERFORMANCE: (
        "wait*",
        "delay*",
        "on time",
        "cancel*",
        "target*",
        "late",
        "running late",
        "too long",
        "took ages",
        "queue*",
        "postpon*",
        "rescheduled",
        "slow",
        "prompt*",
        "quick*",
        "efficien*",
        "inefficien*",
        "no beds",
        "standards",
    ),
    Element.SUPPORT_COMPASSION: (
        "kind",
        "kindly",
        "kindness",
        "unkind",
        "caring",
        "uncaring",
        "compassion*",
        "listen*",
        "rude*",
        "dignity",
        "respect*",
        "disrespect*",
        "empath*",
        "friendly",
        "unfriendly",
        "polite",
        "impolite",
        "gentle",
        "reassur*",
        "comfort*",
        "dismissive",
        "ignored",
        "took the time",
        "made me feel",
        "treated with",
    ),
    Element.LEARNING_INNOVATION: (
        "learn*",
        "lessons",
        "improv*",
        "mistake*",
        "error*",
        "went wrong",
        "complaint handled",
        "complaint was handled",
        "handled my complaint",
        "dealt with my complaint",
        "apolog*",
        "feedback",
        "suggestion*",
        "innovat*",
        "new system",
        "better way",
        "happen again",
        "training",
    ),
    Element.TEAMWORK: (
        "team",
        "teams",
        "teamwork",
        "communication between",
        "between departments",
        "between wards",
        "different departments",
        "handover*",
        "handed over",
        "passed between",
        "passed around",
        "passed from",
        "joined up",
        "joined-up",
        "talk to each other",
        "talking to each other",
        "worked together",
        "working together",
        "coordinat*",
        "colleagues",
        "nobody knew",
    ),
    Element.EQUITY_INCLUSION: (
        "discriminat*",
        "language",
        "interpreter*",
        "translat*",
        "disabled",
        "disabilit*",
        "learning disabilit*",
        "wheelchair*",
        "accessib*",
        "inaccessib*",
        "reasonable adjustment*",
        "race",
        "racis*",
        "racial*",
        "fair",
        "fairly",
        "unfair*",
        "equal*",
        "inequal*",
        "prejudic*",
        "deaf",
        "blind",
        "hearing loop",
        "treated differently",
    ),
}


# Phrases that contain a keyword without meaning it: they claim their words for no element.
NOT_KEYWORDS = ("kind of", "what kind", "any kind", "some kind", "fair enough")


def _pattern(keyword: str) -> str:
    """A keyword as a regular expression: whole words, any spacing, a * stem open-ended."""
    stem = keyword.endswith("*")
    words = re.split(r"[\s-]+", keyword.rstrip("*"))
    body = r"[\s-]+".join(re.escape(word) for word in words)
    return rf"\b{body}\w*" if stem else rf"\b{body}\b"


# Every keyword, longest first, so that the longest match claims its words.
_RULES: list[tuple[re.Pattern[str], str | None, int]] = sorted(
    (
        (re.compile(_pattern(keyword), re.IGNORECASE), element, len(keyword.split()))
        for element, keywords in [*KEYWORDS.items(), (None, NOT_KEYWORDS)]
        for keyword in keywords
    ),
    key=lambda rule: -len(rule[0].pattern),
)


def element_scores(text: str) -> dict[str, int]:
    """How strongly `text` matches each element: one point a matched word, so a phrase
    (more specific than a word) counts for more, and a keyword said twice counts twice."""
    claimed = [False] * len(text)
    scores: dict[str, int] = {}
    for pattern, element, words in _RULES:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(claimed[start:end]):
                continue
            claimed[start:end] = [True] * (end - start)
            if element is not None:
                scores[str(element)] = scores.get(str(element), 0) + words
    return scores


def suggest_elements(text: str, elements: Sequence[str]) -> list[str]:
    """Up to three of `elements` (a programme's framework) that the comment speaks to,
    strongest first; ties keep the framework's order. Empty if no keyword matches."""
    scores = element_scores(text)
    order = {str(element): n for n, element in enumerate(elements)}
    matched = [element for element in order if scores.get(element, 0) > 0]
    matched.sort(key=lambda element: (-scores[element], order[element]))
    return matched[:MAX_SUGGESTIONS]
