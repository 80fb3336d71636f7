"""Resource files: the type is decided by what is inside, the name must agree, and hostile or
damaged archives are refused without being unpacked. Real (tiny) files are built here.
Pure: no database."""

import io
import struct
import zipfile
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile

from resources import uploads
from resources.uploads import (
    CONTENT_TYPES,
    FILE_KINDS,
    MAX_RESOURCE_BYTES,
    check_resource_file,
    content_type_for,
    safe_download_name,
)

WRONG_TYPE = "The file must be a PDF, Word, Excel, PowerPoint, OpenDocument text or PNG file"

CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
OOXML = "application/vnd.openxmlformats-officedocument"
MAIN_PARTS = {
    "docx": ("word/document.xml", f"{OOXML}.wordprocessingml.document.main+xml"),
    "xlsx": ("xl/workbook.xml", f"{OOXML}.spreadsheetml.sheet.main+xml"),
    "pptx": ("ppt/presentation.xml", f"{OOXML}.presentationml.presentation.main+xml"),
}


def content_types(*overrides: tuple[str, str], defaults: str = "") -> bytes:
    parts = "".join(
        f'<Override PartName="/{name}" ContentType="{kind}"/>' for name, kind in overrides
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="{CT_NS}">'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        f"{defaults}{parts}</Types>"
    ).encode()


def zip_bytes(*entries: tuple[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in entries:
            archive.writestr(name, data)
    return buffer.getvalue()


def office(kind: str, *, main_type: str | None = None, extra: bytes = b"") -> bytes:
    part, main = MAIN_PARTS[kind]
    return zip_bytes(
        ("[Content_Types].xml", content_types((part, main_type or main), defaults=extra.decode())),
        ("_rels/.rels", b'<?xml version="1.0"?><Relationships/>'),
        (part, b'<?xml version="1.0"?><document/>'),
    )


def odt(mimetype: bytes = b"application/vnd.oasis.opendocument.text") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        # The ODF rule: first, and stored, so its name and value sit at fixed places.
        archive.writestr("mimetype", mimetype, compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", b"<office:document-content/>", zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", b"<manifest/>", zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)  # 1×1, 8-bit greyscale
    pixels = zlib.compress(b"\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


PDF = b"%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n"

GOOD = {
    "pdf": PDF,
    "png": png(),
    "docx": office("docx"),
    "xlsx": office("xlsx"),
    "pptx": office("pptx"),
    "odt": odt(),
}


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def refusal(name: str, content: bytes) -> str:
    with pytest.raises(ValidationError) as caught:
        check_resource_file(upload(name, content))
    [message] = caught.value.messages
    return message


class TestAccepted:
    @pytest.mark.parametrize("kind", FILE_KINDS)
    def test_each_kind_is_recognised_by_its_content(self, kind):
        file = upload(f"Resource.{kind}", GOOD[kind])
        assert check_resource_file(file) == kind
        assert file.tell() == 0  # ready to be saved

    @pytest.mark.parametrize("name", ["GUIDE.PDF", "guide.Pdf", "my.board.guide.pdf"])
    def test_the_extension_is_read_whatever_its_case(self, name):
        assert check_resource_file(upload(name, PDF)) == "pdf"

    def test_a_file_already_partly_read_is_checked_from_its_start(self):
        file = upload("guide.docx", GOOD["docx"])
        file.read(100)
        assert check_resource_file(file) == "docx"
        assert file.tell() == 0

    @pytest.mark.parametrize("kind", ["docx", "pdf"])
    def test_a_large_upload_kept_on_disk_is_checked_too(self, kind):
        file = TemporaryUploadedFile(f"guide.{kind}", "", len(GOOD[kind]), None)
        try:
            file.write(GOOD[kind])
            file.seek(0)
            assert check_resource_file(file) == kind
            assert file.tell() == 0
        finally:
            file.close()

    def test_content_types_part_names_are_compared_without_case(self):
        part, main = MAIN_PARTS["docx"]
        data = zip_bytes(
            ("[Content_Types].xml", content_types(("WORD/Document.xml", main))),
            (part, b"<document/>"),
        )
        assert check_resource_file(upload("a.docx", data)) == "docx"


class TestRefused:
    def test_an_empty_file(self):
        assert refusal("guide.pdf", b"") == "The file is empty"

    def test_a_file_over_25_mb(self):
        # The size is the one Django counted while receiving it; no need to send 25 MB here.
        file = upload("guide.pdf", PDF)
        file.size = MAX_RESOURCE_BYTES + 1
        with pytest.raises(ValidationError) as caught:
            check_resource_file(file)
        assert caught.value.messages == ["The file must be 25 MB or smaller"]

    def test_exactly_25_mb_is_allowed(self):
        file = upload("guide.pdf", PDF)
        file.size = MAX_RESOURCE_BYTES
        assert check_resource_file(file) == "pdf"

    @pytest.mark.parametrize(
        ("name", "content"),
        [
            ("notes.txt", b"Just some notes"),
            ("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF"),
            ("animation.gif", b"GIF89a\x01\x00\x01\x00"),
            ("data.csv", b"a,b\n1,2\n"),
            ("page.html", b"<html><script>alert(1)</script></html>"),
            ("no-extension", PDF),
            ("archive.zip", zip_bytes(("a.txt", b"a"))),
        ],
    )
    def test_a_type_not_on_the_list(self, name, content):
        assert refusal(name, content) == WRONG_TYPE

    @pytest.mark.parametrize(
        ("name", "content"),
        [
            ("guide.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"),
            ("guide.pdf", b"MZ"),
            ("guide.docx", b"\x7fELF\x02\x01\x01\x00"),
            ("chart.png", b"#!/bin/sh\nrm -rf ~\n"),
            ("slides.pptx", b"\xcf\xfa\xed\xfe\x07\x00\x00\x01"),
            ("setup.exe", b"MZ\x90\x00"),
        ],
    )
    def test_a_renamed_program(self, name, content):
        assert refusal(name, content) == WRONG_TYPE

    @pytest.mark.parametrize("name", ["old.doc", "old.xls", "old.ppt", "locked.docx"])
    def test_old_office_files_and_encrypted_ones_are_told_what_to_do(self, name):
        message = refusal(name, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
        assert message.startswith(WRONG_TYPE)
        assert "Save older Office files" in message and "remove any password" in message

    def test_text_renamed_docx(self):
        assert refusal("guide.docx", b"Dear colleague") == (
            "The file says it is a DOCX but is not one"
        )

    def test_a_zip_without_content_types(self):
        data = zip_bytes(("word/document.xml", b"<document/>"))
        assert refusal("guide.docx", data) == "The file says it is a DOCX but is not one"

    def test_an_xlsx_renamed_docx(self):
        assert refusal("guide.docx", GOOD["xlsx"]) == (
            "The file says it is a DOCX but is not one; it looks like an XLSX"
        )

    @pytest.mark.parametrize(
        ("name", "content", "message"),
        [
            ("a.pdf", GOOD["png"], "The file says it is a PDF but is not one; it looks like a PNG"),
            ("a.png", PDF, "The file says it is a PNG but is not one; it looks like a PDF"),
            (
                "a.pptx",
                GOOD["docx"],
                "The file says it is a PPTX but is not one; it looks like a DOCX",
            ),
            (
                "a.xlsx",
                GOOD["odt"],
                "The file says it is an XLSX but is not one; it looks like an ODT",
            ),
            (
                "a.odt",
                GOOD["docx"],
                "The file says it is an ODT but is not one; it looks like a DOCX",
            ),
        ],
    )
    def test_the_extension_must_agree_with_the_content(self, name, content, message):
        assert refusal(name, content) == message

    def test_a_png_signature_without_its_header_chunk(self):
        message = refusal("chart.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 16)
        assert message == "The file says it is a PNG but is not one"

    def test_a_pdf_header_must_be_at_the_start(self):
        assert refusal("guide.pdf", b"junk%PDF-1.4") == "The file says it is a PDF but is not one"

    def test_content_types_naming_a_part_the_archive_lacks(self):
        data = zip_bytes(("[Content_Types].xml", content_types(MAIN_PARTS["docx"])))
        assert refusal("guide.docx", data) == "The file says it is a DOCX but is not one"

    def test_a_word_template_is_not_a_document(self):
        data = office("docx", main_type=f"{OOXML}.wordprocessingml.template.main+xml")
        assert refusal("guide.docx", data) == "The file says it is a DOCX but is not one"

    @pytest.mark.parametrize(
        ("kind", "main_type", "extra"),
        [
            ("docx", "application/vnd.ms-word.document.macroEnabled.main+xml", b""),
            ("xlsx", "application/vnd.ms-excel.sheet.macroEnabled.main+xml", b""),
            (
                "xlsx",
                None,
                b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>',
            ),
        ],
    )
    def test_macros_are_refused(self, kind, main_type, extra):
        message = refusal(f"book.{kind}", office(kind, main_type=main_type, extra=extra))
        assert message.startswith("The file contains macros")

    @pytest.mark.parametrize(
        "data",
        [
            odt(b"application/vnd.oasis.opendocument.spreadsheet"),
            odt(b"application/vnd.oasis.opendocument.text-template"),
            odt(b"application/vnd.oasis.opendocument.text "),
            zip_bytes(
                ("content.xml", b"<x/>"), ("mimetype", b"application/vnd.oasis.opendocument.text")
            ),
        ],
        ids=["spreadsheet", "template", "trailing-space", "mimetype-not-first"],
    )
    def test_an_odt_needs_the_exact_mimetype_first(self, data):
        assert refusal("notes.odt", data) == "The file says it is an ODT but is not one"


class TestDamagedOrHostileArchives:
    damaged = "The file cannot be opened; it may be damaged. Save it again and upload the new copy"
    too_big = "The file cannot be checked because it unpacks to more than 250 MB"

    @pytest.mark.parametrize(
        "data",
        [
            b"PK\x03\x04" + b"\x00" * 20,
            b"PK\x03\x04" + bytes(range(256)) * 4,
            GOOD["docx"][: len(GOOD["docx"]) // 2],
            GOOD["docx"][:-10],
        ],
        ids=["header-only", "garbage", "first-half", "cut-short"],
    )
    def test_a_corrupt_zip(self, data):
        file = upload("guide.docx", data)
        with pytest.raises(ValidationError) as caught:
            check_resource_file(file)
        assert caught.value.messages == [self.damaged]
        assert file.tell() == 0

    def test_a_corrupt_compressed_part(self):
        data = bytearray(GOOD["docx"])
        # Spoil the compressed bytes of the first entry ([Content_Types].xml) after its header.
        name_length, extra_length = struct.unpack("<HH", data[26:30])
        start = 30 + name_length + extra_length
        data[start : start + 20] = b"\xff" * 20
        assert refusal("guide.docx", bytes(data)) == self.damaged

    def test_a_huge_content_types_part_is_not_read_whole(self):
        # 2 MB of spaces compresses to a few kilobytes: a small zip bomb.
        padding = b" " * (2 * 1024 * 1024)
        part, main = MAIN_PARTS["docx"]
        data = zip_bytes(
            (
                "[Content_Types].xml",
                content_types((part, main)).replace(b"<Types", padding + b"<Types"),
            ),
            (part, b"<document/>"),
        )
        assert len(data) < 50_000
        assert refusal("guide.docx", data) == self.too_big

    def test_an_archive_claiming_to_unpack_to_more_than_250_mb(self):
        data = bytearray(office("docx"))
        # Raise the size the central directory gives for the main part to 3 GB: nothing is
        # unpacked to find out, the archive's own claim is enough to refuse it.
        [offset] = [
            offset
            for offset in _central_entries(bytes(data))
            if _central_name(bytes(data), offset) == b"word/document.xml"
        ]
        data[offset + 24 : offset + 28] = struct.pack("<I", 3 * 1024**3)
        assert refusal("guide.docx", bytes(data)) == self.too_big

    def test_an_archive_with_too_many_entries(self, monkeypatch):
        monkeypatch.setattr(uploads, "MAX_ZIP_ENTRIES", 5)
        part, main = MAIN_PARTS["docx"]
        entries = [(f"word/media/{n}.xml", b"<x/>") for n in range(6)]
        data = zip_bytes(
            ("[Content_Types].xml", content_types((part, main))), (part, b"<d/>"), *entries
        )
        assert refusal("guide.docx", data) == self.too_big

    @pytest.mark.parametrize(
        "xml",
        [
            b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
            b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><Types>&lol2;</Types>',
            b'<?xml version="1.0"?><!doctype x SYSTEM "file:///etc/passwd"><Types/>',
            b"<Types><Override",
            b"not xml at all",
        ],
        ids=["entities", "external", "cut-short", "not-xml"],
    )
    def test_content_types_that_are_not_plain_xml(self, xml):
        data = zip_bytes(("[Content_Types].xml", xml), ("word/document.xml", b"<d/>"))
        assert refusal("guide.docx", data) == self.damaged

    def test_a_doctype_is_found_whatever_the_encoding(self):
        xml = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY a "b">]><Types/>'
        data = zip_bytes(
            ("[Content_Types].xml", xml.encode("utf-16")), ("word/document.xml", b"<d/>")
        )
        assert refusal("guide.docx", data) == self.damaged

    def test_content_types_in_utf16_are_read(self):
        xml = content_types(MAIN_PARTS["docx"]).decode().replace("UTF-8", "UTF-16")
        part = MAIN_PARTS["docx"][0]
        data = zip_bytes(("[Content_Types].xml", xml.encode("utf-16")), (part, b"<d/>"))
        assert check_resource_file(upload("guide.docx", data)) == "docx"


def _central_entries(data: bytes):
    """The offset of each central directory record in a zip."""
    offset = data.find(b"PK\x01\x02")
    while offset != -1:
        yield offset
        offset = data.find(b"PK\x01\x02", offset + 4)


def _central_name(data: bytes, offset: int) -> bytes:
    (name_length,) = struct.unpack("<H", data[offset + 28 : offset + 30])
    return data[offset + 46 : offset + 46 + name_length]


class TestServing:
    @pytest.mark.parametrize(
        ("kind", "content_type"),
        [
            ("pdf", "application/pdf"),
            ("docx", f"{OOXML}.wordprocessingml.document"),
            ("xlsx", f"{OOXML}.spreadsheetml.sheet"),
            ("pptx", f"{OOXML}.presentationml.presentation"),
            ("odt", "application/vnd.oasis.opendocument.text"),
            ("png", "image/png"),
        ],
    )
    def test_content_type_for_each_kind(self, kind, content_type):
        assert content_type_for(kind) == content_type

    def test_every_kind_has_a_content_type(self):
        assert set(CONTENT_TYPES) == set(FILE_KINDS)

    @pytest.mark.parametrize("kind", ["", "exe", "html", "PDF"])
    def test_an_unknown_kind_is_served_as_bytes_to_download(self, kind):
        assert content_type_for(kind) == "application/octet-stream"

    @pytest.mark.parametrize(
        ("title", "kind", "name"),
        [
            ("Board interviews – a guide", "pdf", "board-interviews-a-guide.pdf"),
            ("Café culture: what staff said", "docx", "cafe-culture-what-staff-said.docx"),
            ("../../etc/passwd", "pdf", "etcpasswd.pdf"),
            ('Report"\r\nContent-Type: text/html', "pdf", "report-content-type-texthtml.pdf"),
            ("£££ — !!!", "png", "resource.png"),
            ("", "xlsx", "resource.xlsx"),
            ("Survey results 2026/27", "xlsx", "survey-results-202627.xlsx"),
            ("Plan", "exe", "plan"),
        ],
    )
    def test_safe_download_name(self, title, kind, name):
        assert safe_download_name(title, kind) == name

    def test_a_long_title_is_cut_short(self):
        name = safe_download_name("word " * 100, "pdf")
        assert len(name) <= 84
        assert name.endswith("word.pdf")
        assert name.isascii()
