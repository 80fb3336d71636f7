"""The library's facet counts and totals, checked against counting resource by resource:
the pure function over tag sets (hypothesis) and the whole search on the test database,
with words and without, on SQLite and PostgreSQL alike."""

import itertools
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from resources import presenters, selectors
from resources.services import tags_for
from tests.resources.test_views import make_resource

CHOICES = {facet: [code for code, _ in choices] for facet, (_, choices) in selectors.FACETS.items()}


def counted_one_by_one(tag_sets: list[frozenset], filters: dict[str, str]):
    """What each facet option and the total should say, from each resource in turn."""
    wanted = {facet: f"{facet}:{code}" for facet, code in filters.items() if code}
    total = sum(1 for tags in tag_sets if set(wanted.values()) <= tags)
    counts = {}
    for facet, codes in CHOICES.items():
        others = {tag for name, tag in wanted.items() if name != facet}
        for code in codes:
            counts[facet, code] = sum(
                1 for tags in tag_sets if others <= tags and f"{facet}:{code}" in tags
            )
    return counts, total


def shown(facets) -> dict:
    return {
        (facet["name"], option["code"]): option["count"]
        for facet in facets
        for option in facet["options"]
    }


def expected_shown(counts, filters):
    # Options with no results are left out, unless they are the chosen one.
    return {
        (facet, code): number
        for (facet, code), number in counts.items()
        if number or filters.get(facet) == code
    }


resource_tags = st.builds(
    lambda kind, phases, tools, elements, audience: frozenset(
        tag
        for tag in tags_for(
            kind=kind, phases=phases, tools=tools, elements=elements, audience=audience
        ).split("|")
        if tag
    ),
    st.sampled_from(CHOICES["kind"]),
    st.lists(st.sampled_from(CHOICES["phase"]), max_size=3, unique=True),
    st.lists(st.sampled_from(CHOICES["tool"]), max_size=2, unique=True),
    st.lists(st.sampled_from(CHOICES["element"]), max_size=3, unique=True),
    st.lists(st.sampled_from(CHOICES["audience"]), max_size=2, unique=True),
)
chosen_filters = st.fixed_dictionaries(
    {},
    optional={facet: st.sampled_from(codes) for facet, codes in CHOICES.items()},
)


@settings(max_examples=300, deadline=None)
@given(st.lists(resource_tags, max_size=40), chosen_filters)
def test_facets_from_tag_sets_equal_counting_resource_by_resource(tag_sets, filters):
    sets = Counter("|" + "|".join(sorted(tags)) + "|" for tags in tag_sets)
    facets, total = selectors._facets_from_tag_sets(sets.items(), filters)
    counts, expected_total = counted_one_by_one(tag_sets, filters)
    assert total == expected_total
    assert shown(facets) == expected_shown(counts, filters)


LIBRARY = [
    ("guide", ["discover"], ["survey"], ["teamwork"]),
    ("guide", ["discover", "design"], ["board_interviews"], ["teamwork", "learning_innovation"]),
    ("tool", ["design"], [], ["vision_values"]),
    ("tool", ["discover"], ["survey", "focus_groups"], []),
    ("template", ["deliver"], [], ["teamwork"]),
    ("case_study", ["discover", "deliver"], ["survey"], ["vision_values", "teamwork"]),
    ("guide", [], [], []),
]


@pytest.fixture
def library(national_admin):
    from tests.accounts.factories import UserFactory

    author = UserFactory(full_name="Cara Curator", national_admin=True)
    made = []
    for number, (kind, phases, tools, elements) in enumerate(LIBRARY):
        made.append(
            make_resource(
                author,
                title=f"Listening guide {number}",
                publish_by=national_admin,
                link="https://example.org/",
                kind=kind,
                phases=phases,
                tools=tools,
                elements=elements,
            )
        )
    # A draft is never counted.
    make_resource(author, title="Listening draft", link="https://example.org/", kind="tool")
    return made


FILTER_CASES = [
    {},
    {"phase": "discover"},
    {"phase": "discover", "tool": "survey"},
    {"kind": "guide", "element": "teamwork"},
    {"phase": "deliver", "tool": "survey", "element": "vision_values", "kind": "case_study"},
    {"kind": "video"},
]


@pytest.mark.parametrize(("query", "filters"), itertools.product(["", "listening"], FILTER_CASES))
def test_library_search_counts_equal_counting_resource_by_resource(library, query, filters):
    result = selectors.library_search(query=query, filters=filters, sort="relevance")
    tag_sets = [frozenset(t for t in resource.tags.split("|") if t) for resource in library]
    counts, total = counted_one_by_one(tag_sets, filters)
    assert result.total == total
    assert shown(result.facets) == expected_shown(counts, filters)
    listed = {resource.title for resource in result.resources[0:20]}
    wanted = {f"{facet}:{code}" for facet, code in filters.items()}
    assert listed == {
        resource.title for resource, tags in zip(library, tag_sets, strict=True) if wanted <= tags
    }


def test_browsing_pages_by_title_and_a_page_past_the_end_gives_the_last(library):
    first = selectors.library_search(query="", filters={}, sort="title", page=1, size=3)
    titles = [resource.title for resource in first.resources[0:3]]
    assert titles == ["Listening guide 0", "Listening guide 1", "Listening guide 2"]
    last = selectors.library_search(query="", filters={}, sort="title", page=99, size=3)
    assert [resource.title for resource in last.resources[6:9]] == ["Listening guide 6"]


def test_related_resources_share_tags_and_leave_the_library_with_an_archived_one(
    client, library, national_admin, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    from resources import services

    page = reverse("resources:detail", args=[library[0].slug])
    html = client.get(page).content.decode()
    # Guide 0 (discover, survey, teamwork) shares most with 5, then 3 and 1; 6 shares none.
    related = html[html.index("Related resources") :]
    assert [title for title in ("5", "3", "1") if f"Listening guide {title}<" in related] == [
        "5",
        "3",
        "1",
    ]
    assert "Listening guide 0<" not in related and "Listening guide 6<" not in related
    assert "Listening draft" not in related
    with django_capture_on_commit_callbacks(execute=True):
        services.resource_archive(resource=library[5], actor=national_admin)
    related = client.get(page).content.decode().split("Related resources")[1]
    # The cached list is dropped at once when what is published changes.
    assert "Listening guide 5<" not in related
    assert "Listening guide 3<" in related


@pytest.mark.parametrize(
    ("page", "shown"),
    [
        ("-3", [0, 1, 2]),
        ("0", [0, 1, 2]),
        ("two", [0, 1, 2]),
        ("", [0, 1, 2]),
        ("2", [3, 4, 5]),
        ("3", [6]),
        ("999", [6]),  # past the end: the last page
        ("9" * 30, [6]),  # a number no database OFFSET takes
    ],
)
@pytest.mark.parametrize("query", ["", "listening"])
def test_any_page_number_shows_a_page_of_results(client, library, monkeypatch, page, shown, query):
    from django.urls import reverse

    from resources import views

    monkeypatch.setattr(views, "PAGE_SIZE", 3)
    html = client.get(reverse("resources:library"), {"q": query, "page": page}).content.decode()
    listed = [number for number in range(7) if f"Listening guide {number}<" in html]
    assert listed == shown


def test_a_facet_code_is_matched_literally_not_as_a_like_pattern(library):
    # '_' is LIKE's one-character wildcard: 'case_study' must not match 'caseXstudy'.
    from resources.models import Resource

    Resource.objects.filter(pk=library[6].pk).update(tags="|kind:caseXstudy|")
    result = selectors.library_search(
        query="listening", filters={"kind": "case_study"}, sort="relevance"
    )
    assert [resource.title for resource in result.resources[0:20]] == ["Listening guide 5"]


def test_cached_lists_last_no_longer_than_until_the_next_scheduled_publication(
    library, national_admin
):
    import datetime

    from django.utils import timezone

    from resources import services
    from resources.models import Resource

    assert selectors._cached_list_seconds() == selectors.RECOMMENDATIONS_SECONDS
    soon = make_resource(library[0].owner, title="Listening soon", link="https://example.org/")
    services.resource_submit(resource=soon, actor=soon.owner)
    services.resource_approve(
        resource=soon,
        actor=national_admin,
        publish_at=timezone.now() + datetime.timedelta(seconds=90),
    )
    assert 80 <= selectors._cached_list_seconds() <= 90
    # Once it is live, the lists go back to ten minutes.
    Resource.objects.filter(pk=soon.pk).update(publish_at=timezone.now())
    assert selectors._cached_list_seconds() == selectors.RECOMMENDATIONS_SECONDS


@pytest.mark.parametrize(
    "body",
    [
        "<img src=x onerror=alert(1)>interview& more",
        "<script>alert('interview')</script> and the Interviews \"quoted\" after",
        "a " * 400 + "<b>interview</b>" + " tail" * 40,
    ],
)
def test_a_snippet_is_escaped_except_for_its_marks(body):
    snippet = presenters.snippet_html(selectors._snippet(body, ["interview"]))
    assert "<mark>" in snippet
    bare = snippet.replace("<mark>", "").replace("</mark>", "")
    assert "<" not in bare and ">" not in bare and '"' not in bare
    assert snippet.count("<mark>") == snippet.count("</mark>")


def test_the_selector_gives_plain_text_and_the_presenter_escapes_it():
    body = "Notes <script>alert('interview')</script> & more interviews"
    snippet = selectors._snippet(body, ["interview"])
    assert snippet.text == body  # plain text, not HTML
    assert [snippet.text[start:end] for start, end in snippet.marks] == [
        "interview",
        "interviews",
    ]
    html = presenters.snippet_html(snippet)
    assert html == (
        "Notes &lt;script&gt;alert(&#x27;<mark>interview</mark>&#x27;)&lt;/script&gt; "
        "&amp; more <mark>interviews</mark>"
    )
    assert presenters.snippet_html(None) == ""


def test_a_long_body_is_cut_with_ellipses():
    body = "word " * 100 + "interview" + " tail" * 100
    html = presenters.snippet_html(selectors._snippet(body, ["interview"]))
    assert html.startswith("… ") and html.endswith(" …")
    assert "<mark>interview</mark>" in html
