"""Reads for the library: what the public may see, search with facets, related and
recommended resources, and the curators' queues."""

import functools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.cache import cache
from django.db import connection
from django.db.models import Case, Count, F, IntegerField, Min, Q, QuerySet, Value, When
from django.utils import timezone

from accounts.models import User
from programmes.constants import DiagnosticTool, Element, PhaseKind
from resources.constants import Audience, ResourceKind
from resources.models import FeedbackStatus, PageFeedback, Resource, ResourceStatus

FACETS = {
    "phase": ("Phase", PhaseKind.choices),
    "tool": ("Diagnostic tool", [c for c in DiagnosticTool.choices if c[0] != "other"]),
    "element": ("Cultural element", Element.choices),
    "kind": ("Type", ResourceKind.choices),
    "audience": ("Who it is for", Audience.choices),
}
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


@dataclass
class SearchResult:
    resources: Sequence  # the page's resources, sliced as a Paginator slices
    facets: list[dict]
    total: int
    terms: list[str] | None = None  # the stems searched for, where the database said
    page: int = 1  # the page loaded: the one asked for, or the last if that is past the end


def _facet_list(filters: dict[str, str], count) -> list[dict]:
    """Each facet's values with `count(facet, code)` results, for the filter form; values
    with none are left out unless chosen."""
    facets = []
    for facet, (label, choices) in FACETS.items():
        options = []
        for code, text in choices:
            number = count(facet, code)
            if number or filters.get(facet) == code:
                options.append({"code": code, "label": text, "count": number})
        facets.append(
            {"name": facet, "label": label, "selected": filters.get(facet, ""), "options": options}
        )
    return facets


class _OnePage(Sequence):
    """`total` results of which one page is loaded: what a Paginator slices for that page."""

    def __init__(self, total: int, offset: int, resources: list[Resource]):
        self.total, self.offset, self.resources = total, offset, resources

    def __len__(self):
        return self.total

    def __getitem__(self, index):
        if isinstance(index, slice):
            start, stop, _ = index.indices(self.total)
            return self.resources[start - self.offset : stop - self.offset]
        return self.resources[index - self.offset]


ORDER_SQL = {
    "relevance": "rank DESC, featured DESC, title",
    "newest": "publish_at DESC, title",
    "title": "title",
}
ORDER_FIELDS = {
    "relevance": ("-rank", "-featured", "title"),
    "newest": ("-publish_at", "title"),
    "title": ("title",),
}
# What a results list shows; bodies are large and stay in the database (body_text is read
# for the snippets).
LISTED = ("slug", "title", "summary", "featured", "publish_at", "kind", "body_text")


@functools.lru_cache(maxsize=4096)
def _split_tags(tags: str) -> frozenset[str]:
    return frozenset(tag for tag in tags.split("|") if tag)


def _facets_from_tag_sets(sets, filters: dict[str, str]) -> tuple[list[dict], int]:
    """Facet counts and the total from (tag set, resources carrying it) pairs. A library
    has a few hundred distinct tag sets, so the database only groups by the set and the
    splitting and filtering happen here, once per set rather than once per resource. A
    facet with a filter counts what the other filters leave: the sets meeting every filter
    plus those missing only that facet's chosen value."""
    wanted = {facet: f"{facet}:{code}" for facet, code in filters.items() if code}
    everything: dict[str, int] = {}
    one_short: dict[str, dict[str, int]] = {facet: {} for facet in wanted}
    total = 0
    for tags, number in sets:
        carried = _split_tags(tags)
        missing = [facet for facet, tag in wanted.items() if tag not in carried]
        if not missing:
            total += number
            counts = everything
        elif len(missing) == 1:
            counts = one_short[missing[0]]
        else:
            continue
        for tag in carried:
            counts[tag] = counts.get(tag, 0) + number

    def count(facet, code):
        tag = f"{facet}:{code}"
        return everything.get(tag, 0) + one_short.get(facet, {}).get(tag, 0)

    return _facet_list(filters, count), total


def _ranked_search(base, query: str, filters: dict[str, str], sort: str, page: int, size: int):
    """PostgreSQL, with words to match: the match runs once (a materialised CTE) and one
    statement returns the page's ids in order, the stems searched for and the matches'
    tag sets, from which the total and every facet's counts follow."""
    sql, params = (
        base.order_by()
        .values("pk", "rank", "tags", "featured", "title", "publish_at")
        .query.sql_with_params()
    )
    # Facet names and the order come from fixed lists; codes and numbers go as parameters.
    patterns = [f"%|{facet}:{_like_escaped(code)}|%" for facet, code in filters.items() if code]
    condition = " AND ".join("m.tags LIKE %s" for _ in patterns) or "TRUE"
    # The planner prices a full-text match as cheap, so for a word in a fifth of the library
    # it would read every row's search vector (about 50 ms at 10,000) rather than the GIN
    # index (about 5 ms). SET LOCAL in the same query string holds for this statement only.
    # Fixed fragments only: Django's SQL carries its values as parameters.
    statement = (
        "SET LOCAL enable_seqscan = off; "  # noqa: S608  # nosec B608
        f"WITH matched AS MATERIALIZED ({sql}) "
        "(SELECT 'page', row_number() OVER (), m.pk::text, 0 FROM (SELECT * FROM matched m "
        f"WHERE {condition} ORDER BY {ORDER_SQL[sort]} LIMIT %s OFFSET %s) m) "
        "UNION ALL (SELECT 'terms', 0, websearch_to_tsquery('english', %s)::text, 0) "
        "UNION ALL (SELECT 'set', 0, m.tags, count(*) FROM matched m GROUP BY m.tags)"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, [*params, *patterns, size, (page - 1) * size, query])
        rows = cursor.fetchall()
    page_ids = [int(value) for kind, _, value, _ in sorted(r for r in rows if r[0] == "page")]
    terms = re.findall(r"'([^']+)'", next(value for kind, _, value, _ in rows if kind == "terms"))
    facets, total = _facets_from_tag_sets(
        ((tags, number) for kind, _, tags, number in rows if kind == "set"), filters
    )
    loaded = Resource.objects.only(*LISTED).in_bulk(page_ids)
    resources = [loaded[pk] for pk in page_ids if pk in loaded]
    return SearchResult(
        resources=_OnePage(total, (page - 1) * size, resources),
        facets=facets,
        total=total,
        terms=terms,
        page=page,
    )


def _like_escaped(text: str) -> str:
    """`text` matched literally by LIKE ('case_study' holds the single-character wildcard)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def library_search(
    *, query: str, filters: dict[str, str], sort: str, page: int = 1, size: int = 20, now=None
) -> SearchResult:
    """One page of results, the facets and the total. A page past the end gives the last
    page, as a Paginator would."""
    filters = {facet: code for facet, code in filters.items() if code and facet in FACETS}
    base = published(now)
    if query:
        base = _matching(base, query)
        if connection.vendor == "postgresql":
            result = _ranked_search(base, query, filters, sort, page, size)
            last = max(1, -(-result.total // size))
            if page > last:
                result = _ranked_search(base, query, filters, sort, last, size)
            return result
    # Browsing, or searching on SQLite: the tag sets give the facets and the total, then
    # one page is read in order (by title, through its index, when browsing).
    sets = base.order_by().values_list("tags").annotate(number=Count("pk"))
    facets, total = _facets_from_tag_sets(sets, filters)
    if sort == "relevance" and not query:
        sort = "title"
    page = min(page, max(1, -(-total // size)))
    start = (page - 1) * size
    resources = list(
        _filtered(base, filters).only(*LISTED).order_by(*ORDER_FIELDS[sort])[start : start + size]
    )
    return SearchResult(
        resources=_OnePage(total, start, resources), facets=facets, total=total, page=page
    )


WORD = re.compile(r"\w+")
SNIPPET_WORDS = 28


def _search_terms(query: str) -> list[str]:
    """The stems PostgreSQL searched for ('interviews' -> 'interview'); elsewhere the
    query's own words. Used to mark matches in snippets."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT websearch_to_tsquery('english', %s)::text", [query])
            return re.findall(r"'([^']+)'", cursor.fetchone()[0] or "")
    return [word.casefold() for word in WORD.findall(query)]


@dataclass(frozen=True)
class Snippet:
    """A passage of a resource's text around the words searched for: plain text, where each
    matching word is, and whether text was cut off before or after it. Drawn as HTML by
    resources.presenters.snippet_html."""

    text: str
    marks: tuple[tuple[int, int], ...]  # (start, end) of each matching word in `text`
    cut_before: bool = False
    cut_after: bool = False


def _snippet(text: str, terms: list[str]) -> Snippet | None:
    """About 28 words of `text` around its first match, with every word that starts with a
    search term found; None if nothing matches."""
    if not terms:
        return None
    # One regex finds the first hit; only a window of words around it is looked at, not
    # the whole body.
    pattern = _hit_pattern(tuple(terms))
    found = pattern.search(text)
    if found is None:
        return None
    window_start = max(0, found.start() - SNIPPET_WORDS * 30)
    window_start = _word_start_at_or_after(text, window_start)
    before = list(WORD.finditer(text, window_start, found.start()))
    skipped = max(0, len(before) - SNIPPET_WORDS // 3)
    start = before[skipped].start() if before[skipped:] else found.start()
    end, more = start, False
    for number, word in enumerate(WORD.finditer(text, start), start=1):
        if number > SNIPPET_WORDS:
            more = True
            break
        end = word.end()
    window = text[start:end]
    return Snippet(
        text=window,
        marks=tuple(hit.span() for hit in pattern.finditer(window)),
        cut_before=bool(start > 0 and WORD.search(text, 0, start)),
        cut_after=more,
    )


@functools.lru_cache(maxsize=64)
def _hit_pattern(terms: tuple[str, ...]) -> re.Pattern:
    """A word starting with any of the terms (compiled once per search, not per result)."""
    return re.compile(r"\b(?:" + "|".join(map(re.escape, terms)) + r")\w*", re.IGNORECASE)


def _word_start_at_or_after(text: str, position: int) -> int:
    """Where the word at or after `position` starts, so a window never opens mid-word."""
    if position == 0 or not text[position - 1 : position].isalnum():
        return position
    following = WORD.search(text, position)
    if following is None:
        return len(text)
    # Inside a word: move past it.
    return following.end() if following.start() == position else following.start()


def with_snippets(resources: list[Resource], query: str, terms=None) -> list[Resource]:
    """A passage (a Snippet) of each result's body around the words searched for, or None
    (worked out here rather than by ts_headline, which parsed every body again; the page
    shows the summary where the body has no match)."""
    if terms is None:
        terms = _search_terms(query) if query and resources else []
    bodies = {}
    if terms:
        # The page's resources usually carry their text already (the search loads it).
        missing = [r.pk for r in resources if "body_text" not in r.__dict__]
        bodies = {r.pk: r.body_text for r in resources if "body_text" in r.__dict__}
        if missing:
            found = Resource.objects.filter(pk__in=missing).values_list("pk", "body_text")
            bodies.update(found)
    for resource in resources:
        resource.snippet = _snippet(bodies.get(resource.pk, ""), terms) if terms else None
    return resources


def featured(*, limit: int = 4) -> list[Resource]:
    return list(published().filter(featured=True).order_by("title")[:limit])


def resource_get_published(*, slug: str) -> Resource | None:
    return published().filter(slug=slug).select_related("owner").first()


def related_to(resource: Resource, *, limit: int = 3) -> list[dict]:
    """Published resources sharing the most phases, tools and elements with this one, as
    {slug, title}. Cached like the recommendations: finding them scores every published
    resource, and the library changes rarely."""
    key = f"resources:related:{library_version()}:{resource.pk}:{limit}"
    found = cache.get(key)
    if found is None:
        found = [
            {"slug": other.slug, "title": other.title}
            for other in _related_to(resource, limit=limit)
        ]
        cache.set(key, found, _cached_list_seconds())
    return found


def _related_to(resource: Resource, *, limit: int) -> list[Resource]:
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
        .only("slug", "title")
        .order_by("-shared", "-featured", "title")[:limit]
    )


LIBRARY_VERSION_KEY = "resources:library-version"
RECOMMENDATIONS_SECONDS = 10 * 60


def library_version() -> int:
    """Bumped by every change to what is published, so cached recommendations go stale at
    once rather than after their ten minutes. A scheduled publication changes nothing when
    its time comes, so lists are also cached no longer than until the next one."""
    return cache.get_or_set(LIBRARY_VERSION_KEY, 1, timeout=None)


def _cached_list_seconds() -> int:
    """Ten minutes, or less when a scheduled resource goes live sooner (read only when a
    list is worked out afresh)."""
    now = timezone.now()
    upcoming = Resource.objects.filter(
        status=ResourceStatus.PUBLISHED, publish_at__gt=now
    ).aggregate(next=Min("publish_at"))["next"]
    if upcoming is None:
        return RECOMMENDATIONS_SECONDS
    return max(1, min(RECOMMENDATIONS_SECONDS, math.ceil((upcoming - now).total_seconds())))


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
        cache.set(key, found, _cached_list_seconds())
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


def resources_to_review_by(user) -> QuerySet[Resource]:
    """In review and neither written nor sent for review by `user`: what they may approve."""
    return (
        Resource.objects.filter(status=ResourceStatus.IN_REVIEW)
        .exclude(created_by=user)
        .exclude(submitted_by=user)
        .only("pk", "title", "replaces_id")
        .order_by("updated_at", "pk")
    )


def resources_past_review(*, today) -> QuerySet[Resource]:
    return (
        Resource.objects.filter(status=ResourceStatus.PUBLISHED, review_due__lt=today)
        .only("pk", "title", "review_due")
        .order_by("review_due", "title")
    )


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
