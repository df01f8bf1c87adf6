"""Accepted changes make the revised draft; staff see the versions compared, words marked."""

import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from app.accounts.models import Role
from app.audit.models import AuditEvent
from app.extensions import db
from app.hearings.comparison import Change, compare_text, compare_versions
from app.hearings.models import HearingState
from app.refusals import Refused
from app.replies import revision
from app.replies.models import Outcome, Reply, ReplyStatus
from app.responses.models import ResponseState
from tests.factories import make_comment, make_hearing, make_organisation, make_response, make_user


def _marked(html) -> tuple[list[str], list[str]]:
    """The inserted and the deleted words, as a reader sees them (hidden labels left out)."""
    text = re.sub(r'<span class="sr-only">.*?</span>', "", str(html))
    return re.findall(r"<ins>(.*?)</ins>", text), re.findall(r"<del>(.*?)</del>", text)


# ---------------------------------------------------------------- comparing texts


def test_inserted_and_deleted_words_are_marked_and_the_rest_is_not(app):
    marked, inserted, deleted = compare_text(
        "<p>Aflastning gives i op til 60 døgn om året.</p>", "<p>Aflastning gives i op til 90 døgn om året.</p>"
    )
    assert _marked(marked) == (["90"], ["60"])
    assert (inserted, deleted) == (1, 1)
    assert "Aflastning gives i op til" in str(marked)


def test_marks_are_announced_to_screen_readers(app):
    marked, _inserted, _deleted = compare_text("<p>Et ord.</p>", "<p>Et nyt ord.</p>")
    assert '<ins><span class="sr-only">[indsat: </span>nyt' in str(marked)


def test_a_new_paragraph_is_inserted_as_a_paragraph(app):
    marked, inserted, deleted = compare_text("<p>Første.</p>", "<p>Første.</p><p>Anden sætning her.</p>")
    assert (inserted, deleted) == (3, 0)
    assert str(marked).count("<p>") == 2


def test_text_is_escaped(app):
    marked, _inserted, _deleted = compare_text("<p>a</p>", "<p>a &lt;script&gt;alert(1)&lt;/script&gt;</p>")
    assert "<script>" not in str(marked)
    assert "&lt;script&gt;" in str(marked)


# ---------------------------------------------------------------- the demo hearing


def test_the_demo_revision_shows_sundhedsloven_added_to_section_97(demo):
    version = revision.revise_draft(demo, make_user(Role.STAFF))
    db.session.commit()

    assert version.is_revision and version.number == 2
    assert demo.current_version.number == 1  # parties still read the draft they were consulted on
    differences = {d.key: d for d in compare_versions(demo.current_version, version)}
    assert set(differences) == {"forord", "p97-andre-bestemmelser", "p108-maalgruppe"}
    p97 = differences["p97-andre-bestemmelser"]
    assert p97.change is Change.CHANGED
    inserted, deleted = _marked(p97.marked)
    assert inserted == ["samt ledsagelse efter sundhedsloven."] and deleted == []
    assert p97.label == "§ 97 Ledsagerordning – Andre bestemmelser der kan dække lign."  # named in full
    assert "kompensationsprincippet" in " ".join(_marked(differences["forord"].marked)[0])


def test_revising_twice_without_new_changes_makes_nothing(demo):
    user = make_user(Role.STAFF)
    revision.revise_draft(demo, user)
    db.session.commit()
    assert revision.revise_draft(demo, user) is None
    assert len(demo.versions) == 2


def test_a_change_taken_back_leaves_the_next_revision(demo):
    user = make_user(Role.STAFF)
    revision.revise_draft(demo, user)
    p97_reply = db.session.scalar(select(Reply).where(Reply.draft_change_key == "p97-andre-bestemmelser"))
    p97_reply.status, p97_reply.approved_at, p97_reply.approved_by = ReplyStatus.DRAFT, None, None
    db.session.commit()

    plan = revision.plan_revision(demo)
    assert not revision.is_up_to_date(demo, plan)
    assert p97_reply in plan.waiting
    third = revision.revise_draft(demo, user)
    keys = {d.key for d in compare_versions(demo.current_version, third)}
    assert keys == {"forord", "p108-maalgruppe"}


def test_two_approved_replies_with_different_wordings_for_one_section_are_refused(demo):
    foreword_replies = db.session.scalars(select(Reply).where(Reply.draft_change_key == "forord")).all()
    assert len(foreword_replies) == 2  # the demo's two general replies share one new foreword
    foreword_replies[1].draft_change += "\n\nEn tredje sætning."
    db.session.commit()

    plan = revision.plan_revision(demo)
    assert [c.section.key for c in plan.conflicts] == ["forord"]
    with pytest.raises(Refused, match="samme afsnit hver sin nye ordlyd"):
        revision.revise_draft(demo, make_user(Role.STAFF))


# ---------------------------------------------------------------- the pages


@pytest.fixture
def case(db):
    hearing = make_hearing(state=HearingState.REPLYING, sections=2)
    hearing.current_version.sections[0].body_html = "<p>Aflastning gives i op til 60 døgn om året.</p>"
    officer = make_user(Role.STAFF)
    hearing.officers = [officer]
    response = make_response(hearing, make_organisation("Handicaprådet"), state=ResponseState.SUBMITTED,
                             submitted_at=datetime.now(UTC))
    comment = make_comment(response, hearing.current_version.sections[0], "60 døgn er for lidt.")
    reply = Reply(hearing=hearing, text="", comments=[comment])
    db.session.add(reply)
    users = {"officer": officer, "approver": make_user(Role.APPROVER)}
    db.session.commit()
    return {"hearing": hearing, "reply": reply, "users": users,
            "url": f"/medarbejder/hoeringer/{hearing.slug}/svar-paa-bemaerkninger/{reply.id}"}


def _form(client, url, **fields):
    page = client.get(url).get_data(as_text=True)
    lock = re.search(r'name="lock_version"[^>]*value="(\d+)"', page) or re.search(
        r'value="(\d+)"[^>]*name="lock_version"', page)
    data = {"text": "Forvaltningen hæver til 90 døgn.", "outcome": "accepted", "financial_consequence": "no",
            "lock_version": lock.group(1)}
    data.update(fields)
    return client.post(url, data=data)


def test_fetching_the_sections_text_fills_the_field_and_saves_nothing(auth, client, case):
    auth.log_in(case["users"]["officer"])
    answer = _form(client, case["url"], text="Mit svar, ikke gemt endnu.", draft_change_key="s1", fetch_text="1")
    page = answer.get_data(as_text=True)
    assert answer.status_code == 200
    assert "Aflastning gives i op til 60 døgn om året." in page
    assert "Mit svar, ikke gemt endnu." in page  # what was typed is kept
    db.session.expire_all()
    assert db.session.get(Reply, case["reply"].id).text == ""


@pytest.mark.parametrize(("fields", "message"), [
    ({"draft_change_key": "s1", "draft_change": ""}, "Skriv afsnittets nye ordlyd"),
    ({"draft_change_key": "", "draft_change": "Ny tekst."}, "Vælg det afsnit, som den nye ordlyd skal erstatte."),
    ({"draft_change_key": "s1", "draft_change": "Aflastning gives i op til 60 døgn om året."},
     "Den nye ordlyd er den samme som i udkastet."),
    ({"draft_change_key": "s1", "draft_change": "Ny tekst.", "outcome": "not_accepted"},
     "Kun et svar, der imødekommer bemærkningen helt eller delvist, ændrer udkastet."),
    ({"draft_change_key": "findes-ikke", "draft_change": "Ny tekst."}, "Vælg et afsnit fra listen."),
])
def test_a_draft_change_that_does_not_fit_is_explained_and_nothing_is_lost(auth, client, case, fields, message):
    auth.log_in(case["users"]["officer"])
    answer = _form(client, case["url"], **fields)
    page = answer.get_data(as_text=True)
    assert answer.status_code == 200
    assert message in page.replace("&#34;", '"').replace("&raquo;", "»").replace("&laquo;", "«")
    assert "Forvaltningen hæver til 90 døgn." in page
    db.session.expire_all()
    assert db.session.get(Reply, case["reply"].id).draft_change is None


def test_from_reply_to_revised_draft_on_the_pages(auth, client, case):
    officer, approver = case["users"]["officer"], case["users"]["approver"]
    auth.log_in(officer)
    saved = _form(client, case["url"], draft_change_key="s1",
                  draft_change="Aflastning gives i op til 90 døgn om året.")
    assert saved.status_code == 302
    assert client.post(case["url"] + "/til-godkendelse").status_code == 302
    auth.log_in(approver)
    assert client.post(case["url"] + "/godkend").status_code == 302

    auth.log_in(officer)
    base = f"/medarbejder/hoeringer/{case['hearing'].slug}/udkast"
    plan_page = client.get(base + "/revision").get_data(as_text=True)
    assert "1 afsnit ændres" in plan_page
    made = client.post(base + "/revision")
    assert made.status_code == 302 and "sammenligning?fra=1&til=2" in made.headers["Location"]
    comparison = client.get(made.headers["Location"]).get_data(as_text=True)
    assert _marked(comparison) == (["90"], ["60"])
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "draft_revised"))
    assert event.details["sections"] == ["s1"] and event.details["replies"] == [case["reply"].id]


def test_an_open_hearing_is_not_revised_yet(auth, client, db):
    hearing = make_hearing(state=HearingState.OPEN)
    officer = make_user(Role.STAFF)
    hearing.officers = [officer]
    db.session.commit()
    auth.log_in(officer)
    answer = client.post(f"/medarbejder/hoeringer/{hearing.slug}/udkast/revision", follow_redirects=True)
    assert "når høringsfristen er udløbet" in answer.get_data(as_text=True)
    assert len(hearing.versions) == 1


def test_saving_a_reply_records_what_changed_from_what(auth, client, case):
    auth.log_in(case["users"]["officer"])
    _form(client, case["url"], draft_change_key="s1", draft_change="Aflastning gives i op til 90 døgn om året.")
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "reply_saved"))
    assert event.details["before"]["outcome"] is None and event.details["after"]["outcome"] == Outcome.ACCEPTED.value
    assert event.details["after"]["draft_change_key"] == "s1"
