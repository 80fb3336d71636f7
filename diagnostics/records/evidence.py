"""What the record-based tools put on the synthesis board (programmes/evidence.py): themes
coded in board interviews and focus groups, and coded patient comments, per element.

Everyone who may open the board sees the counts. The words follow each tool's own page:
theme texts only for those who may change the programme (the interview and focus-group
pages keep them to the OD lead and change team, since a board member's role can say who
they are); patient comments for everyone who may read the patient-experience page."""

from collections import Counter

from django.urls import reverse

from diagnostics.records import selectors
from programmes.constants import DiagnosticTool
from programmes.evidence import CodedEvidence
from programmes.rules import Permission

EXAMPLES = 3


def most_heard(texts) -> tuple[tuple[str, int], ...]:
    """The themes coded most often first, each once with its count: the same words coded
    from several interviews are one theme heard several times. Case and spacing differences
    do not make a theme new; the first wording recorded is shown."""
    counts: Counter = Counter()
    wording: dict[str, str] = {}
    for text in texts:
        key = " ".join(text.split()).casefold()
        counts[key] += 1
        wording.setdefault(key, text.strip())
    return tuple((wording[key], times) for key, times in counts.most_common(EXAMPLES))


def _themes(programme, *, source: str, tool: str, url_name: str, with_text: bool):
    link = reverse(f"diagnostics:{url_name}", kwargs={"pk": programme.pk})
    if with_text:
        texts = selectors.theme_texts(programme=programme, source=source)
        counts = {element: len(items) for element, items in texts.items()}
    else:
        texts = {}
        counts = selectors.theme_counts(programme=programme, source=source)
    return [
        CodedEvidence(
            element=element,
            tool=tool,
            noun="coded theme",
            count=count,
            link=link,
            examples=most_heard(texts.get(element, ())),
        )
        for element, count in counts.items()
    ]


def _patient_comments(programme):
    figures = selectors.patient_comment_figures(programme=programme)
    by_element = figures["by_element"]
    if not by_element:
        return []
    samples = selectors.patient_comment_samples(
        programme=programme, elements=list(by_element), limit=EXAMPLES
    )
    link = reverse("diagnostics:patient-experience", kwargs={"pk": programme.pk})
    return [
        CodedEvidence(
            element=element,
            tool=DiagnosticTool.PATIENT_EXPERIENCE,
            noun="coded patient comment",
            count=count,
            link=link,
            examples=tuple((comment.text, 1) for comment in samples.get(element, ())),
        )
        for element, count in by_element.items()
    ]


def coded_records(*, programme, user) -> list[CodedEvidence]:
    with_text = user.has_perm(Permission.EDIT_PROGRAMME, programme)
    return [
        *_themes(
            programme,
            source="interview",
            tool=DiagnosticTool.BOARD_INTERVIEWS,
            url_name="interviews",
            with_text=with_text,
        ),
        *_themes(
            programme,
            source="focus_group",
            tool=DiagnosticTool.FOCUS_GROUPS,
            url_name="focus-groups",
            with_text=with_text,
        ),
        *_patient_comments(programme),
    ]
