"""Mine opgaver: each staff role lands on its start page and finds the work waiting for it, counted."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event

from app.accounts.models import Role
from app.accounts.operations import WARN_AFTER_FAILED_LOGINS
from app.extensions import db
from app.hearings.models import HearingState, Section, SectionAssignment
from app.replies.models import Outcome, Reply, ReplyStatus
from app.responses.letters.mailbox.models import IncomingState
from app.responses.models import ResponseState
from tests.factories import make_comment, make_hearing, make_incoming_mail, make_organisation, make_response, make_user

START = "/medarbejder/opgaver/"


def _heading(page: str, heading: str) -> int:
    """The count in a list's heading: "Svar til godkendelse (3)"."""
    found = re.search(re.escape(heading) + r' <span class="app-count">\((\d+)\)</span>', page)
    assert found, f"no heading {heading!r}"
    return int(found[1])


@pytest.fixture
def hearing(db):
    """A hearing being answered: a standard with two fields, comments on one field and in general."""
    now = datetime.now(UTC)
    hearing = make_hearing(state=HearingState.REPLYING, sections=0, title="Kvalitetsstandarder 2019",
                           opens_at=now - timedelta(days=40), deadline_at=now - timedelta(days=10))
    version = hearing.current_version
    standard = Section(key="s85", position=0, number="§ 85", heading="Socialpædagogisk bistand", version=version)
    content = Section(key="s85-indhold", position=1, heading="Ydelsens indhold", parent=standard, version=version)
    scope = Section(key="s85-omfang", position=2, heading="Omfang/varighed", parent=standard, version=version)
    db.session.add_all([standard, content, scope])
    response = make_response(hearing, make_organisation("Handicaprådet"), state=ResponseState.SUBMITTED,
                             submitted_at=now - timedelta(days=12))
    for i in range(3):
        make_comment(response, content, f"Bemærkning {i} til indholdet.")
    make_comment(response, None, "Generelt.")
    db.session.commit()
    return hearing


def test_a_case_officer_lands_on_mine_opgaver_and_finds_their_sections_and_late_hearings(auth, client, hearing):
    officer = make_user(Role.STAFF, name="Sara Sagsbehandler")
    hearing.officers.append(officer)
    db.session.add(SectionAssignment(hearing_id=hearing.id, section_key="s85", user_id=officer.id))
    db.session.commit()

    answer = auth.submit(officer.email)
    assert answer.headers["Location"] == START
    page = client.get(START).get_data(as_text=True)
    assert _heading(page, "Afsnit med bemærkninger uden svar") == 2  # § 85, and the general remarks nobody has
    assert "§ 85 Socialpædagogisk bistand</a>" in page and "3 bemærkninger uden svar" in page
    assert f'/medarbejder/hoeringer/{hearing.slug}/besvarelse/s85"' in page
    assert "Afsnit, som ingen har fået" in page and "1 bemærkning uden svar" in page
    assert _heading(page, "Høringer efter fristen") == 1 and "Kvalitetsstandarder 2019</a>" in page
    assert _heading(page, "Svar sendt tilbage til dig") == 0
    assert "Når en teamleder sender et af dine svar tilbage, står det her med begrundelsen." in page
    assert "Svar til godkendelse" not in page  # the team lead's list


def test_a_case_officer_finds_the_mail_waiting_for_a_check_counted_per_hearing_oldest_first(auth, client,
                                                                                            hearing):
    officer = make_user(Role.STAFF, name="Sara Sagsbehandler")
    hearing.officers.append(officer)
    now = datetime.now(UTC)
    created = make_hearing(state=HearingState.OPEN, title="Helhedsplan for socialpsykiatrien", created_by=officer)
    other = make_hearing(state=HearingState.OPEN, title="Ikke min høring")
    make_incoming_mail(hearing, now - timedelta(hours=3))
    make_incoming_mail(hearing, now - timedelta(hours=1), subject="Rettelse til vores høringssvar")
    make_incoming_mail(hearing, now - timedelta(days=5), state=IncomingState.SET_ASIDE)  # checked: no longer waits
    make_incoming_mail(created, now - timedelta(days=1))  # the hearing she created waited longest
    make_incoming_mail(other, now - timedelta(days=2))  # not her hearing
    db.session.commit()

    auth.log_in(officer)
    page = client.get(START).get_data(as_text=True)
    assert _heading(page, "Post der venter") == 2
    mine = f'href="/medarbejder/hoeringer/{hearing.slug}/post">Post til Kvalitetsstandarder 2019</a>'
    created_first = f'href="/medarbejder/hoeringer/{created.slug}/post">Post til Helhedsplan for socialpsykiatrien</a>'
    assert page.index(created_first) < page.index(mine)
    assert "2 mails venter på at blive tjekket" in page and "1 mail venter på at blive tjekket" in page
    assert "Ikke min høring" not in page

    waiting = client.get(f"/medarbejder/hoeringer/{hearing.slug}/post").get_data(as_text=True)
    assert "Rettelse til vores høringssvar" in waiting


def test_a_case_officer_with_no_mail_waiting_is_told_what_will_appear(auth, client, hearing):
    officer = make_user(Role.STAFF)
    hearing.officers.append(officer)
    make_incoming_mail(hearing, datetime.now(UTC), state=IncomingState.SET_ASIDE)
    db.session.commit()
    auth.log_in(officer)
    page = client.get(START).get_data(as_text=True)
    assert _heading(page, "Post der venter") == 0
    assert "Når der kommer mails til en af dine høringers egen adresse" in page


def test_a_logged_in_person_asking_for_a_page_lands_there_not_on_the_start_page(auth, client, hearing):
    officer = make_user(Role.STAFF)
    db.session.commit()
    answer = auth.submit(officer.email, next="/medarbejder/parter/")
    assert answer.headers["Location"] == "/medarbejder/parter/"


def test_a_committee_member_still_lands_on_the_front_page(auth, client, db):
    member = make_user(Role.COMMITTEE, two_factor=False)
    db.session.commit()
    assert auth.submit(member.email).headers["Location"] == "/"


def _ready(hearing, author, when, text="Forvaltningen er enig."):
    section = hearing.current_version.sections[min(1, len(hearing.current_version.sections) - 1)]
    response = make_response(hearing, make_organisation(), state=ResponseState.SUBMITTED, submitted_at=when)
    reply = Reply(hearing=hearing, text=text, outcome=Outcome.NOTED, status=ReplyStatus.READY, created_by=author,
                  ready_by=author, ready_at=when, comments=[make_comment(response, section)])
    db.session.add(reply)
    return reply


def test_a_team_lead_sees_replies_for_approval_across_hearings_oldest_first(auth, client, hearing):
    officer = make_user(Role.STAFF, name="Sara Sagsbehandler")
    lead = make_user(Role.APPROVER, name="Tove Teamleder")
    other_lead = make_user(Role.APPROVER)
    now = datetime.now(UTC)
    newer = _ready(hearing, officer, now - timedelta(hours=1), "Det nyeste svar.")
    older = _ready(hearing, officer, now - timedelta(days=2), "Det ældste svar.")
    elsewhere = make_hearing(state=HearingState.REPLYING, sections=2, title="En anden høring", approver=other_lead)
    _ready(elsewhere, officer, now - timedelta(days=3))  # its named approver is asked, not Tove
    own = _ready(hearing, lead, now - timedelta(days=4))  # four eyes: not her own
    db.session.commit()

    auth.log_in(lead)
    page = client.get(START).get_data(as_text=True)
    assert _heading(page, "Svar til godkendelse") == 2
    first = page.index(f"/svar-paa-bemaerkninger/{older.id}\"")
    assert first < page.index(f"/svar-paa-bemaerkninger/{newer.id}\"")
    assert f"/svar-paa-bemaerkninger/{own.id}\"" not in page
    assert "§ 85 Socialpædagogisk bistand – Ydelsens indhold</a>" in page and "sendt af Sara Sagsbehandler" in page
    assert "Du er ikke ansvarlig" not in page


def test_an_administrator_sees_who_needs_them(auth, client, hearing):
    now = datetime.now(UTC)
    make_user(Role.STAFF, name="Gitte Gættet", failed_logins=WARN_AFTER_FAILED_LOGINS,
              failed_logins_since=now - timedelta(hours=2), last_login_at=now)
    make_user(Role.STAFF, name="Nils Nyansat", last_login_at=None)
    hearing.retention_until = (now - timedelta(days=1)).date()
    db.session.commit()

    admin = auth.log_in(Role.ADMIN)
    page = client.get(START).get_data(as_text=True)
    assert _heading(page, "Brugere med mange forkerte adgangskoder") == 1 and "Gitte Gættet</a>" in page
    assert "Nils Nyansat</a>" in page
    assert "Kvalitetsstandarder 2019</a>" in page  # no officer, and its retention date has passed
    assert _heading(page, "Høringer uden sagsbehandler") == 1
    assert _heading(page, "Personoplysninger, der skal slettes") == 1 and "Skulle være slettet efter" in page
    assert admin.name not in re.findall(r">([^<]+)</a>", page)


def test_the_start_page_reads_the_database_the_same_number_of_times_however_much_waits(auth, client, db):
    lead = make_user(Role.APPROVER)
    officer = make_user(Role.STAFF)
    db.session.commit()
    auth.log_in(lead)

    def statements() -> int:
        seen = []
        listener = lambda *args: seen.append(args[2])  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            assert client.get(START).status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        return len(seen)

    def add_hearing(sections: int) -> None:
        hearing = make_hearing(state=HearingState.REPLYING, sections=sections, deadline_at=datetime.now(UTC)
                               - timedelta(days=1), opens_at=datetime.now(UTC) - timedelta(days=30))
        hearing.officers.append(lead)
        db.session.add(SectionAssignment(hearing_id=hearing.id, section_key="s1", user_id=lead.id))
        for section in hearing.current_version.sections:
            response = make_response(hearing, state=ResponseState.SUBMITTED, submitted_at=datetime.now(UTC))
            make_comment(response, section)
            _ready(hearing, officer, datetime.now(UTC))
            db.session.add(Reply(hearing=hearing, text="Tilbage", outcome=Outcome.NOTED, created_by=lead,
                                 status=ReplyStatus.SENT_BACK, sent_back_reason="Mere præcist."))
            make_incoming_mail(hearing, datetime.now(UTC))
        db.session.commit()

    add_hearing(1)
    client.get(START)
    small = statements()
    for _ in range(3):
        add_hearing(10)
    large = statements()
    assert large == small, f"{small} statements for one hearing, {large} for four larger ones"


def test_a_team_lead_named_as_approver_finds_the_hearing_under_mine_hoeringer(auth, client, hearing):
    lead = make_user(Role.APPROVER)
    hearing.approver = lead
    db.session.commit()
    auth.log_in(lead)
    page = client.get("/medarbejder/").get_data(as_text=True)
    assert "Du er ikke ansvarlig for nogen høringer endnu." not in page
    assert "Kollegernes høringer" not in page and "Kvalitetsstandarder 2019</a>" in page
