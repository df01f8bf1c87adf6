"""`flask drafts import SLUG FILE [--dry-run]`: the draft import of the import page, from the command line.

The same readers and the same numbering as the page (`draft_import`), the same
saving (`operations.replace_draft`); the sections are printed as a tree, each
with its number and where the number came from, so a script or a person sees
what the page's preview would show.
"""

from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from app.extensions import db
from app.hearings import draft_import, operations
from app.hearings.draft_import import DraftImportError, ImportedSection, ImportResult
from app.hearings.models import Hearing
from app.refusals import Refused

TEXT_SUFFIXES = {".md", ".markdown", ".txt"}


@click.group(help="Høringsudkast.")
def drafts() -> None:
    pass


@drafts.command("import", help="Importér FILE (Word, eller tekst med #-overskrifter) som udkast til høringen SLUG.")
@click.argument("slug")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Vis afsnittene uden at gemme dem.")
@with_appcontext
def import_command(slug: str, file: Path, dry_run: bool) -> None:
    hearing = db.session.scalar(select(Hearing).where(Hearing.slug == slug))
    if hearing is None:
        raise click.ClickException(f"Der er ingen høring med adressen {slug!r}.")
    from flask import current_app

    with current_app.test_request_context():  # the readers' messages are translated, which needs a request
        result = _read(file)
        for line in tree_lines(result):
            click.echo(line)
    if dry_run:
        click.echo(f"{draft_import.count_sections(result)} afsnit. Intet er gemt (--dry-run).")
        return
    try:
        operations.replace_draft(hearing, result, None)
    except Refused as refused:
        db.session.rollback()
        raise click.ClickException(str(refused)) from None
    db.session.commit()
    click.echo(f"{draft_import.count_sections(result)} afsnit er gemt i høringen {slug}.")


def _read(file: Path) -> ImportResult:
    try:
        if file.suffix.lower() in TEXT_SUFFIXES:
            return draft_import.import_markdown(file.read_text(encoding="utf-8", errors="replace"))
        with file.open("rb") as stream:
            return draft_import.import_document(stream.read(draft_import.MAX_DOCX_BYTES + 1), file.name)
    except DraftImportError as error:
        raise click.ClickException(str(error.message)) from None


def tree_lines(result: ImportResult) -> list[str]:
    """The title page, then each section indented by its depth: its label and where its number came from."""
    lines = [f"Titel: {result.title}"] if result.title else []
    lines += [f"Undertitel: {result.subtitle}"] if result.subtitle else []
    lines += [f"Advarsel: {warning}" for warning in result.warnings]

    def walk(sections: list[ImportedSection], depth: int) -> None:
        for section in sections:
            where = f"  [{section.number_source.label}]" if section.number else ""
            lines.append("  " * depth + section.label + where)
            walk(section.children, depth + 1)

    walk(result.sections, 0)
    return lines
