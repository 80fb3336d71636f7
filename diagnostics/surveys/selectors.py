"""Reads for running a survey: waves (trust data only through `visible_to(user)`), drafts,
code batches, headcounts, and the stepped response counts staff may see."""

import functools

from django.db import connections
from django.db.models import Count, F, QuerySet

from accounts.models import Trust
from diagnostics.constants import (
    BANDS,
    HEADLINE_RECENT_MONTHS,
    PREFER_NOT_TO_SAY,
    STAFF_GROUPS,
    Demographic,
    WaveStatus,
)
from diagnostics.surveys.models import Directorate, InvitationBatch, Response, SurveyDraft, Wave


def wave_list_for_trust(user, *, trust: Trust) -> QuerySet[Wave]:
    return (
        Wave.objects.visible_to(user)
        .filter(trust=trust)
        .select_related("version__instrument")
        .annotate(
            response_count=Count("responses"),
            published_count=F("result__responses_counted"),
            published=F("result__final"),
        )
        .order_by("-opens_at")
    )


def wave_get_visible_to(user, *, pk: int) -> Wave | None:
    return (
        Wave.objects.visible_to(user)
        .select_related("trust", "version__instrument")
        .filter(pk=pk)
        .first()
    )


def wave_figures_published(wave: Wave) -> bool:
    """The wave closed and its final figures count someone (as the wave list reads them)."""
    return Wave.objects.filter(
        pk=wave.pk,
        status=WaveStatus.CLOSED,
        result__final=True,
        result__responses_counted__gt=0,
    ).exists()


def wave_main_survey_facts(wave: Wave) -> dict | None:
    """For a closed wave's page: whether it may be its year's main survey (it has published
    figures) and which other survey of the trust is that year's main one, if any."""
    if wave.status != WaveStatus.CLOSED:
        return None
    year = wave.closing_year
    return {
        "year": year,
        "recent_months": HEADLINE_RECENT_MONTHS,
        "published": wave_figures_published(wave),
        "other": Wave.objects.filter(trust=wave.trust_id, main_of_year=year)
        .exclude(pk=wave.pk)
        .first(),
    }


def wave_get_by_slug(slug: str) -> Wave | None:
    """Public: the survey a link points at (respondents are anonymous)."""
    return Wave.objects.select_related("trust", "version__instrument").filter(slug=slug).first()


def draft_get_with_wave(*, slug: str, token: str | None) -> SurveyDraft | None:
    """The respondent's draft with its wave and the wave's version, from one query: what
    `SurveyDraft.objects.select_related("wave__version").filter(wave__slug=slug,
    token=token).first()` returns. Every page inside a survey starts here, and building
    that query anew took a third of the page's time, so its SQL is written once per
    database connection's vendor and reused (docs/performance.md)."""
    if not token:
        return None
    connection = connections[SurveyDraft.objects.db]
    statement, parts = _draft_with_wave_statement(connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(statement, [slug, token])
        row = cursor.fetchone()
    if row is None:
        return None
    objects, start = [], 0
    for model, names, converters in parts:
        values = list(row[start : start + len(names)])
        start += len(names)
        for index, field_converters in converters:
            for convert in field_converters:
                values[index] = convert(values[index], None, connection)
        objects.append(model.from_db(connection.alias, names, values))
    draft, wave, version = objects
    SurveyDraft._meta.get_field("wave").set_cached_value(draft, wave)
    Wave._meta.get_field("version").set_cached_value(wave, version)
    return draft


@functools.cache
def _draft_with_wave_statement(vendor: str):
    """The SQL of draft_get_with_wave for one database vendor, and for each model its
    field names and the converters Django would apply to their values."""
    connection = next(c for c in connections.all() if c.vendor == vendor)
    quote = connection.ops.quote_name
    models = (
        (SurveyDraft, "d"),
        (Wave, "w"),
        (Wave._meta.get_field("version").related_model, "v"),
    )
    columns, parts = [], []
    for model, alias in models:
        fields = model._meta.concrete_fields
        columns += [f"{alias}.{quote(field.column)}" for field in fields]
        converters = []
        for index, field in enumerate(fields):
            found = connection.ops.get_db_converters(field.get_col(alias))
            found += field.get_db_converters(connection)
            if found:
                converters.append((index, found))
        parts.append((model, [field.attname for field in fields], converters))
    wave_field = SurveyDraft._meta.get_field("wave")
    version_field = Wave._meta.get_field("version")
    version_meta = version_field.related_model._meta
    select = ", ".join(columns)
    drafts, waves, versions = (
        quote(SurveyDraft._meta.db_table),
        quote(Wave._meta.db_table),
        quote(version_meta.db_table),
    )
    slug, token = Wave._meta.get_field("slug").column, SurveyDraft._meta.get_field("token").column
    # Only names from the models' own metadata, quoted; the values go in as parameters.
    statement = (
        f"SELECT {select} FROM {drafts} d"  # noqa: S608  # nosec B608
        f" JOIN {waves} w ON w.{quote(Wave._meta.pk.column)} = d.{quote(wave_field.column)}"
        f" JOIN {versions} v ON v.{quote(version_meta.pk.column)} = w.{quote(version_field.column)}"
        f" WHERE w.{quote(slug)} = %s AND d.{quote(token)} = %s"
    )
    return statement, parts


def directorate_list_for_trust(*, trust: Trust) -> QuerySet[Directorate]:
    return Directorate.objects.filter(trust=trust).order_by("name")


def code_batch_list(*, wave: Wave) -> QuerySet[InvitationBatch]:
    # No count of used codes per batch: with names on a mail merge, a small batch's count
    # would tell who has answered.
    return wave.code_batches.order_by("-created_at")


def wave_offered_groups(wave: Wave) -> dict[str, list[str]]:
    """Every group each asked question offers, "Prefer not to say" included: results and
    progress list all of them, answered or not, so a row's presence says nothing."""
    lists = {
        Demographic.DIRECTORATE: lambda: [d.code for d in wave.directorates.all()],
        Demographic.STAFF_GROUP: lambda: [code for code, _ in STAFF_GROUPS],
        Demographic.BAND: lambda: [code for code, _ in BANDS],
    }
    return {
        str(dimension): [*lists[dimension](), PREFER_NOT_TO_SAY]
        for dimension in wave.demographics_asked
    }


def stepped(count: int, k: int) -> int:
    """A count rounded down to a whole number of steps of k (0 means "fewer than k")."""
    return count - count % k


def wave_responses_stepped(wave: Wave) -> int:
    """The wave's responses so far, in whole steps of k, as its page shows them (0 means
    "fewer than k"): for saying why an open survey has no figures yet."""
    return stepped(Response.objects.filter(wave=wave).count(), wave.threshold_k)


def wave_response_summary(wave: Wave) -> dict:
    """Fieldwork progress for the wave page (docs/anonymity.md). Every count, the whole
    survey's and each offered group's, moves only in whole steps of k, so one more response
    is never visible; a group nobody chose reads as any other group under k. No secondary
    suppression is needed: a rounded-down count pins nothing down."""
    k = wave.threshold_k
    responses = Response.objects.filter(wave=wave)
    total = stepped(responses.count(), k)
    headcounts = {(h.dimension, h.group): h.headcount for h in wave.headcounts.all()}
    eligible = sum(v for (dim, _), v in headcounts.items() if dim == Demographic.DIRECTORATE)
    if not eligible:
        eligible = sum(v for (dim, _), v in headcounts.items() if dim == Demographic.STAFF_GROUP)
    offered = wave_offered_groups(wave)
    groups = {}
    for dimension in (Demographic.DIRECTORATE, Demographic.STAFF_GROUP):
        if dimension not in offered:
            continue
        counted = dict(
            responses.exclude(**{dimension: ""})
            .order_by()
            .values_list(dimension)
            .annotate(n=Count("id"))
        )
        groups[dimension] = []
        for group in offered[dimension]:
            shown = stepped(counted.get(group, 0), k) or None
            headcount = headcounts.get((dimension, group))
            groups[dimension].append(
                {
                    "group": group,
                    "count": shown,
                    "headcount": headcount,
                    # From the stepped count, so the rate moves no finer than the count does.
                    "rate": min(100, int(100 * shown / headcount)) if shown and headcount else None,
                }
            )
    return {
        "total": total or None,
        "eligible": eligible or None,
        "rate": min(100, int(100 * total / eligible)) if total and eligible else None,
        "groups": groups,
    }


def wave_headcounts(wave: Wave) -> dict[str, dict[str, int]]:
    """Eligible staff per dimension and group: {"directorate": {"medicine": 120}, ...}."""
    found: dict[str, dict[str, int]] = {}
    for dimension, group, headcount in wave.headcounts.values_list(
        "dimension", "group", "headcount"
    ):
        found.setdefault(dimension, {})[group] = headcount
    return found
