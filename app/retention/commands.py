"""`flask retention apply`: remove the personal data of hearings past their retention date."""

import click

from app.extensions import db


@click.group(help="Retention of personal data.")
def retention() -> None:
    pass


@retention.command("apply", help="Remove the personal data of every hearing past its retention date, "
                                 "keep the memo, and report what was done. Running it again changes nothing.")
@click.option("--dry-run", is_flag=True, help="Report what would be removed, and change nothing.")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Act as on this date, YYYY-MM-DD (default: today in Danish time).")
def retention_apply(dry_run: bool, today) -> None:
    from app.retention.operations import apply_retention, local_today

    report = apply_retention(today.date() if today else local_today())
    if dry_run:
        db.session.rollback()
    else:
        db.session.commit()
    click.echo(report.summary(dry_run=dry_run))
