"""Command-line tools: `flask demo load`, `flask outbox send`, `flask hearings tick`, `flask retention apply`."""

import time

import click
from flask import Flask

from app.accounts import admin_command  # noqa: F401 (adds create-admin to the accounts group)
from app.accounts.cleanup import accounts
from app.extensions import db
from app.memos.commands import memo
from app.retention.commands import retention


def register(app: Flask) -> None:
    app.cli.add_command(demo)
    app.cli.add_command(outbox)
    app.cli.add_command(hearings)
    app.cli.add_command(retention)
    app.cli.add_command(memo)
    app.cli.add_command(accounts)


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


@hearings.command("tick", help="Open and close hearings on time, and send reminders. Safe to run often.")
def hearings_tick() -> None:
    from app.db_types import utcnow
    from app.hearings.operations import open_hearings_due, refresh_state
    from app.hearings.reminders import send_due_reminders

    now = utcnow()
    changed = 0
    for hearing in open_hearings_due(now):
        changed += len(refresh_state(hearing, now))
    reminded = send_due_reminders(now)
    db.session.commit()
    click.echo(f"hearings: {changed} state changes, {reminded} reminders")
