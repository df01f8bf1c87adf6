"""A mail quotes what a sender typed as plain text: no link in the HTML part, nothing a mail client
would link in either part. Only the municipality's own links are links."""

import re

import pytest

from app.extensions import db
from app.hearings.models import Hearing
from app.notifications.operations import send_due
from app.notifications.quoting import defang
from tests.factories import make_party
from tests.responses.helpers import form_data

EVIL_NAME = "Klik på https://evil.example/bekraeft"
EVIL_TEXT = "Læs mere på www.evil.dk/svar eller skriv til hjaelp@evil.example, http://203.0.113.9/x"
# What a mail client links by itself: a scheme, www., a bare host with a known ending, an IP address.
LINKABLE = re.compile(r"(?i)\b(?:https?|ftp)://(?!localhost)|\bwww\.|\bevil\.(?:dk|example)\b|\b\d+\.\d+\.\d+\.\d+\b")
OWN_LINK = re.compile(r'<a href="([^"]+)"')


def _parts(message) -> tuple[str, str]:
    return message.get_body(("plain",)).get_content(), message.get_body(("html",)).get_content()


def _assert_quoted_not_linked(message) -> None:
    text, html = _parts(message)
    assert "evil" in text and "evil" in html, "the typed text is quoted, not dropped"
    for part in (text, html):
        assert not LINKABLE.search(part), LINKABLE.search(part).group(0)
    assert all(href.startswith("http://localhost/") for href in OWN_LINK.findall(html))
    assert "hxxps[://]evil[.]example/bekraeft" in text


def test_the_citizens_confirmation_and_receipt_quote_typed_links_as_text(client, smtp_server):
    party = make_party(db)
    db.session.get(Hearing, party.hearing_id).is_public = True
    db.session.commit()
    sent = client.post(f"/hoeringer/{party.slug}/svar", data={
        "citizen_name": EVIL_NAME, "citizen_email": "offer@example.org", "publish_name": "no",
        "section-s84-omfang": EVIL_TEXT,
    })
    assert sent.status_code == 302
    send_due()
    [confirmation] = smtp_server.messages
    _assert_quoted_not_linked(confirmation)
    [own] = OWN_LINK.findall(_parts(confirmation)[1])  # the confirmation link, and only it, is a link

    client.get(own.removeprefix("http://localhost"))
    send_due()
    receipt = smtp_server.messages[-1]
    assert receipt["Subject"].startswith("Kvittering")
    _assert_quoted_not_linked(receipt)
    assert "www[.]evil[.]dk/svar" in _parts(receipt)[0] and "203[.]0[.]113[.]9" in _parts(receipt)[0]


def test_a_partys_receipt_quotes_typed_links_as_text(client, smtp_server):
    party = make_party(db)
    page = client.get(party.url).get_data(as_text=True)
    done = client.post(party.url, data=form_data(page, **{
        "general": EVIL_TEXT, "section-s85": EVIL_NAME, "signed_name": "Ion Meyer www.evil.dk",
        "signed_role": "formand", "action": "submit"}))
    assert done.status_code == 302
    send_due()
    receipts = [m for m in smtp_server.messages if m["Subject"].startswith("Kvittering")]
    assert len(receipts) == 2  # one to each contact
    for receipt in receipts:
        _assert_quoted_not_linked(receipt)


@pytest.mark.parametrize(("typed", "quoted"), [
    ("f.eks. bl.a. s. 4, jf. § 84, kl. 14.30, ca. 1.500 kr.", "f.eks. bl.a. s. 4, jf. § 84, kl. 14.30, ca. 1.500 kr."),
    ("svaret.Det er godt", "svaret.Det er godt"),
    ("bilag.pdf", "bilag.pdf"),
    ("Vi mener: dette", "Vi mener: dette"),
    ("lyngby-taarbæk.dk", "lyngby-taarbæk[.]dk"),
    ("mailto:a@b.dk", "mailto[:]a@b[.]dk"),
    ("javascript:alert(1)", "javascript[:]alert(1)"),
    ("Se WWW.(kommunen) i morgen.", "Se WWW[.](kommunen) i morgen."),  # "www." alone: no letter after the stop
    ("Læs: 10.0.0.1/x", "Læs: 10[.]0[.]0[.]1/x"),
])
def test_danish_abbreviations_stay_as_typed_and_addresses_are_broken_up(typed, quoted):
    assert defang(typed) == quoted

