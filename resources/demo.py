"""A starter library of about 25 resources (resources/demo_content.py), written by one demo
curator and approved by another, as the workflow requires; some carry small generated files.
Idempotent: a resource whose slug exists is left alone."""

import datetime
import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import Workbook

from accounts.models import User
from core.demo_files import one_page_pdf
from resources import services
from resources.demo_content import DEMO_RESOURCES
from resources.models import Resource
from resources.uploads import check_resource_file

AUTHOR = "national.admin@demo.nhs.uk"
REVIEWER = "curator@demo.nhs.uk"


def _docx(lines: list[str]) -> bytes:
    """A minimal Word document: one paragraph per line."""
    from xml.sax.saxutils import escape

    paragraphs = "".join(f"<w:p><w:r><w:t>{escape(line)}</w:t></w:r></w:p>" for line in lines)
    files = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/officeDocument" Target="word/document.xml"/>'
            "</Relationships>"
        ),
        "word/document.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:body>{paragraphs}</w:body></w:document>"
        ),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return out.getvalue()


def _xlsx(lines: list[str]) -> bytes:
    book = Workbook()
    sheet = book.active
    for line in lines:
        sheet.append([cell.strip() for cell in line.split(",")])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


MAKERS = {"pdf": one_page_pdf, "docx": _docx, "xlsx": _xlsx}


def _file(spec: dict) -> SimpleUploadedFile:
    upload = SimpleUploadedFile(spec["name"], MAKERS[spec["kind"]](spec["lines"]))
    upload.resource_kind = check_resource_file(upload)
    return upload


def seed(stdout) -> None:
    author = User.objects.get(email=AUTHOR)
    reviewer = User.objects.get(email=REVIEWER)
    today = timezone.localdate()
    made = 0
    for item in DEMO_RESOURCES:
        if Resource.objects.filter(title=item["title"]).exists():
            continue
        months = item.get("review_due_months", 12)
        review_due = (
            today - datetime.timedelta(days=10)
            if months == 0
            else today + datetime.timedelta(days=30 * months)
        )
        resource = services.resource_create(
            actor=author,
            file=_file(item["file"]) if item.get("file") else None,
            title=item["title"],
            summary=item["summary"],
            body=item["body"],
            kind=item["kind"],
            phases=item["phases"],
            tools=item["tools"],
            elements=item["elements"],
            audience=item["audience"],
            link=item.get("link", ""),
            owner=author,
            review_due=review_due,
            featured=item.get("featured", False),
        )
        services.resource_submit(resource=resource, actor=author)
        services.resource_approve(resource=resource, actor=reviewer)
        made += 1
    stdout.write(f"resources: {made} library resources published")
