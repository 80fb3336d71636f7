"""Everything a trust keeps on the portal, as a ZIP of CSV files: for a trust leaving the
portal, or asking for its data. Each app registers a provider in AppConfig.ready() that
returns its tables for a trust, so core imports none of them (docs/architecture.md).

Raw survey answers are never included: a trust receives its surveys' published figures
and released comments, as on its results pages, never respondent-level rows."""

import csv
import io
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils import timezone

from core.presenters import datetime_label
from core.tables import _safe


@dataclass
class Table:
    filename: str  # without .csv
    header: list[str]
    rows: Iterable[Iterable]
    about: str  # one line for the ZIP's README


_providers: list[Callable] = []


def register(provider: Callable) -> None:
    """provider(trust) -> list[Table]."""
    if provider not in _providers:
        _providers.append(provider)


def trust_tables(trust) -> list[Table]:
    return [table for provider in _providers for table in provider(trust)]


def trust_export_zip(trust) -> bytes:
    tables = trust_tables(trust)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        lines = [
            f"{trust.name} ({trust.ods_code}): the trust's data on the culture portal,",
            f"exported {datetime_label(timezone.now())} (UK time).",
            "",
            "Survey results are the published figures (groups under each survey's minimum",
            "size are marked hidden) and released comments. Individual answers are never",
            "exported: they could identify the people who answered.",
            "",
        ]
        for table in tables:
            text = io.StringIO()
            writer = csv.writer(text)
            writer.writerow(table.header)
            count = 0
            for row in table.rows:
                writer.writerow(_safe([_cell(value) for value in row]))
                count += 1
            archive.writestr(f"{table.filename}.csv", text.getvalue())
            lines.append(f"{table.filename}.csv ({count} rows): {table.about}")
        archive.writestr("README.txt", "\n".join(lines) + "\n")
    return buffer.getvalue()


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "; ".join(str(item) for item in value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def table(filename, queryset, fields: list[str], about: str, header=None) -> Table:
    """A table straight from a queryset's values (lookups like "owner__email" allowed)."""
    return Table(
        filename=filename,
        header=header or [field.replace("__", " ") for field in fields],
        rows=queryset.order_by("pk").values_list(*fields),
        about=about,
    )
