"""Logging in and reading account mail, as a person would."""

import re

from app.notifications.operations import send_due
from tests.factories import PASSWORD

PASSWORD_LINK = re.compile(r"http://localhost(/konto/ny-adgangskode/[\w-]+)")


def log_in(client, email: str, password: str = PASSWORD, **extra):
    return client.post("/konto/log-ind", data={"email": email, "password": password, **extra})


def deliver(smtp_server) -> list:
    """Run the outbox sender once; return what the SMTP server received."""
    send_due()
    return smtp_server.messages


def text_of(message) -> str:
    return message.get_body(("plain",)).get_content()


def password_link(message) -> str:
    [path] = PASSWORD_LINK.findall(text_of(message))
    return path


def page(response) -> str:
    return response.get_data(as_text=True)
