"""Small tables as CSV or Excel downloads, safe to open in a spreadsheet."""

import csv
import io

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_text(value: str) -> str:
    """Text a spreadsheet would run as a formula is kept as text."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _safe(row):
    # Control characters (a pasted vertical tab, say) are not allowed in a workbook at all.
    return [
        safe_text(ILLEGAL_CHARACTERS_RE.sub("", cell)) if isinstance(cell, str) else cell
        for cell in row
    ]


def table_download(*, filename: str, file_format: str, sheet: str, header, rows) -> HttpResponse:
    """The whole table as one response; for exports small enough to hold in memory."""
    if file_format == "xlsx":
        book = Workbook(write_only=True)
        worksheet = book.create_sheet(sheet[:31])
        worksheet.append(header)
        for row in rows:
            worksheet.append(_safe(row))
        buffer = io.BytesIO()
        book.save(buffer)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    else:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(header)
        writer.writerows(_safe(row) for row in rows)
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.{file_format}"'
    return response


def csv_file_download(content: bytes, *, filename: str) -> HttpResponse:
    """A CSV file already made (an importer's example, say) as an attachment to save."""
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
