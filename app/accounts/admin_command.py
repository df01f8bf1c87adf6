"""`flask accounts create-admin EMAIL`: the first administrator of a new installation.

Production starts with an empty user table, and the demo (which has an
administrator) must not be loaded there. The password is asked for without
echo, or the person gets the same mail with a link to choose one that an
administrator's "Opret bruger" sends.
"""

import click
from email_validator import EmailNotValidError, validate_email

from app.accounts.cleanup import accounts
from app.accounts.models import PasswordPurpose, Role
from app.accounts.operations import create_user, find_user, send_password_link
from app.accounts.password_policy import problems
from app.extensions import db


@accounts.command("create-admin", help="Create an administrator: asks for the password, or mails a link with "
                                       "--send-link (the outbox sender delivers it).")
@click.argument("email")
@click.option("--name", default=None, help="The person's name (asked for when left out).")
@click.option("--send-link", is_flag=True, help="Mail a link to choose the password instead of asking for it.")
def create_admin(email: str, name: str | None, send_link: bool) -> None:
    try:
        email = validate_email(email, check_deliverability=False).normalized
    except EmailNotValidError as error:
        raise click.ClickException(f"Ugyldig e-mailadresse: {error}") from None
    if find_user(email) is not None:
        raise click.ClickException(f"Der findes allerede en bruger med {email}; giv den rollen i Brugere.")
    name = (name or click.prompt("Navn")).strip()
    password = None
    if not send_link:
        password = click.prompt("Adgangskode", hide_input=True, confirmation_prompt="Gentag adgangskoden")
        found = problems(password, email, name)
        if found:
            raise click.ClickException(found[0])
    user = create_user(email, name, Role.ADMIN, password)
    if send_link:
        send_password_link(user, PasswordPurpose.WELCOME)
    db.session.commit()
    how = "Linket til at vælge adgangskode er lagt i udbakken." if send_link else "Adgangskoden er sat."
    click.echo(f"Administrator oprettet: {user.email}. {how} "
               "Totrinsbekræftelse sættes op ved første log-ind.")
