"""Reads for the library: what the public may see, search with facets, related and
recommended resources, and the curators' queues."""

import heapq
from collections import Counter
from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from accounts.models import User
from programmes.constants import DiagnosticTool, Element, PhaseKind
from resources.constants import ResourceKind
from resources.models import FeedbackStatus, PageFeedback, Resource, ResourceStatus

FACETS = {
    "phase": ("Phase", PhaseKind.choices),
    "tool": ("Diagnostic tool", [c for c in DiagnosticTool.choices if c[0] != "other"]),
    "element": ("Cultural element", Element.choices),
    "kind": ("Type", ResourceKind.choices),
}
MARK_START, MARK_STOP = "\u0002", "\u0003"
SORTS = {"relevance": "Best match", "newest": "Newest", "title": "Title (A to Z)"}


def published(now=None) -> QuerySet[Resource]:
    """Resources the public sees: published, and past their publication time."""
    now = now or timezone.now()
    return Resource.objects.filter(status=ResourceStatus.PUBLISHED, publish_at__lte=now)


def _filtered(queryset, filters: dict[str, str], skip: str | None = None):
    for facet, code in filters.items():
        if code and facet != skip:
            queryset = queryset.filter(tags__contains=f"|{facet}:{code}|")
    return queryset


def _matching(queryset, query: str):
    """Resources matching the words: PostgreSQL full text (stemmed, ranked by title over
    summary over body); on SQLite every word must appear somewhere, title hits first."""
    if connection.vendor == "postgresql":
        search = SearchQuery(query, search_type="websearch", config="english")
        return queryset.filter(search_vector=search).annotate(
            rank=SearchRank(F("rank_vector"), search)
        )
    for word in query.split():
        queryset = queryset.filter(
            Q(title__icontains=word) | Q(summary__icontains=word) | Q(body_text__icontains=word)
        )
    first = query.split()[0] if query.split() else ""
    return queryset.annotate(
        rank=Case(
            When(title__icontains=first, then=Value(3)),
            When(summary__icontains=first, then=Value(2)),
            default=Value(1),
            output_field=IntegerField(),
        )
    )


@contextmanager
def full_text_plan(query: str):
    """PostgreSQL's planner prices a full-text match as cheap, so for a word found in a
    fifth of the library it reads every row's search vector (about 50 ms at 10,000)
    instead of the GIN index (about 5 ms). Within this block, for searches only, it is
    told to prefer the index."""
    if not query or connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        yield


@dataclass
class SearchResult:
    resources: QuerySet
    facets: list[dict]
    total: int


class _PageLoader(Sequence):
    """Matches that load as Resources one page at a time, in order (what a Paginator
    slices). Only as many as the page needs are put in order: the first page of thousands
    of matches is a partial sort."""

    def __init__(self, rows: list[tuple], key, reverse: bool = False):
        self.rows, self.key, self.reverse = rows, key, reverse

    def __len__(self):
        return len(self.rows)

    def _first(self, count: int) -> list[tuple]:
        pick = heapq.nlargest if self.reverse else heapq.nsmallest
        return pick(count, self.rows, key=self.key)

    def __getitem__(self, index):
        if isinstance(index, slice):
            start, stop, _ = index.indices(len(self.rows))
            ids = [row[0] for row in self._first(stop)[start:stop]]
        else:
            ids = [self._first(index + 1)[index][0]]
        # A results list needs these; the bodies are large and stay in the database.
        loaded = Resource.objects.only(
            "slug", "title", "summary", "featured", "publish_at", "kind"
        ).in_bulk(ids)
        found = [loaded[pk] for pk in ids if pk in loaded]
        return found if isinstance(index, slice) else found[0]


def _ranked_search(base, filters: dict[str, str], sort: str) -> SearchResult:
    """PostgreSQL, with words to match: one query reads each match's rank and tags, and the
    facets, the total and the order are worked out from those in Python; only the page's
    resources are then loaded. The full-text match runs once."""
    fields = ["pk", "rank", "tags", "featured", "title"]
    if sort == "newest":
        fields.append("publish_at")
    # A raw cursor: thousands of rows, and Django's per-value converters would cost more
    # than the query itself.
    sql, params = base.order_by().values_list(*fields).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    wanted = {facet: f"{facet}:{code}" for facet, code in filters.items() if code}
    counts: dict[str, dict[str, int]] = {facet: {} for facet in FACETS}
    # Resources share few distinct tag strings: count those, then expand each once.
    missing_for: dict[str, list[str]] = {}
    for tag_string, number in Counter(row[2] for row in rows).items():
        tags = tag_string.strip("|").split("|")
        missing = missing_for[tag_string] = [f for f, tag in wanted.items() if tag not in tags]
        if len(missing) > 1:
            continue
        for tag in tags:
            facet = tag.split(":", 1)[0]
            # A facet counts resources that pass every other facet's filter.
            if facet in counts and (not missing or missing == [facet]):
                counts[facet][tag] = counts[facet].get(tag, 0) + number
    kept = [row for row in rows if not missing_for[row[2]]] if wanted else rows
    if sort == "newest":
        loader = _PageLoader(kept, key=lambda row: (row[5], _Reversed(row[4])), reverse=True)
    elif sort == "title":
        loader = _PageLoader(kept, key=lambda row: row[4])
    else:
        loader = _PageLoader(kept, key=lambda row: (-row[1], not row[3], row[4]))
    facets = [
        {
            "name": facet,
            "label": label,
            "selected": filters.get(facet, ""),
            "options": [
                {"code": code, "label": text, "count": counts[facet].get(f"{facet}:{code}", 0)}
                for code, text in choices
                if counts[facet].get(f"{facet}:{code}", 0) or filters.get(facet) == code
            ],
        }
        for facet, (label, choices) in FACETS.items()
    ]
    return SearchResult(resources=loader, facets=facets, total=len(kept))


class _Reversed:
    """Sorts in the opposite order: newest first, then titles A to Z within a moment."""

    def __init__(self, value):
        self.value = value

    def __lt__(self, other):
        return self.value > other.value

    def __eq__(self, other):
        return self.value == other.value


def library_search(*, query: str, filters: dict[str, str], sort: str, now=None) -> SearchResult:
    base = published(now)
    if query:
        base = _matching(base, query)
        if connection.vendor == "postgresql":
            return _ranked_search(base, filters, sort)
    results = _filtered(base, filters)
    if sort == "newest":
        results = results.order_by("-publish_at", "title")
    elif sort == "title" or not query:
        results = results.order_by("title")
    else:
        results = results.order_by("-rank", "-featured", "title")
    facets, total = facet_counts(base, filters)
    return SearchResult(resources=results, facets=facets, total=total)


def _tag_counts(queryset) -> tuple[dict[str, int], int]:
    """{tag: resources carrying it} and how many resources, in one pass (PostgreSQL)."""
    sql, params = queryset.order_by().values("tags").query.sql_with_params()
    with connection.cursor() as cursor:
        # The match runs once (a materialised CTE); the NULL row carries the total.
        cursor.execute(
            "WITH matched AS MATERIALIZED (" + sql + ") "  # noqa: S608 - Django's own SQL
            "SELECT NULL, count(*) FROM matched UNION ALL "
            "SELECT tag, count(*) FROM matched, "
            "unnest(string_to_array(trim(both '|' from matched.tags), '|')) AS tag "
            "GROUP BY tag",
            params,
        )
        tags = dict(cursor.fetchall())
    total = tags.pop(None, 0)
    return tags, total


def _facet_counts_by_tags(base, filters: dict[str, str]) -> tuple[list[dict], int]:
    """The same figures as facet_counts, from a GROUP BY over each resource's tags: one
    query for the facets without a filter, one more for each facet that has one."""
    everything, total = _tag_counts(_filtered(base, filters))
    counts = {}
    for facet in FACETS:
        if filters.get(facet):
            counts[facet], _ = _tag_counts(_filtered(base, filters, skip=facet))
        else:
            counts[facet] = everything
    facets = [
        {
            "name": facet,
            "label": label,
            "selected": filters.get(facet, ""),
            "options": [
                {"code": code, "label": text, "count": counts[facet].get(f"{facet}:{code}", 0)}
                for code, text in choices
                if counts[facet].get(f"{facet}:{code}", 0) or filters.get(facet) == code
            ],
        }
        for facet, (label, choices) in FACETS.items()
    ]
    return facets, total


def facet_counts(base, filters: dict[str, str]) -> tuple[list[dict], int]:
    """For each facet, each value with how many results it would give (counting with the
    other facets' filters applied), and the number of results: all in one aggregate query
    over the matching resources, so the full-text match runs once."""

    def others(skip):
        condition = Q()
        for facet, code in filters.items():
            if code and facet != skip:
                condition &= Q(tags__contains=f"|{facet}:{code}|")
        return condition

    if connection.vendor == "postgresql":
        return _facet_counts_by_tags(base, filters)
    counts = {
        f"{facet}__{code}": Count(
            "pk", filter=others(facet) & Q(tags__contains=f"|{facet}:{code}|")
        )
        for facet, (_, choices) in FACETS.items()
        for code, _ in choices
    }
    counts["total"] = Count("pk", filter=others(None))
    figures = base.aggregate(**counts)
    facets = [
        {
            "name": facet,
            "label": label,
            "selected": filters.get(facet, ""),
            "options": [
                {"code": code, "label": text, "count": figures[f"{facet}__{code}"]}
                for code, text in choices
                if figures[f"{facet}__{code}"] or filters.get(facet) == code
            ],
        }
        for facet, (label, choices) in FACETS.items()
    ]
    return facets, figures["total"]


def with_snippets(resources: list[Resource], query: str) -> list[Resource]:
    """Highlighted snippets for one page of results (PostgreSQL; the summary elsewhere)."""
    if not query or connection.vendor != "postgresql" or not resources:
        for resource in resources:
            resource.snippet = ""
        return resources
    search = SearchQuery(query, search_type="websearch", config="english")
    snippets = dict(
        Resource.objects.filter(pk__in=[r.pk for r in resources])
        .annotate(
            snippet=SearchHeadline(
                "body_text",
                search,
                config="english",
                # Sentinels, not tags: the text is escaped first, then marked (below).
                start_sel=MARK_START,
                stop_sel=MARK_STOP,
                max_words=30,
                min_words=12,
                max_fragments=1,
            )
        )
        .values_list("pk", "snippet")
    )
    for resource in resources:
        text = escape(snippets.get(resource.pk, ""))
        resource.snippet = mark_safe(  # noqa: S308 - escaped above; only <mark> added
            text.replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>")
        )
    return resources


def featured(*, limit: int = 4) -> list[Resource]:
    return list(published().filter(featured=True).order_by("title")[:limit])


def resource_get_published(*, slug: str) -> Resource | None:
    return published().filter(slug=slug).select_related("owner").first()


def related_to(resource: Resource, *, limit: int = 3) -> list[Resource]:
    """Published resources sharing the most phases, tools and elements with this one."""
    tags = [tag for tag in resource.tags.strip("|").split("|") if not tag.startswith("kind:")]
    if not tags:
        return []
    shared = sum(
        (Case(When(tags__contains=f"|{tag}|", then=Value(1)), default=Value(0)) for tag in tags),
        Value(0),
    )
    return list(
        published()
        .exclude(pk=resource.pk)
        .annotate(shared=shared)
        .filter(shared__gt=0)
        .order_by("-shared", "-featured", "title")[:limit]
    )


LIBRARY_VERSION_KEY = "resources:library-version"
RECOMMENDATIONS_SECONDS = 10 * 60


def library_version() -> int:
    """Bumped by every change to what is published, so cached recommendations go stale at
    once rather than after their ten minutes."""
    return cache.get_or_set(LIBRARY_VERSION_KEY, 1, timeout=None)


def recommended(*, phase: str = "", tool: str = "", elements=(), limit: int = 3):
    """Published resources for a programme step (its phase and tool) or for a survey's
    lowest elements: the best matches first, featured ones breaking ties. Cached, since the
    pages that show them are busy and the library changes rarely."""
    key = "resources:recommended:{}:{}:{}:{}:{}".format(
        library_version(), phase, tool, ",".join(sorted(elements)), limit
    )
    found = cache.get(key)
    if found is None:
        found = [
            {"slug": r.slug, "title": r.title}
            for r in _recommended(phase=phase, tool=tool, elements=elements, limit=limit)
        ]
        cache.set(key, found, RECOMMENDATIONS_SECONDS)
    return found


def _recommended(*, phase: str, tool: str, elements, limit: int):
    score = Value(0)
    wanted = []
    if tool:
        wanted.append(f"tool:{tool}")
        score = score + Case(When(tags__contains=f"|tool:{tool}|", then=Value(3)), default=Value(0))
    if phase:
        wanted.append(f"phase:{phase}")
        score = score + Case(
            When(tags__contains=f"|phase:{phase}|", then=Value(1)), default=Value(0)
        )
    for element in elements:
        wanted.append(f"element:{element}")
        score = score + Case(
            When(tags__contains=f"|element:{element}|", then=Value(2)), default=Value(0)
        )
    if not wanted:
        return []
    return list(
        published()
        .annotate(score=score)
        .filter(score__gt=0)
        .order_by("-score", "-featured", "title")[:limit]
    )


# --- curators ---------------------------------------------------------------------------


def curator_lists(*, today) -> dict:
    open_feedback = Count("feedback", filter=Q(feedback__status=FeedbackStatus.OPEN))
    resources = Resource.objects.annotate(open_feedback=open_feedback).select_related(
        "created_by", "submitted_by"
    )
    return {
        "in_review": list(resources.filter(status=ResourceStatus.IN_REVIEW).order_by("updated_at")),
        "drafts": list(resources.filter(status=ResourceStatus.DRAFT).order_by("-updated_at")),
        "overdue": list(
            resources.filter(status=ResourceStatus.PUBLISHED, review_due__lt=today).order_by(
                "review_due"
            )
        ),
        "scheduled": list(
            resources.filter(
                status=ResourceStatus.PUBLISHED, publish_at__gt=timezone.now()
            ).order_by("publish_at")
        ),
        "published": list(resources.filter(status=ResourceStatus.PUBLISHED).order_by("title")),
        "archived": list(resources.filter(status=ResourceStatus.ARCHIVED).order_by("title")),
        "open_feedback": PageFeedback.objects.filter(status=FeedbackStatus.OPEN).count(),
    }


def resource_get(*, pk: int) -> Resource | None:
    return (
        Resource.objects.select_related("owner", "created_by", "submitted_by", "published_by")
        .filter(pk=pk)
        .first()
    )


def feedback_list(*, status: str = FeedbackStatus.OPEN) -> QuerySet[PageFeedback]:
    return PageFeedback.objects.filter(status=status).select_related("resource")


def feedback_get(*, pk: int) -> PageFeedback | None:
    return PageFeedback.objects.filter(pk=pk).first()


def owner_candidates() -> QuerySet[User]:
    """Who can own a resource: national admins and anyone with a trust role (a trust's OD
    lead may look after a case study)."""
    return User.objects.filter(is_active=True).order_by("full_name")


def resource_for_path(path: str) -> Resource | None:
    """The library resource a page is about, for feedback sent from its page."""
    prefix = "/resources/"
    if not path.startswith(prefix):
        return None
    slug = path[len(prefix) :].strip("/").split("/")[0]
    return Resource.objects.filter(slug=slug).first() if slug else None
