"""Reading account mail and pages, as a person would (log-in is the `auth` fixture of tests/conftest.py)."""

import re

from app.notifications.operations import send_due

PASSWORD_LINK = re.compile(r"http://localhost(/konto/ny-adgangskode/[\w-]+)")


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
