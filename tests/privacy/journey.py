"""A citizen with responses to two public hearings (one decided, one open), made as a citizen makes them:
through the pages, with the confirmation links from real mail."""

import re
from dataclasses import dataclass
from datetime import date

from app.audit.operations import record
from app.extensions import db
from app.hearings.models import Hearing, HearingState
from app.notifications.operations import send_due
from tests.factories import make_hearing, make_party
from tests.retention.scenario import decide

NAME = "Bjørk Ærø Nørgaard"
EMAIL = "bjoerk.noergaard@borger.example.net"
ORGANISATION = "Grundejerforeningen Søbakken"
OPEN_TEXT = "Aflastningen bør kunne bruges i weekenderne, også med kort varsel."
DECIDED_TEXT = "Budgettet til hjemmehjælp er for lille til de mange nye ældre."
UNCONFIRMED_TEXT = "Jeg har skrevet dette, men aldrig trykket på linket."
OTHER_NAME = "Karen Kirstine Kjær"
OTHER_EMAIL = "karen.kjaer@borger.example.net"
OTHER_TEXT = "Jeg er enig i udkastet."
DECIDED_TITLE = "Budget for ældreområdet"

CONFIRM_LINK = re.compile(r"http://localhost(/hoeringer/[\w-]+/bekraeft/[\w.-]+)")
PRIVACY_LINK = re.compile(r"http://localhost(/persondata/[\w.-]+)")


@dataclass
class Journey:
    open_slug: str
    decided_slug: str
    open_title: str


def respond(client, slug: str, field: str, text: str, name: str = NAME, email: str = EMAIL,
            organisation: str = ORGANISATION) -> None:
    answer = client.post(f"/hoeringer/{slug}/svar", data={
        "citizen_name": name, "citizen_email": email, "citizen_organisation": organisation,
        "publish_name": "yes", field: text,
    })
    assert answer.status_code == 302, answer.get_data(as_text=True)


def press_latest_confirmation(client, smtp_server) -> None:
    send_due()
    *_, message = [m for m in smtp_server.messages if "Bekræft" in m["Subject"]]
    path = CONFIRM_LINK.search(message.get_body(("plain",)).get_content()).group(1)
    assert client.get(path).status_code == 200


def make_journey(client, smtp_server) -> Journey:
    party = make_party(db)
    open_hearing = db.session.get(Hearing, party.hearing_id)
    open_hearing.is_public = True
    decided = make_hearing(state=HearingState.OPEN, is_public=True, title=DECIDED_TITLE)
    db.session.commit()
    decided_slug = decided.slug

    respond(client, party.slug, "section-s84-omfang", OPEN_TEXT, email=EMAIL.upper())
    press_latest_confirmation(client, smtp_server)
    respond(client, decided_slug, "section-s1", DECIDED_TEXT)
    press_latest_confirmation(client, smtp_server)
    respond(client, party.slug, "general", UNCONFIRMED_TEXT)  # never confirmed
    respond(client, party.slug, "general", OTHER_TEXT, name=OTHER_NAME, email=OTHER_EMAIL, organisation="")
    press_latest_confirmation(client, smtp_server)
    send_due()

    decided = db.session.get(Hearing, decided.id)
    decide(decided, date(2026, 1, 15))
    # Staff's note on the hearing names the citizen: it is scrubbed too.
    record("hearing_note", decided, hearing_id=decided.id, actor_label="Sagsbehandler",
           note=f"Talte i telefon med {NAME}.")
    db.session.commit()
    return Journey(party.slug, decided_slug, open_hearing.title)


def privacy_link(smtp_server) -> str:
    send_due()
    *_, message = [m for m in smtp_server.messages if m["Subject"] == "Dine oplysninger i Høringsrunde"]
    return PRIVACY_LINK.search(message.get_body(("plain",)).get_content()).group(1)
