"""Display shapes for the library: facet chips, page links, labels, review diffs and search
snippets."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString

from programmes.constants import DiagnosticTool, Element, PhaseKind
from resources.constants import Audience, ResourceKind
from resources.diffing import field_changes

FACET_CHOICES = {
    "phase": dict(PhaseKind.choices),
    "tool": dict(DiagnosticTool.choices),
    "element": dict(Element.choices),
    "kind": dict(ResourceKind.choices),
    "audience": dict(Audience.choices),
}
FIELD_LABELS = {
    "title": "Title",
    "summary": "Summary",
    "body": "Body",
    "kind": "Type",
    "link": "Link",
    "phases": "Phases",
    "tools": "Diagnostic tools",
    "elements": "Cultural elements",
    "audience": "Who it is for",
    "file": "File",
    "review_due": "Review by",
    "featured": "Featured",
}


_SLUG_PLACEHOLDER = "slug-placeholder"


def with_detail_urls(resources: list) -> list:
    """Each result's page address, from one reverse() for the list rather than one for
    every result (reverse() costs more than the rest of a result's markup). Slugs need no
    quoting."""
    before, after = reverse("resources:detail", args=[_SLUG_PLACEHOLDER]).split(_SLUG_PLACEHOLDER)
    for resource in resources:
        resource.detail_url = f"{before}{resource.slug}{after}"
    return resources


def facet_codes(facet: str) -> set[str]:
    return set(FACET_CHOICES.get(facet, {}))


def _query(params, **changes) -> str:
    merged = {key: value for key, value in params.items() if value}
    for key, value in changes.items():
        if value:
            merged[key] = value
        else:
            merged.pop(key, None)
    return "?" + urlencode(merged) if merged else "?"


def selected_chips(params, filters: dict[str, str]) -> list[tuple[str, str]]:
    """(label, link that removes it) for each filter in use."""
    return [
        (FACET_CHOICES[facet][code], _query(params, **{facet: "", "page": ""}))
        for facet, code in filters.items()
        if code
    ]


def tag_labels(resource) -> dict[str, list[str]]:
    return {
        "phases": [PhaseKind(code).label for code in resource.phases if code in PhaseKind.values],
        "tools": [
            DiagnosticTool(code).label for code in resource.tools if code in DiagnosticTool.values
        ],
        "elements": [Element(code).label for code in resource.elements if code in Element.values],
        "audience": [Audience(code).label for code in resource.audience if code in Audience.values],
        "kind": ResourceKind(resource.kind).label if resource.kind in ResourceKind.values else "",
    }


def form_initial(resource) -> dict:
    return {
        "title": resource.title,
        "summary": resource.summary,
        "body": resource.body,
        "kind": resource.kind,
        "phases": resource.phases,
        "tools": resource.tools,
        "elements": resource.elements,
        "audience": resource.audience,
        "link": resource.link,
        "owner": resource.owner_id,
        "review_due": resource.review_due,
        "featured": resource.featured,
    }


def changes_under_review(revisions, baseline: dict | None = None) -> list:
    """What changed between the last reviewed version and the latest: the reviewer's diff.
    `revisions` are newest first. With nothing reviewed before, against an empty resource."""
    if not revisions:
        return []
    latest = revisions[0]
    before = next(
        (
            revision
            for revision in revisions[1:]
            if revision.action.startswith("approved") or revision.action == "sent for review"
        ),
        None,
    )
    if baseline is not None and before is None:
        old = baseline  # proposed changes to a published resource: against what is live
    elif before is not None:
        old = before.snapshot
    else:
        old = {key: [] if isinstance(value, list) else "" for key, value in latest.snapshot.items()}
    return field_changes(_labelled(old), _labelled(latest.snapshot), FIELD_LABELS)


LIST_LABELS = {
    "phases": dict(PhaseKind.choices),
    "tools": dict(DiagnosticTool.choices),
    "elements": dict(Element.choices),
    "audience": dict(Audience.choices),
}


def _labelled(snapshot: dict) -> dict:
    """A snapshot with codes shown as their names, as the reviewer reads them."""
    labelled = dict(snapshot)
    for field, names in LIST_LABELS.items():
        labelled[field] = [str(names.get(code, code)) for code in snapshot.get(field, [])]
    if snapshot.get("kind") in ResourceKind.values:
        labelled["kind"] = str(ResourceKind(snapshot["kind"]).label)
    return labelled


def snippet_html(snippet) -> SafeString:
    """A search snippet (resources.selectors.Snippet) as HTML: its text escaped, each
    matching word in a <mark>, and an ellipsis where the text was cut."""
    if not snippet:
        return escape("")
    text = snippet.text
    html = escape("… " if snippet.cut_before else "")  # a SafeString, added to below
    position = 0
    for start, end in snippet.marks:
        html += escape(text[position:start])
        html += format_html("<mark>{}</mark>", text[start:end])
        position = end
    html += escape(text[position:])
    if snippet.cut_after:
        html += escape(" …")
    return html
