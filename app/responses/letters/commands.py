"""`flask letters split SLUG FILE [--party NAME] [--json]`: how a letter would be split, for automation.

Nothing is saved: the letter (PDF, Word, ODT or an e-mail) is read, cut into
pieces and guessed against the hearing's sections exactly as the letter page
does, and the suggestion is printed, one entry per point in the letter's order:
the section's key, number and title, the first words, and the kind ("point",
"no_remarks": "ingen bemærkninger" to the section, "quote": a quotation alone,
"not_a_remark": letterhead, greeting, signature), and the first words of each quotation in it
("quotes": a quotation stays in the point it introduces, as "> " Markdown).
"""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from app.attachments.operations import detect_document_type
from app.extensions import db
from app.hearings.models import Hearing
from app.responses import letters
from app.responses.letters.details import read_details
from app.responses.letters.operations import current_sections, section_refs

FIRST_WORDS = 12
KINDS = ("point", "no_remarks", "quote", "not_a_remark")


@click.group("letters", help="Høringssvar, der kommer som breve.")
def letters_group() -> None:
    pass


@letters_group.command("split", help="Vis, hvordan et brev bliver delt op i punkter på høringen SLUG.")
@click.argument("slug")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--party", help="Den part, brevet er fra (navnet på høringslisten). Uden: læst fra brevet.")
@click.option("--json", "as_json", is_flag=True, help="Skriv forslaget som JSON.")
@with_appcontext
def split_letter(slug: str, file: Path, party: str | None, as_json: bool) -> None:
    hearing = db.session.scalar(select(Hearing).where(Hearing.slug == slug))
    if hearing is None:
        raise click.ClickException(f"Der er ingen høring med adressen {slug!r}.")
    data = file.read_bytes()
    content_type = detect_document_type(data) or (letters.EML if file.suffix.lower() == ".eml" else None)
    if content_type is None:
        raise click.ClickException(f"{file.name} er ikke en PDF-, Word- (.docx), OpenDocument- (.odt) eller "
                                   "e-mail-fil (.eml).")
    try:
        paragraphs = letters.paragraphs_of(letters.extract_text(data, content_type))
    except letters.NoText:
        raise click.ClickException(f"{file.name} har ingen tekst, der kan læses (en scanning?).") from None
    except letters.Unreadable:
        raise click.ClickException(f"{file.name} kan ikke læses.") from None
    parties = sorted(i.organisation.name for i in hearing.invitations)
    if party is not None and party not in parties:
        raise click.ClickException(f"{party!r} er ikke på høringslisten: {', '.join(parties) or 'ingen parter'}.")
    facts = read_details(paragraphs, parties)
    sections = current_sections(hearing)
    entries = suggestion(paragraphs, section_refs(sections))
    result = {
        "hearing": hearing.slug, "file": file.name, "party": party or facts.sender,
        "sent_on": facts.sent_on.isoformat() if facts.sent_on else None,
        "signed_name": facts.signed_name, "signed_role": facts.signed_role, "points": entries,
    }
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=1))
        return
    click.echo(f"{file.name} på {hearing.slug}: fra {result['party'] or '?'}, {result['sent_on'] or 'uden dato'}")
    for entry in entries:
        where = entry["number"] or entry["title"] or ("generelt" if entry["kind"] != "not_a_remark" else "")
        click.echo(f"  {entry['kind']:13} {where[:30]:30} {entry['first_words']}")


def suggestion(paragraphs: list[str], refs: list[letters.SectionRef]) -> list[dict]:
    """The guessed points and the pieces that are no remark, in the letter's order."""
    choices = letters.guess_choices(paragraphs, refs)
    by_key = {ref.key: ref for ref in refs}
    entries = []
    for point in letters.points_from(paragraphs, choices):
        ref = by_key.get(point.section_key) if point.section_key else None
        kind = "no_remarks" if point.no_remarks else \
            "quote" if all(p.startswith(letters.QUOTE) for p in point.paragraphs) else "point"
        quotes = [_first_words(p.removeprefix(letters.QUOTE)) for p in point.paragraphs if p.startswith(letters.QUOTE)]
        entries.append((point.start, _entry(ref, point.heading, point.text, kind, quotes)))
    entries += [(i, _entry(None, None, paragraph, "not_a_remark", []))
                for i, (paragraph, choice) in enumerate(zip(paragraphs, choices, strict=True))
                if choice == letters.SKIP]
    return [entry for _start, entry in sorted(entries, key=lambda pair: pair[0])]


def _entry(ref: letters.SectionRef | None, heading: str | None, text: str, kind: str, quotes: list[str]) -> dict:
    return {
        "section_key": ref.key if ref else None, "number": ref.number if ref else None,
        "title": ref.heading if ref else None, "heading": heading, "first_words": _first_words(text),
        "kind": kind, "quotes": quotes,
    }


def _first_words(text: str) -> str:
    return " ".join(text.split()[:FIRST_WORDS])
