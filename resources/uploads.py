"""Check a curator's resource file before it is stored and offered to every trust.

The type is decided by what the file contains, not by its name: a program renamed ‘guide.pdf’
would otherwise be served to staff as a guide. Office files are ZIP archives, so for those the
archive's own list of parts is read, never more than a small, fixed number of bytes of it, so
that a ‘zip bomb’ or a damaged archive is refused rather than filling the memory or crashing.
"""

import zipfile
import zlib
from pathlib import PurePath
from xml.parsers import expat

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.text import slugify

MAX_RESOURCE_BYTES = 25 * 1024 * 1024
# Limits on what is read from inside an archive. Real Office files are far inside these.
MAX_ZIP_ENTRIES = 10_000
MAX_UNPACKED_BYTES = 250 * 1024 * 1024
MAX_CONTENT_TYPES_BYTES = 1024 * 1024
MAX_DOWNLOAD_STEM = 80

PDF = "pdf"
DOCX = "docx"
XLSX = "xlsx"
PPTX = "pptx"
ODT = "odt"
PNG = "png"
FILE_KINDS = (PDF, DOCX, XLSX, PPTX, ODT, PNG)

CONTENT_TYPES = {
    PDF: "application/pdf",
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    PPTX: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ODT: "application/vnd.oasis.opendocument.text",
    PNG: "image/png",
}
# The main part each Office format names in [Content_Types].xml, with the content type it must
# have there: a macro-enabled workbook or a template has the same part with another type.
OFFICE_MAIN_PARTS = {
    DOCX: (
        "/word/document.xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    ),
    XLSX: (
        "/xl/workbook.xml",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    ),
    PPTX: (
        "/ppt/presentation.xml",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
    ),
}
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PNG_HEADER_CHUNK = b"\x00\x00\x00\x0dIHDR"  # a PNG's first chunk: 13 bytes of IHDR
ZIP_SIGNATURE = b"PK\x03\x04"
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .doc/.xls/.ppt, and encrypted Office
PROGRAM_SIGNATURES = (
    b"MZ",  # Windows programs and libraries
    b"\x7fELF",  # Linux programs
    b"#!",  # scripts
    b"\xfe\xed\xfa\xce",  # macOS programs, both byte orders, 32 and 64 bit, and universal
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",
)

WRONG_TYPE = "The file must be a PDF, Word, Excel, PowerPoint, OpenDocument text or PNG file"
OLD_OFFICE = (
    f"{WRONG_TYPE}. Save older Office files (.doc, .xls, .ppt) as .docx, .xlsx or .pptx, "
    "and remove any password"
)
DAMAGED = "The file cannot be opened; it may be damaged. Save it again and upload the new copy"
TOO_BIG_UNPACKED = "The file cannot be checked because it unpacks to more than 250 MB"
MACROS = "The file contains macros. Save it without macros (as .docx, .xlsx or .pptx) and try again"

_OLD_OFFICE_SUFFIXES = (".doc", ".xls", ".ppt")
_CONTENT_TYPES_PART = "[Content_Types].xml"
_CT_OVERRIDE = "http://schemas.openxmlformats.org/package/2006/content-types Override"
_MACRO_MARKERS = ("macroenabled", "vbaproject")
# What a damaged or hostile archive may raise while being read.
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    OSError,
    ValueError,
    KeyError,
    NotImplementedError,
    RuntimeError,
)


def check_resource_file(upload: UploadedFile) -> str:
    """The kind of a resource file (one of FILE_KINDS), or ValidationError saying what is wrong.
    The file is left at its start, ready to be saved."""
    if not upload.size:
        raise ValidationError("The file is empty")
    if upload.size > MAX_RESOURCE_BYTES:
        raise ValidationError(
            f"The file must be {MAX_RESOURCE_BYTES // (1024 * 1024)} MB or smaller"
        )
    suffix = PurePath(upload.name or "").suffix.lower()
    try:
        upload.seek(0)
        head = upload.read(16)
        if head.startswith(PROGRAM_SIGNATURES):
            raise ValidationError(WRONG_TYPE)
        if head.startswith(OLE_SIGNATURE) or suffix in _OLD_OFFICE_SUFFIXES:
            raise ValidationError(OLD_OFFICE)
        if suffix.removeprefix(".") not in FILE_KINDS:
            raise ValidationError(WRONG_TYPE)
        claimed = suffix.removeprefix(".")
        kind = _detect(head, upload)
    finally:
        upload.seek(0)
    if kind != claimed:
        message = f"The file says it is {_a(claimed)} but is not one"
        if kind is not None:
            message += f"; it looks like {_a(kind)}"
        raise ValidationError(message)
    return kind


def _a(kind: str) -> str:
    """‘a PDF’ but ‘an XLSX’: the article goes by how the letters are said."""
    return f"{'an' if kind in (XLSX, ODT) else 'a'} {kind.upper()}"


def _detect(head: bytes, upload: UploadedFile) -> str | None:
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(PNG_SIGNATURE) and head[8:16] == PNG_HEADER_CHUNK:
        return PNG
    if head.startswith(ZIP_SIGNATURE):
        upload.seek(0)
        return _detect_zip(upload)
    return None


def _detect_zip(stream: UploadedFile) -> str | None:
    try:
        with zipfile.ZipFile(stream) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_ZIP_ENTRIES:
                raise ValidationError(TOO_BIG_UNPACKED)
            # The sizes are what the archive says about itself; reads below are capped too,
            # in case it lies.
            if sum(entry.file_size for entry in entries) > MAX_UNPACKED_BYTES:
                raise ValidationError(TOO_BIG_UNPACKED)
            if entries and entries[0].filename == "mimetype":
                with archive.open(entries[0]) as part:
                    if part.read(len(ODT_MIMETYPE) + 1) == ODT_MIMETYPE:
                        return ODT
            names = {entry.filename for entry in entries}
            if _CONTENT_TYPES_PART not in names:
                return None
            with archive.open(_CONTENT_TYPES_PART) as part:
                content_types = part.read(MAX_CONTENT_TYPES_BYTES + 1)
            if len(content_types) > MAX_CONTENT_TYPES_BYTES:
                raise ValidationError(TOO_BIG_UNPACKED)
            return _office_kind(content_types, names)
    except _ZIP_ERRORS:
        raise ValidationError(DAMAGED) from None


class _Refused(Exception):
    pass


def _refuse_declarations(*args: object) -> None:
    raise _Refused


def _office_kind(content_types: bytes, names: set[str]) -> str | None:
    """The Office format whose main part [Content_Types].xml names and the archive holds."""
    declared: dict[str, str] = {}
    macros = False

    def element(name: str, attributes: dict[str, str]) -> None:
        nonlocal macros
        content_type = attributes.get("ContentType", "").strip().lower()
        macros = macros or any(marker in content_type for marker in _MACRO_MARKERS)
        if name == _CT_OVERRIDE:
            # Part names in a package are compared without regard to case.
            declared[attributes.get("PartName", "").lower()] = content_type

    parser = expat.ParserCreate(namespace_separator=" ")
    # No real [Content_Types].xml has a DOCTYPE; expat itself spots one, in any encoding, and
    # it is refused before any entity could be defined or expanded.
    parser.StartDoctypeDeclHandler = _refuse_declarations
    parser.EntityDeclHandler = _refuse_declarations
    parser.StartElementHandler = element
    try:
        parser.Parse(content_types, True)
    except (expat.ExpatError, _Refused):
        raise ValidationError(DAMAGED) from None
    if macros:
        raise ValidationError(MACROS)
    held = {name.lower() for name in names}
    for kind, (part_name, content_type) in OFFICE_MAIN_PARTS.items():
        if declared.get(part_name) == content_type and part_name[1:] in held:
            return kind
    return None


def content_type_for(kind: str) -> str:
    """The MIME type to serve a stored resource file of this kind with. An unknown kind (a
    file stored before it was checked) is served as bytes to download, never to display."""
    return CONTENT_TYPES.get(kind, "application/octet-stream")


def safe_download_name(title: str, kind: str) -> str:
    """A file name for the download, from the resource's title: plain ASCII letters, digits and
    hyphens (‘Board interviews – a guide’ is board-interviews-a-guide.pdf)."""
    # slugify drops accents and anything not ASCII; a title of only symbols needs a stand-in.
    stem = slugify(title)[:MAX_DOWNLOAD_STEM].strip("-_") or "resource"
    return f"{stem}.{kind}" if kind in CONTENT_TYPES else stem
