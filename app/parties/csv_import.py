"""Importing parties from a CSV file: read it, check every row, plan. Nothing is saved here.

A municipality keeps its list of councils in a spreadsheet. Danish Excel saves
CSV as Windows-1252 with semicolons ("CSV (semikolonsepareret)") or as UTF-8
with a byte order mark ("CSV UTF-8"); both are read. One row per contact
person; rows of the same organisation (regardless of case) are grouped.
"""

import codecs
import csv
import io
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l

from app.parties import operations
from app.parties.forms import EMAIL_MAX, NAME_MAX, TITLE_MAX, collapse_whitespace, has_control_characters
from app.parties.models import Organisation, OrganisationKind

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000

# The header names people write, Danish and English, compared case-insensitively.
COLUMNS = {
    "organisation": ("organisation", "organization", "navn"),
    "kind": ("type", "kind"),
    "contact_name": ("kontaktperson", "contact_name"),
    "email": ("email", "e-mail"),
    "title": ("rolle", "title"),
}
_COLUMN_BY_HEADER = {alias: key for key, aliases in COLUMNS.items() for alias in aliases}
REQUIRED_COLUMNS = ("organisation", "kind")
EXAMPLE_HEADER = "organisation;type;kontaktperson;email;rolle"

# The words for a type in the file: the Danish labels and the codes. Not
# translated: the file's vocabulary is the same whatever language the page is in.
KIND_WORDS = {
    "råd": OrganisationKind.COUNCIL,
    "bruger- og pårørenderåd": OrganisationKind.USER_COUNCIL,
    "med-udvalg": OrganisationKind.MED_COMMITTEE,
    "institution": OrganisationKind.INSTITUTION,
    "forening": OrganisationKind.ASSOCIATION,
    "andet": OrganisationKind.OTHER,
    **{kind.value: kind for kind in OrganisationKind},
}
ALLOWED_KINDS = "råd, bruger- og pårørenderåd, MED-udvalg, institution, forening, andet"

# Files that are certainly not CSV, by their first bytes.
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")  # .xlsx, .ods, .docx, .zip
_BINARY = (b"%PDF", b"\xd0\xcf\x11\xe0", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"\x1f\x8b")

_PROBLEMS = {
    "missing_organisation": _l("Navnet på organisationen mangler."),
    "missing_kind": _l("Typen mangler. Skriv en af: %(allowed)s."),
    "unknown_kind": _l("Typen \u201d%(value)s\u201d findes ikke. Skriv en af: %(allowed)s."),
    "kind_conflict": _l("Typen er en anden end i række %(row)d for samme organisation."),
    "missing_contact_name": _l("Navnet på kontaktpersonen mangler."),
    "missing_email": _l("E-mailadressen mangler."),
    "invalid_email": _l("E-mailadressen \u201d%(value)s\u201d er ikke gyldig."),
    "duplicate_row": _l("Rækken gentager række %(row)d (samme organisation og e-mailadresse)."),
    "too_long": _l("Kolonnen \u201d%(column)s\u201d har for mange tegn: højst %(max)d, her %(length)d."),
    "control_characters": _l("Kolonnen \u201d%(column)s\u201d indeholder usynlige styretegn."),
    "contact_exists": _l("Findes allerede: %(organisation)s har en kontaktperson med denne e-mailadresse."),
    "organisation_exists": _l("Findes allerede: organisationen er i registret i forvejen."),
    "ignored_column": _l("Kolonnen \u201d%(column)s\u201d bliver ikke brugt."),
}


class CsvImportError(Exception):
    """The file as a whole cannot be imported; `message` says why, in plain language."""

    def __init__(self, message) -> None:
        super().__init__(str(message))
        self.message = message


@dataclass
class Problem:
    code: str
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def message(self) -> str:
        template = _PROBLEMS.get(self.code)
        return str(template) % self.params if template is not None else self.code

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "params": self.params}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Problem":
        return cls(str(data.get("code", "")), dict(data.get("params") or {}))


@dataclass
class Row:
    number: int  # as the spreadsheet shows it: the header is row 1
    organisation: str = ""
    kind: OrganisationKind | None = None
    contact_name: str = ""
    email: str = ""
    title: str = ""
    problems: list[Problem] = field(default_factory=list)

    @property
    def has_contact(self) -> bool:
        return bool(self.contact_name or self.email)


@dataclass
class PlannedContact:
    row: int
    name: str
    email: str
    title: str | None


@dataclass
class PlannedOrganisation:
    name: str
    kind: OrganisationKind
    existing_id: int | None
    contacts: list[PlannedContact] = field(default_factory=list)


@dataclass
class ImportPlan:
    filename: str
    organisations: list[PlannedOrganisation]
    refused: list[Row]
    skipped: list[Row]
    warnings: list[Problem]
    row_count: int

    @property
    def new_organisations(self) -> list[PlannedOrganisation]:
        return [o for o in self.organisations if o.existing_id is None]

    @property
    def existing_organisations(self) -> list[PlannedOrganisation]:
        return [o for o in self.organisations if o.existing_id is not None]

    @property
    def contact_count(self) -> int:
        return sum(len(o.contacts) for o in self.organisations)

    @property
    def has_changes(self) -> bool:
        return bool(self.organisations)


# ---------------------------------------------------------------- the file


def clean_filename(name: str | None) -> str:
    base = PurePath((name or "").replace("\\", "/")).name
    return collapse_whitespace("".join(c for c in base if not has_control_characters(c)))[:200]


def read_text(data: bytes) -> str:
    """The file's text: UTF-8 (with or without BOM), else Windows-1252. Refuses what is not text."""
    if len(data) > MAX_BYTES:
        raise CsvImportError(_l("Filen er for stor. Den må højst være 2 MB."))
    if not data.strip():
        raise CsvImportError(_l("Filen er tom."))
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise CsvImportError(_l(
            "Filen er gemt som UTF-16 (\u201dUnicode-tekst\u201d). Gem den i stedet som \u201dCSV UTF-8\u201d "
            "eller \u201dCSV (semikolonsepareret)\u201d."
        ))
    if data.startswith(_ZIP):
        raise CsvImportError(_l(
            "Filen er en Excel-projektmappe eller en anden pakket fil, ikke en CSV-fil. Åbn den i Excel, "
            "og vælg Gem som \u201dCSV (semikolonsepareret)\u201d."
        ))
    not_text = CsvImportError(_l(
        "Filen er ikke en tekstfil. Vælg en CSV-fil: tekst med semikolon eller komma mellem kolonnerne."
    ))
    if data.startswith(_BINARY) or b"\x00" in data:
        raise not_text
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise not_text from None
    controls = sum(1 for c in text if has_control_characters(c))
    if controls > max(10, len(text) // 100):  # a stray one is a row's problem; many mean binary
        raise not_text
    return text


def _delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ";"


def _header(cells: list[str]) -> tuple[dict[str, tuple[int, str]], list[Problem]]:
    """Which column is which: key -> (index, the header as written)."""
    columns: dict[str, tuple[int, str]] = {}
    warnings = []
    for index, cell in enumerate(cells):
        written = collapse_whitespace(cell.replace("\ufeff", ""))
        if not written:
            continue
        key = _COLUMN_BY_HEADER.get(written.casefold())
        if key is None:
            warnings.append(Problem("ignored_column", {"column": written[:80]}))
        elif key in columns:
            raise CsvImportError(_l("Kolonnen \u201d%(column)s\u201d står to gange i første række.", column=written))
        else:
            columns[key] = (index, written)
    for key in REQUIRED_COLUMNS:
        if key not in columns:
            raise CsvImportError(_l(
                "Første række skal være overskrifterne, og kolonnen \u201d%(column)s\u201d mangler. "
                "Skriv fx: %(example)s",
                column=COLUMNS[key][0], example=EXAMPLE_HEADER,
            ))
    return columns, warnings


def parse(text: str) -> tuple[list[Row], list[Problem]]:
    """Every data row, checked on its own (doubles and types are checked by `plan`)."""
    lines = text.splitlines()
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        raise CsvImportError(_l("Filen er tom."))
    skip = 0
    if lines[first].strip().casefold().startswith("sep=") and len(lines[first].strip()) == 5:
        delimiter, skip = lines[first].strip()[4], first + 1  # Excel's "sep=;" line
    else:
        delimiter = _delimiter(lines[first])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    columns: dict[str, tuple[int, str]] | None = None
    warnings: list[Problem] = []
    rows: list[Row] = []
    number = 0
    try:
        for number, cells in enumerate(reader, start=1):
            if number <= skip or not any(cell.strip() for cell in cells):
                continue
            if columns is None:
                columns, warnings = _header(cells)
                continue
            if len(rows) >= MAX_ROWS:
                raise CsvImportError(_l("Filen har mere end %(max)d rækker. Del den op i flere filer.",
                                        max=MAX_ROWS))
            rows.append(_row(number, cells, columns))
    except csv.Error:
        raise CsvImportError(_l(
            "Filen kunne ikke læses som CSV (række %(row)d). Tjek, at anførselstegn står parvis.", row=number + 1
        )) from None
    if not rows:
        raise CsvImportError(_l("Filen har ingen rækker under overskrifterne."))
    return rows, warnings


def _row(number: int, cells: list[str], columns: dict[str, tuple[int, str]]) -> Row:
    row = Row(number)
    unreadable: set[str] = set()

    def cell(key: str, max_length: int) -> str | None:
        """The cell's text, whitespace collapsed; None when it has control characters."""
        if key not in columns:
            return ""
        index, written = columns[key]
        raw = cells[index] if index < len(cells) else ""
        if has_control_characters(raw):
            row.problems.append(Problem("control_characters", {"column": written}))
            unreadable.add(key)
            return None
        value = collapse_whitespace(raw)
        if len(value) > max_length:
            row.problems.append(Problem("too_long", {"column": written, "max": max_length, "length": len(value)}))
        return value

    organisation = cell("organisation", NAME_MAX)
    kind_text = cell("kind", 100) or ""
    row.contact_name = cell("contact_name", NAME_MAX) or ""
    email = cell("email", EMAIL_MAX) or ""
    row.title = cell("title", TITLE_MAX) or ""

    row.organisation = organisation or ""
    if organisation == "":
        row.problems.append(Problem("missing_organisation"))
    if kind_text:
        row.kind = KIND_WORDS.get(kind_text.casefold())
        if row.kind is None:
            row.problems.append(Problem("unknown_kind", {"value": kind_text[:80], "allowed": ALLOWED_KINDS}))
    if email and len(email) <= EMAIL_MAX:
        try:
            validate_email(email, check_deliverability=False)
        except EmailNotValidError:
            row.problems.append(Problem("invalid_email", {"value": email[:80]}))
    row.email = operations.normalise_email(email)
    if row.email and not row.contact_name and "contact_name" not in unreadable:
        row.problems.append(Problem("missing_contact_name"))
    if row.contact_name and not row.email and "email" not in unreadable:
        row.problems.append(Problem("missing_email"))
    return row


# ---------------------------------------------------------------- the plan


def plan(rows: list[Row], warnings: list[Problem], filename: str,
         existing: dict[str, Organisation]) -> ImportPlan:
    """What an import would do, given the register as it is (`existing`: name_key -> organisation)."""
    refused = [row for row in rows if row.problems]
    skipped: list[Row] = []
    groups: dict[str, list[Row]] = {}
    first_seen: dict[tuple[str, str], int] = {}
    for row in rows:
        if row.problems:
            continue
        key = operations.name_key(row.organisation)
        earlier = first_seen.setdefault((key, row.email), row.number) if row.email else row.number
        if earlier != row.number:
            row.problems.append(Problem("duplicate_row", {"row": earlier}))
            refused.append(row)
            continue
        groups.setdefault(key, []).append(row)

    organisations = []
    for key, group in groups.items():
        organisation = existing.get(key)
        if organisation is not None:
            planned = _plan_existing(organisation, group, skipped)
        else:
            planned = _plan_new(group, refused)
        if planned is not None and (planned.existing_id is None or planned.contacts):
            organisations.append(planned)
    return ImportPlan(
        filename=filename,
        organisations=organisations,
        refused=sorted(refused, key=lambda r: r.number),
        skipped=sorted(skipped, key=lambda r: r.number),
        warnings=warnings,
        row_count=len(rows),
    )


def _contact(row: Row) -> PlannedContact:
    return PlannedContact(row.number, row.contact_name, row.email, row.title or None)


def _plan_existing(organisation: Organisation, group: list[Row], skipped: list[Row]) -> PlannedOrganisation:
    """An organisation already in the register gets the new contacts; its name and type stay."""
    emails = {contact.email for contact in organisation.contacts}
    planned = PlannedOrganisation(organisation.name, organisation.kind, organisation.id)
    for row in group:
        if not row.has_contact:
            row.problems.append(Problem("organisation_exists"))
            skipped.append(row)
        elif row.email in emails:
            row.problems.append(Problem("contact_exists", {"organisation": organisation.name}))
            skipped.append(row)
        else:
            planned.contacts.append(_contact(row))
    return planned


def _plan_new(group: list[Row], refused: list[Row]) -> PlannedOrganisation | None:
    """A new organisation takes the type of its first row that has one."""
    typed = next((row for row in group if row.kind is not None), None)
    if typed is None:
        for row in group:
            row.problems.append(Problem("missing_kind", {"allowed": ALLOWED_KINDS}))
            refused.append(row)
        return None
    planned = PlannedOrganisation(group[0].organisation, typed.kind, None)
    for row in group:
        if row.kind is not None and row.kind is not typed.kind:
            row.problems.append(Problem("kind_conflict", {"row": typed.number}))
            refused.append(row)
        elif row.has_contact:
            planned.contacts.append(_contact(row))
    return planned


def build_plan(text: str, filename: str) -> ImportPlan:
    """Read the text and plan against the register as it is now (reads, never writes)."""
    rows, warnings = parse(text)
    return plan(rows, warnings, filename, operations.organisations_by_name())
