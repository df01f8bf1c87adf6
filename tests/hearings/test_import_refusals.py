"""Importing a draft: what is not a usable Word file is refused in plain Danish, never crashes."""

import contextlib
import io
import random
import zipfile

import pytest
from docx import Document
from lxml import etree

from app.hearings import draft_import
from app.hearings.draft_import import (
    DraftImportError,
    import_docx,
)
from tests.hearings.draft_files import a_png, catalogue_docx, docx_bytes

# -- refusals ------------------------------------------------------------------------


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _docx_members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _with_members(changes: dict[str, bytes | None]) -> bytes:
    """The catalogue with some parts replaced (None: left out)."""
    members = _docx_members(catalogue_docx())
    for name, data in changes.items():
        if data is None:
            members.pop(name)
        else:
            members[name] = data
    return _zip(members)


def _cfb(*streams: str) -> bytes:
    return bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 504 + b"".join(s.encode("utf-16-le") for s in streams)


def _docm() -> bytes:
    content_types = _docx_members(catalogue_docx())["[Content_Types].xml"]
    return _with_members(
        {"[Content_Types].xml": content_types.replace(b"document.main+xml", b"document.macroEnabled.main+xml")}
    )


DAMAGED = "Word-dokumentet er beskadiget"
REFUSALS = {
    "empty file": (lambda: b"", "Filen er tom."),
    "over 20 MB": (lambda: b"PK" + b"\x00" * (21 * 1024 * 1024), "Filen fylder mere end 20 MB"),
    "renamed .exe": (lambda: b"MZ\x90\x00\x03" + b"\x00" * 200, "Filen er et program, ikke et Word-dokument."),
    "pdf": (lambda: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "Filen er en PDF, ikke et Word-dokument."),
    "rtf": (lambda: b"{\\rtf1\\ansi Hej}", "Filen er i RTF-format."),
    "image": (a_png, "Filen er et billede, ikke et Word-dokument."),
    "text file": (lambda: "Høringsudkast".encode(), "Filen er ikke et Word-dokument."),
    "encrypted docx": (lambda: _cfb("EncryptionInfo", "EncryptedPackage"), "beskyttet med en adgangskode"),
    "old .doc": (lambda: _cfb("WordDocument", "1Table"), "gem den som .docx"),
    "truncated docx": (lambda: catalogue_docx()[:4000], DAMAGED),
    "no word/document.xml": (lambda: _with_members({"word/document.xml": None}), DAMAGED),
    "broken XML": (lambda: _with_members({"word/document.xml": b"<w:document><w:body"}), DAMAGED),
    "plain zip": (lambda: _zip({"referat.txt": b"Hej"}), "Filen er en zip-fil, ikke et Word-dokument."),
    "spreadsheet": (lambda: _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<w/>"}), "Excel-regneark"),
    "odt": (lambda: _zip({"mimetype": b"application/vnd.oasis.opendocument.text"}), "OpenDocument-dokument (.odt)"),
    "macro document": (_docm, "Gem den som almindeligt Word-dokument (.docx)"),
    "zip bomb": (lambda: _zip({"word/document.xml": b"\x00" * (5 * 1024 * 1024)}), "når den pakkes ud"),
    "no text": (lambda: docx_bytes(Document()), "Dokumentet er tomt."),
}


@pytest.mark.parametrize("case", REFUSALS)
def test_what_is_not_a_usable_word_file_is_refused_in_plain_danish(danish, case):
    make, expected = REFUSALS[case]

    with pytest.raises(DraftImportError) as refused:
        import_docx(make())

    assert expected in str(refused.value.message)


def test_a_zip_that_unpacks_to_more_than_the_limit_is_refused_before_unpacking(danish, monkeypatch):
    data = catalogue_docx()
    monkeypatch.setattr(draft_import, "MAX_UNZIPPED_BYTES", sum(map(len, _docx_members(data).values())) - 1)

    with pytest.raises(DraftImportError, match="når den pakkes ud"):
        import_docx(data)


def test_damaged_word_files_never_escape_as_unhandled_errors(danish):
    data = catalogue_docx()
    for position in range(200, len(data), max(len(data) // 40, 1)):
        damaged = data[:position] + bytes([data[position] ^ 0x5A]) + data[position + 1:]
        with contextlib.suppress(DraftImportError):
            import_docx(damaged)


def test_odd_xml_inside_a_sound_zip_is_imported_or_refused_never_crashes(danish):
    """Parts of the XML taken away or given odd values, as a careless converter might."""
    members = _docx_members(catalogue_docx())
    chance = random.Random(2019)  # noqa: S311 (repeatable damage, not security)
    for _ in range(15):
        damaged = dict(members)
        for part in ("word/document.xml", "word/styles.xml", "word/numbering.xml"):
            root = etree.fromstring(damaged[part])  # noqa: S320 (our own test file)
            elements = list(root.iter())[1:]
            for element in chance.sample(elements, 5):
                if chance.random() < 0.5 and element.getparent() is not None:
                    element.getparent().remove(element)
                else:
                    for name in element.attrib:
                        element.attrib[name] = chance.choice(["", "x", "-1", "99999", "0"])
            damaged[part] = etree.tostring(root)
        with contextlib.suppress(DraftImportError):
            import_docx(_zip(damaged))
