"""The comments page: released comments by question, each with the cultural elements it is
coded to, and the filter by element with its k rule (docs/anonymity.md, rule 5).

The k rule: a filter that picks fewer than k comments shows none of their text. Comments
are released only for a question at least k people answered, so that no comment is read on
its own; a filter must not undo that by picking one or two out, whoever coded them. The page
then says how many comments the filter picked, and to read them among all comments."""

from dataclasses import dataclass, field

from programmes.constants import Element

ALL = ""
UNCODED = "uncoded"
ELEMENT_LABELS = dict(Element.choices)


@dataclass(frozen=True)
class ShownComment:
    id: str
    number: int  # its place among all the survey's comments, the same under every filter
    text: str
    coded: bool
    elements: list[str]  # labels, in the framework's order


@dataclass
class QuestionComments:
    question: str
    comments: list[ShownComment] = field(default_factory=list)
    # Fewer than k people answered it, so none of its comments were released.
    withheld: bool = False


@dataclass
class CommentPage:
    chosen: str  # ALL, UNCODED or an element
    chosen_label: str
    options: list[tuple[str, str]]  # (value, label) for the filter
    total: int
    matching: int  # comments the filter picks
    hidden: bool  # a filter picked fewer than k: their text is not shown
    questions: list[QuestionComments]

    @property
    def filtered(self) -> bool:
        return self.chosen != ALL


def element_order(framework_elements, comments) -> list[str]:
    """The framework's elements, then any other element a comment is coded to (coded under an
    earlier programme's framework), in the vocabulary's order."""
    coded = {code.element for comment in comments for code in comment.codes.all()}
    return list(framework_elements) + [
        element for element in Element.values if element in coded - set(framework_elements)
    ]


def comment_page(*, questions, comments, framework_elements, chosen: str, k: int) -> CommentPage:
    """`questions`: the survey's free-text questions in order; `comments`: its released
    comments with their codes prefetched; `chosen`: the filter asked for (anything unknown
    is all comments)."""
    elements = element_order(framework_elements, comments)
    order = {element: n for n, element in enumerate(elements)}
    codes = {
        comment.pk: sorted((c.element for c in comment.codes.all()), key=order.__getitem__)
        for comment in comments
    }
    counts = dict.fromkeys(elements, 0)
    for comment_codes in codes.values():
        for element in comment_codes:
            counts[element] += 1
    uncoded = sum(not comment.elements_decided for comment in comments)
    options = [
        (ALL, f"All comments ({len(comments)})"),
        *((element, f"{ELEMENT_LABELS[element]} ({counts[element]})") for element in elements),
        (UNCODED, f"Not coded yet ({uncoded})"),
    ]
    labels = dict(options)
    if chosen not in labels:
        chosen = ALL

    def picked(comment) -> bool:
        if chosen == ALL:
            return True
        if chosen == UNCODED:
            return not comment.elements_decided
        return chosen in codes[comment.pk]

    numbered = [(number, comment) for number, comment in enumerate(comments, start=1)]
    matching = [(number, comment) for number, comment in numbered if picked(comment)]
    hidden = chosen != ALL and len(matching) < k
    by_question = {question.pk: QuestionComments(question.text) for question in questions}
    if not hidden:
        for number, comment in matching:
            if comment.question_id not in by_question:  # a question no longer asked
                by_question[comment.question_id] = QuestionComments(comment.question.text)
            by_question[comment.question_id].comments.append(
                ShownComment(
                    id=str(comment.pk),
                    number=number,
                    text=comment.text,
                    coded=comment.elements_decided,
                    elements=[ELEMENT_LABELS[e] for e in codes[comment.pk]],
                )
            )
    shown = []
    for group in by_question.values():
        if chosen == ALL:
            group.withheld = not group.comments
            shown.append(group)
        elif group.comments:
            shown.append(group)
    return CommentPage(
        chosen=chosen,
        chosen_label=ELEMENT_LABELS.get(chosen, ""),
        options=options,
        total=len(comments),
        matching=len(matching),
        hidden=hidden,
        questions=shown,
    )
