"""A published hearing as open data in one file: a CSV per table and `datapackage.json`
(Frictionless Data's Tabular Data Package), zipped.

It holds what the public memo holds, read from the frozen memo, so the package says
exactly what the published memo says (citizens named only by consent, no contact data),
and the draft's sections as the public page shows them. Each point of the memo (a reply
and the comments it answers) is one row of `replies.csv`; each comment names its point.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from dataclasses import dataclass

from app.hearings.models import Hearing, Section
from app.hearings.text_format import block_text, split_blocks
from app.links import external_url
from app.memos.content import MemoContent
from app.memos.models import Memo


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # a Table Schema type: string, integer, boolean, date, datetime
    description: str


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    description: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...] = ()
    foreign_keys: tuple[tuple[str, str, str], ...] = ()  # (field, other table, its field)

    @property
    def path(self) -> str:
        return f"{self.name}.csv"


HEARING = Table("hearing", "Høringen", "Høringen og det offentliggjorte høringsnotat (én række).", (
    Field("slug", "string", "Høringens kortnavn, som i adressen på dens side."),
    Field("title", "string", "Høringens titel."),
    Field("case_number", "string", "Kommunens sagsnummer."),
    Field("committee", "string", "Det udvalg, sagen går til."),
    Field("opens_at", "datetime", "Hvornår høringen åbnede (UTC)."),
    Field("deadline_at", "datetime", "Høringsfristen (UTC)."),
    Field("response_count", "integer", "Antal høringssvar."),
    Field("citizen_count", "integer", "Antal høringssvar fra borgere."),
    Field("memo_version", "integer", "Det offentliggjorte høringsnotats version."),
    Field("memo_finalised_at", "datetime", "Hvornår høringsnotatet blev færdiggjort (UTC)."),
    Field("url", "string", "Høringens offentlige side."),
), primary_key=("slug",))

SECTIONS = Table("sections", "Afsnit i høringsudkastet", "Udkastets afsnit i rækkefølge.", (
    Field("key", "string", "Afsnittets faste nøgle; den følger afsnittet gennem udkastets versioner."),
    Field("parent_key", "string", "Nøglen til det afsnit, dette hører under (tom for et afsnit øverst)."),
    Field("position", "integer", "Afsnittets plads i udkastet, forfra."),
    Field("number", "string", "Afsnittets nummer, fx \"§ 84\"."),
    Field("heading", "string", "Afsnittets overskrift."),
    Field("page", "integer", "Sidetal i det oprindelige dokument, hvor det kendes."),
    Field("text", "string", "Afsnittets tekst uden formatering."),
), primary_key=("key",), foreign_keys=(("parent_key", "sections", "key"),))

PARTIES = Table("parties", "Høringsparter", "Høringslisten og hvem der svarede.", (
    Field("name", "string", "Høringspartens navn."),
    Field("status", "string", "answered (har svaret), no_remarks (ingen bemærkninger), not_answered (har ikke "
                              "svaret) eller declined (har meldt fra)."),
    Field("responded_on", "date", "Dagen for svaret."),
), primary_key=("name",))

RESPONSES = Table("responses", "Høringssvar", "Høringssvarene i den rækkefølge, de kom.", (
    Field("number", "integer", "Svarets løbenummer i høringen."),
    Field("sender", "string", "Afsender; en borger er navngivet, hvis vedkommende har sagt ja til det, ellers "
                              "\"Borger 1\", \"Borger 2\" …"),
    Field("kind", "string", "party (høringspart), citizen (borger) eller letter (brev registreret af "
                            "forvaltningen)."),
    Field("submitted_on", "date", "Dagen, svaret blev afgivet."),
    Field("no_remarks", "boolean", "Svaret er \"ingen bemærkninger\"."),
    Field("signed", "string", "Underskrift, hvis svaret har en."),
), primary_key=("number",))

REPLIES = Table("replies", "Forvaltningens bemærkninger", "Hvert punkt i høringsnotatet: forvaltningens "
                "bemærkning og udfaldet; bemærkningerne, det svarer på, står i comments.csv.", (
    Field("number", "integer", "Punktets løbenummer i høringsnotatet."),
    Field("part", "string", "general (generelle bemærkninger) eller section (bemærkninger til afsnit)."),
    Field("section_keys", "string", "Nøglerne til de afsnit, punktet hører til, adskilt af mellemrum."),
    Field("section_label", "string", "Afsnittets navn, som høringsnotatet skriver det."),
    Field("senders", "string", "De høringsparter, der rejste punktet, adskilt af semikolon (i et høringsnotat "
                               "færdiggjort før borgerne blev talt, også borgerne)."),
    Field("citizens", "integer", "Hvor mange borgere der rejste punktet."),
    Field("reply", "string", "Forvaltningens bemærkning."),
    Field("outcome", "string", "accepted (imødekommet), partly_accepted (delvist imødekommet), not_accepted "
                               "(ikke imødekommet), noted (taget til efterretning) eller out_of_scope (uden for "
                               "høringens emne); tom, hvor punktet ikke har et udfald."),
    Field("financial_consequence", "boolean", "Om svaret har økonomiske konsekvenser."),
    Field("financial_note", "string", "De økonomiske konsekvenser, hvor de er beskrevet."),
), primary_key=("number",))

COMMENTS = Table("comments", "Bemærkninger", "Hvert høringssvars bemærkninger, afsnit for afsnit.", (
    Field("response_number", "integer", "Det høringssvar, bemærkningen står i."),
    Field("number", "integer", "Bemærkningens nummer i svaret."),
    Field("section_label", "string", "Det afsnit, bemærkningen gælder (tom for en generel bemærkning)."),
    Field("heading", "string", "Høringspartens egen overskrift, hvis den havde en."),
    Field("text", "string", "Bemærkningen."),
    Field("reply_number", "integer", "Det punkt i replies.csv, der svarer på bemærkningen (tom, hvis ingen)."),
), primary_key=("response_number", "number"),
    foreign_keys=(("response_number", "responses", "number"), ("reply_number", "replies", "number")))

TABLES = (HEARING, SECTIONS, PARTIES, RESPONSES, REPLIES, COMMENTS)


def package_name(hearing: Hearing) -> str:
    return f"hoering-{hearing.slug}"


def build_datapackage(hearing: Hearing, sections: list[Section], memo: Memo) -> bytes:
    """The ZIP: datapackage.json and one CSV per table, each CSV's size and SHA-256 in the descriptor."""
    content = MemoContent.from_dict(memo.content)
    rows = {
        HEARING.name: [_hearing_row(hearing, content, memo)],
        SECTIONS.name: _section_rows(sections),
        PARTIES.name: [[party.name, party.status, party.responded_on] for party in content.parties],
        RESPONSES.name: [[number, response.sender, response.kind, response.submitted_on, response.no_remarks,
                          response.signed] for number, response in enumerate(content.appendix, start=1)],
    }
    rows[REPLIES.name], point_of_comment = _reply_rows(content)
    rows[COMMENTS.name] = _comment_rows(content, point_of_comment)
    files = {table.path: _csv(table, rows[table.name]) for table in TABLES}
    descriptor = _descriptor(hearing, memo, files)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("datapackage.json", json.dumps(descriptor, ensure_ascii=False, indent=2))
        for path, data in files.items():
            archive.writestr(path, data)
    return buffer.getvalue()


def _hearing_row(hearing: Hearing, content: MemoContent, memo: Memo) -> list:
    return [hearing.slug, content.hearing_title, content.case_number, content.committee, content.opens_at,
            content.deadline_at, content.response_count, content.citizen_count, memo.version,
            memo.finalised_at.isoformat() if memo.finalised_at else None,
            external_url("public.hearing", slug=hearing.slug)]


def _section_rows(sections: list[Section]) -> list[list]:
    keys = {section.id: section.key for section in sections}
    return [[section.key, keys.get(section.parent_id), section.position, section.number, section.heading,
             section.page, _plain(section.body_html)] for section in sections]


def _plain(html: str | None) -> str:
    """A section's text without markup: a line per paragraph, list item or table row's block."""
    return "\n".join(filter(None, (block_text(block) for block in split_blocks(html or ""))))


def _reply_rows(content: MemoContent) -> tuple[list[list], dict[tuple, int]]:
    """One row per point; and, for each comment it answers, the point's number: by the comment's place in
    the appendix (every comment, also those the memo only counts), or for a memo frozen before the memo kept
    those places, by its sender and text (the comments the memo shows)."""
    rows, point_of_comment = [], {}
    numbered = [("general", None, point) for point in content.general]
    numbered += [("section", section, point) for section in content.sections for point in section.points]
    for number, (part, section, point) in enumerate(numbered, start=1):
        senders = point.party_names if point.party_names or point.citizens else point.senders
        rows.append([number, part, " ".join(section.keys) if section else None, section.label if section else None,
                     "; ".join(senders), point.citizens, point.reply, point.outcome, point.financial_consequence,
                     point.financial_note])
        for ref in point.comment_refs:
            point_of_comment.setdefault(("ref", ref), number)
        for comment in point.comments:
            point_of_comment.setdefault((comment.sender, comment.text), number)
    return rows, point_of_comment


def _comment_rows(content: MemoContent, point_of_comment: dict[tuple, int]) -> list[list]:
    return [[response_number, number, comment.section_label, comment.heading, comment.text,
             point_of_comment.get(("ref", f"{response_number}:{number}"),
                                  point_of_comment.get((response.sender, comment.text)))]
            for response_number, response in enumerate(content.appendix, start=1)
            for number, comment in enumerate(response.comments, start=1)]


def _csv(table: Table, rows: list[list]) -> bytes:
    """RFC 4180 CSV in UTF-8; an empty cell is a missing value, booleans are true/false."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow([field.name for field in table.fields])
    for row in rows:
        writer.writerow([_cell(value) for value in row])
    return text.getvalue().encode("utf-8")


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _descriptor(hearing: Hearing, memo: Memo, files: dict[str, bytes]) -> dict:
    return {
        "profile": "tabular-data-package",
        "name": package_name(hearing),
        "title": hearing.title,
        "description": "Høringen, høringsudkastets afsnit, høringsparterne, høringssvarene og forvaltningens "
                       "bemærkninger, som i det offentliggjorte høringsnotat.",
        "version": f"{memo.version}.0.0",
        "created": memo.published_at.isoformat() if memo.published_at else None,
        "homepage": external_url("public.hearing", slug=hearing.slug),
        "sources": [{"title": "Høringsnotat", "path": external_url("public.memo", slug=hearing.slug)}],
        "resources": [_resource(table, files[table.path]) for table in TABLES],
    }


def _resource(table: Table, data: bytes) -> dict:
    schema = {"fields": [{"name": f.name, "type": f.type, "description": f.description} for f in table.fields],
              "missingValues": [""]}
    if table.primary_key:
        schema["primaryKey"] = list(table.primary_key)
    if table.foreign_keys:
        schema["foreignKeys"] = [{"fields": field, "reference": {"resource": "" if other == table.name else other,
                                                                  "fields": other_field}}
                                 for field, other, other_field in table.foreign_keys]
    return {
        "name": table.name, "path": table.path, "title": table.title, "description": table.description,
        "profile": "tabular-data-resource", "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
        "bytes": len(data), "hash": f"sha256:{hashlib.sha256(data).hexdigest()}", "schema": schema,
    }
