"""The search benchmark's data: 10,000 published library resources made in SQL (the
PostgreSQL trigger fills each search vector). Text mixes programme words (one word in ten)
with a few thousand other words: one programme word is in roughly a quarter to two fifths
of the library (4,162 resources for "synthesis"), two together in one in six (1,778 for
"board interview"), a large share for a real library, so the figure errs on the slow side.
Prints JSON with the queries to time.

Run as `python -m benchmarks.library_setup` with DJANGO_SETTINGS_MODULE=benchmarks.settings.
PostgreSQL only.
"""

import json
import os
import random

import django

django.setup()

from django.db import connection  # noqa: E402

RESOURCES = int(os.environ.get("BENCH_LIBRARY_RESOURCES", "10000"))
WORDS = [
    "culture",
    "leadership",
    "board",
    "interview",
    "focus",
    "group",
    "survey",
    "staff",
    "patient",
    "compassion",
    "teamwork",
    "learning",
    "innovation",
    "vision",
    "values",
    "goals",
    "performance",
    "equity",
    "inclusion",
    "workforce",
    "synthesis",
    "strategy",
    "evaluation",
    "sponsor",
    "change",
    "team",
    "engagement",
    "wellbeing",
    "safety",
    "quality",
    "improvement",
    "feedback",
    "listening",
    "priorities",
    "intervention",
    "dashboard",
    "variation",
    "measure",
    "trust",
    "ward",
    "nurse",
    "doctor",
    "manager",
    "director",
    "executive",
    "community",
    "mental",
    "health",
    "acute",
    "ambulance",
    "appraisal",
    "recruitment",
    "retention",
    "sickness",
    "turnover",
    "vacancy",
    "agency",
    "rota",
    "handover",
    "escalation",
    "kindness",
]
KINDS = ["guide", "tool", "template", "case_study", "video", "evidence_summary"]
PHASES = ["scoping", "discover", "design", "deliver"]
TOOLS = ["outcomes_dashboard", "board_interviews", "survey", "focus_groups", "workforce"]
ELEMENTS = ["vision_values", "goals_performance", "support_compassion", "teamwork"]
QUERIES = [
    "/resources/?q=board+interview",
    "/resources/?q=compassionate+leadership&phase=discover",
    "/resources/?q=staff+turnover&kind=guide&sort=newest",
    "/resources/?q=synthesis",
]
# Browsing without words: the library's front page and a filtered, date-ordered list.
BROWSING = ["/resources/", "/resources/?phase=discover&sort=newest"]


def _filler(rng: random.Random, count: int) -> list[str]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    return ["".join(rng.choices(letters, k=rng.randint(4, 10))) for _ in range(count)]


def _text(rng: random.Random, filler: list[str], length: int) -> str:
    return " ".join(
        rng.choice(WORDS) if rng.random() < 0.1 else rng.choice(filler) for _ in range(length)
    )


def main() -> None:
    rng = random.Random(42)  # noqa: S311 - benchmark data, not security
    filler = _filler(rng, 4000)
    rows = []
    for number in range(RESOURCES):
        kind, phase, tool, element = (
            rng.choice(KINDS),
            rng.choice(PHASES),
            rng.choice(TOOLS),
            rng.choice(ELEMENTS),
        )
        title = _text(rng, filler, 6).capitalize() + f" {number}"
        summary = _text(rng, filler, 25)
        body = _text(rng, filler, 300)
        tags = f"|kind:{kind}|phase:{phase}|tool:{tool}|element:{element}|"
        rows.append(
            (f"bench-{number}", title, summary, body, body, kind, tags, phase, tool, element)
        )
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM resources_resource WHERE slug LIKE 'bench-%%'")
        cursor.executemany(
            """
            INSERT INTO resources_resource (
                slug, title, summary, body, body_text, kind, tags, phases, tools, elements,
                audience, file, file_kind, file_size, link, status, publish_at, featured,
                view_count, download_count, created_at, updated_at
            ) VALUES (
                %s, %s, %s, %s, %s, %s, %s, jsonb_build_array(%s::text),
                jsonb_build_array(%s::text), jsonb_build_array(%s::text), '[]'::jsonb, '', '',
                0, 'https://example.org/', 'published', now() - interval '1 day', false, 0, 0,
                now(), now()
            )
            """,
            rows,
        )
    # What autovacuum does soon after a bulk load: statistics, the visibility map, and the
    # GIN index's pending list merged (a long pending list slows every match).
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE resources_resource")
    print(json.dumps({"resources": RESOURCES, "queries": QUERIES, "browsing": BROWSING}))


if __name__ == "__main__":
    main()
