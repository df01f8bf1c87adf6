"""`flask letters fetch`: the hearings' mailbox, run by the same timer as `flask hearings tick`."""

import logging

import click
from flask import current_app
from flask.cli import with_appcontext

from app.db_types import utcnow
from app.responses.letters.mailbox.imap import MailboxSettings, MailboxUnavailable, fetch_mail

log = logging.getLogger(__name__)


# A command of the `flask letters` group (app/responses/letters/commands.py), added in app/commands.py.
@click.command("fetch", help="Hent mails til høringernes adresser; hver bliver et brev, der venter på at blive "
                                "tjekket. Sikker at køre ofte og to gange samtidig.")
@with_appcontext
def fetch() -> None:
    settings = MailboxSettings.from_config(current_app.config)
    if settings is None:
        click.echo("letters: no mailbox configured (MAILBOX_ADDRESS, MAILBOX_IMAP_HOST)")
        return
    try:
        report = fetch_mail(settings, utcnow())
    except MailboxUnavailable as error:
        log.warning("mailbox unavailable: %s", error)
        raise click.ClickException(
            f"Postkassen kan ikke nås ({error}). Intet er slettet fra postkassen; "
            "de mails, der ikke blev hentet, hentes ved næste kørsel."
        ) from None
    for described in report.unknown:
        log.warning("mail for no known hearing left in the mailbox: %s", described)
        click.echo(f"letters: left in the mailbox, for no known hearing: {described}")
    for described in report.too_large:
        log.warning("mail too large to fetch, left in the mailbox: %s", described)
        click.echo(f"letters: left in the mailbox, too large (over {settings.max_message_bytes} bytes): {described}")
    click.echo(report.summary())
