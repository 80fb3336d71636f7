"""The reference for the submit benchmark: the same rows inserted with no Django at all,
one response and its 40 answers per transaction, from one client. The rows it adds are
deleted again afterwards, so the count of stored submits is not disturbed."""

import secrets
import sqlite3
import time
from datetime import UTC, datetime
from urllib.parse import urlparse

ITEMS_SQL = (
    "SELECT i.id FROM diagnostics_item i JOIN diagnostics_section s ON i.section_id = s.id "
    "WHERE s.version_id = {p} ORDER BY i.id"
)
WAVE_SQL = "SELECT id, version_id FROM diagnostics_wave WHERE slug = {p}"
RESPONSE_SQL = (
    "INSERT INTO diagnostics_response (id, wave_id, submitted_on, directorate, staff_group, band) "
    "VALUES ({p}, {p}, {p}, '', '', '')"
)
ANSWER_SQL = "INSERT INTO diagnostics_answer (id, response_id, item_id, value) VALUES "
DELETE_ANSWERS_SQL = "DELETE FROM diagnostics_answer WHERE response_id = {p}"
DELETE_RESPONSE_SQL = "DELETE FROM diagnostics_response WHERE id = {p}"


def raw_insert_rate(database_url: str, slug: str, *, count: int) -> float:
    postgres = not database_url.startswith("sqlite")
    if postgres:
        import psycopg2

        connection = psycopg2.connect(database_url)
        p = "%s"
    else:
        connection = sqlite3.connect(urlparse(database_url).path)
        p = "?"
    cursor = connection.cursor()
    cursor.execute(WAVE_SQL.format(p=p), [slug])
    wave_id, version_id = cursor.fetchone()
    cursor.execute(ITEMS_SQL.format(p=p), [version_id])
    items = [row[0] for row in cursor.fetchall()]
    answers_sql = ANSWER_SQL + ", ".join([f"({p}, {p}, {p}, {p})"] * len(items))
    today = datetime.now(UTC).date().isoformat()
    inserted = []
    started = time.perf_counter()
    for n in range(count):
        # Random keys, as the portal gives them (docs/anonymity.md), so the reference does
        # the same work.
        response_id = secrets.randbits(63)
        cursor.execute(RESPONSE_SQL.format(p=p), [response_id, wave_id, today])
        params = []
        for item in items:
            params += [secrets.randbits(63), response_id, item, 1 + (item + n) % 5]
        cursor.execute(answers_sql, params)
        connection.commit()
        inserted.append(response_id)
    elapsed = time.perf_counter() - started
    cursor.executemany(DELETE_ANSWERS_SQL.format(p=p), [[pk] for pk in inserted])
    cursor.executemany(DELETE_RESPONSE_SQL.format(p=p), [[pk] for pk in inserted])
    connection.commit()
    connection.close()
    return count / elapsed
