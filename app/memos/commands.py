"""`flask memo export SLUG --format docx --output FILE`: the memo for automation and record-keeping."""

import os
from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from app.extensions import db
from app.hearings.models import Hearing
from app.memos.compile import compile_memo
from app.memos.exports import APPENDIX_FORMATS, FORMATS, PARTS, export


@click.group(help="Høringsnotater.")
def memo() -> None:
    pass


@memo.command("export", help="Skriv høringsens notat til en fil.")
@click.argument("slug")
@click.option("--format", "file_format", type=click.Choice(sorted(FORMATS)), default="docx", show_default=True)
@click.option("--output", type=click.Path(dir_okay=False, writable=True, path_type=Path),
              help="Filen, der skrives. Uden: hoeringsnotat-SLUG.FORMAT i den aktuelle mappe.")
@click.option("--part", type=click.Choice(PARTS), default="memo", show_default=True,
              help="appendix: bilaget med høringssvarene i fuld længde (html, docx, pdf).")
@with_appcontext
def export_memo(slug: str, file_format: str, output: Path | None, part: str) -> None:
    hearing = db.session.scalar(select(Hearing).where(Hearing.slug == slug))
    if hearing is None:
        raise click.ClickException(f"Der er ingen høring med adressen {slug!r}.")
    if part == "appendix" and file_format not in APPENDIX_FORMATS:
        raise click.ClickException(f"Bilaget findes som {', '.join(APPENDIX_FORMATS)}.")
    from flask import current_app

    with current_app.test_request_context():  # templates and url_for need a request
        memo_file = export(compile_memo(hearing), file_format, part=part)
    target = output or Path(memo_file.filename)
    # Write beside the target and rename: a full disk or a crash never leaves half a file. The bytes
    # are on the disk before the rename (fsync), or a crash just after it could leave an empty file.
    partial = target.with_name(target.name + ".part")
    try:
        with partial.open("wb") as out:
            out.write(memo_file.content)
            out.flush()
            os.fsync(out.fileno())
        partial.replace(target)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise click.ClickException(f"Kunne ikke skrive {target}: {error.strerror}") from error
    click.echo(f"{target} ({len(memo_file.content):,} bytes)")
