"""Command-line tools: `flask demo load`, `flask outbox send`, `flask hearings tick`, `flask staff digest`,
`flask drafts import`, `flask letters split`, `flask letters fetch`, `flask retention apply`."""

import time

import click
from flask import Flask

from app.accounts import admin_command  # noqa: F401 (adds create-admin to the accounts group)
from app.accounts.cleanup import accounts
from app.extensions import db
from app.hearings.commands import drafts
from app.memos.commands import memo
from app.responses.letters.commands import letters_group
from app.responses.letters.mailbox.commands import fetch as fetch_letters
from app.retention.commands import retention
from app.worklists import digest


def register(app: Flask) -> None:
    app.cli.add_command(demo)
    app.cli.add_command(outbox)
    app.cli.add_command(hearings)
    app.cli.add_command(drafts)
    app.cli.add_command(staff)
    app.cli.add_command(retention)
    app.cli.add_command(memo)
    app.cli.add_command(accounts)
    letters_group.add_command(fetch_letters)
    app.cli.add_command(letters_group)


@click.group(help="Demonstration data.")
def demo() -> None:
    pass


@demo.command("load", help="Load the 2019 hearing round and one user per role.")
@click.option("--seed", type=click.Path(dir_okay=False), default=None,
              help="The seed text file (default: DEMO_SEED_FILE).")
def demo_load(seed: str | None) -> None:
    from flask import current_app

    from app.demo.load import DemoDataError, load_demo

    if current_app.config.get("PRODUCTION"):  # demo users with a published password, in real data: never
        raise click.ClickException("flask demo load er slået fra i produktion (HORING_CONFIG=production). "
                                   "Opret den første administrator med: flask accounts create-admin EMAIL")
    path = seed or current_app.config["DEMO_SEED_FILE"]
    try:
        report = load_demo(path)
    except DemoDataError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(report.summary())


@click.group(help="The mail outbox.")
def outbox() -> None:
    pass


@outbox.command("send", help="Send the messages that are due.")
@click.option("--loop", is_flag=True, help="Keep running, sending every --interval seconds.")
@click.option("--interval", default=10.0, show_default=True, help="Seconds between rounds with --loop.")
def outbox_send(loop: bool, interval: float) -> None:
    from app.notifications.operations import send_due

    while True:
        sent, failed = send_due()
        if sent or failed or not loop:
            click.echo(f"outbox: {sent} sent, {failed} to retry")
        if not loop:
            return
        time.sleep(interval)


@click.group(help="Hearings.")
def hearings() -> None:
    pass


@hearings.command("tick", help="Open and close hearings on time, send reminders, from 7 o'clock the staff's daily "
                  "digest, send lost background jobs again, remove old files and unconfirmed subscriptions. "
                  "Safe to run often.")
def hearings_tick() -> None:
    from app.periodic import tick

    for line in tick():
        click.echo(line)


@click.group(help="Staff.")
def staff() -> None:
    pass


@staff.command("digest", help="Mail each staff user what waits for them, once a day. Safe to run again.")
def staff_digest() -> None:
    from app.db_types import utcnow

    click.echo(f"staff: {digest.send_digests(utcnow())} digests")
