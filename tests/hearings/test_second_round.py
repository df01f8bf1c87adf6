"""A revised draft before the committee after a postponement, and a second hearing round (genhøring) that
carries each earlier comment onto the new version of its section: by key, by text, or "no longer there"."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from flask_babel import force_locale

from app.hearings import operations
from app.hearings.draft_import import import_markdown
from app.hearings.models import HearingState, Invitation, PartyLink
from app.hearings.rounds import operations as rounds
from app.hearings.rounds.carry_over import SIMILARITY, Carry, carried_comments
from app.hearings.tokens import new_token, token_hash
from app.memos.compile import compile_memo
from app.memos.render import memo_body_html
from app.notifications.operations import send_due
from app.refusals import Refused
from app.replies.models import Outcome, Reply, ReplyStatus
from app.responses.models import Cosignature
from tests.factories import make_organisation
from tests.hearings.round_helpers import postponed_hearing

LINK = re.compile(r"http://localhost(/svar/[\w-]+)")


def _second_round(db, case, deadline_in=timedelta(days=21)):
    draft = rounds.make_committee_draft(case.hearing, "model af 10. september 2013", "", case.officer)
    rounds.edit_committee_section(draft, "model-2", "Model 2",
                                  "Værestedet flytter til Nettet i 2015, og klubtilbuddet fortsætter som i dag.")
    details = rounds.RoundDetails(title="Genhøring: Helhedsplan for socialpsykiatrien",
                                  deadline_at=datetime.now(UTC) + deadline_in, letter="")
    second = rounds.start_second_round(case.hearing, details, case.officer)
    db.session.commit()
    return second


def test_a_revised_draft_for_the_committee_needs_a_postponement(db):
    case = postponed_hearing(db, postponed=False)
    with pytest.raises(Refused):
        rounds.make_committee_draft(case.hearing, "model af 10. september 2013", "", case.officer)


def test_the_revised_draft_is_a_new_version_with_its_title_and_not_the_replies_revision(db):
    case = postponed_hearing(db)
    draft = rounds.make_committee_draft(case.hearing, " model af 10. september 2013 ", "Model 2 justeret.",
                                        case.officer)
    db.session.commit()
    assert (draft.number, draft.title, draft.is_revision) == (2, "model af 10. september 2013", True)
    assert case.hearing.current_version.number == 1, "the heard version stays the draft of the round"
    assert case.hearing.revised_version is None, "the replies' revision is another thing"
    assert [s.key for s in draft.sections] == ["model-1", "model-2", "model-3"]
    assert rounds.edit_committee_section(draft, "model-1", "Model 1", "Bostøtten samles i et nyt center "
                                         "ved stationen med døgnbemanding.") is None, "nothing changed"


def test_the_second_round_is_a_new_hearing_with_the_same_parties_and_the_revised_sections(db):
    case = postponed_hearing(db)
    second = _second_round(db, case)
    assert second.previous_round is case.hearing and case.hearing.next_round is second
    assert (second.state, second.round_number, case.hearing.round_number) == (HearingState.DRAFT, 2, 1)
    assert sorted(i.organisation.name for i in second.invitations) == ["Handicaprådet", "Nettet"]
    assert all(i.invited_at is None for i in second.invitations), "invited when it opens"
    assert [s.key for s in second.current_version.sections] == ["model-1", "model-2", "model-3"]
    assert "2015" in second.current_version.sections[1].body_html
    assert second.officers == case.hearing.officers and second.committee_members == case.hearing.committee_members
    with pytest.raises(Refused):
        rounds.edit_committee_section(case.hearing.committee_drafts[-1], "model-1", "Model 1", "Ny tekst.")
    with pytest.raises(Refused):
        rounds.start_second_round(case.hearing, rounds.RoundDetails("Igen", datetime.now(UTC) + timedelta(days=9),
                                                                    ""), case.officer)


def test_a_second_round_with_a_deadline_in_the_past_is_refused(db):
    case = postponed_hearing(db)
    rounds.make_committee_draft(case.hearing, "model af 10. september 2013", "", case.officer)
    details = rounds.RoundDetails("Genhøring", datetime.now(UTC) - timedelta(hours=1), "")
    with pytest.raises(Refused, match="Høringsfristen skal ligge i fremtiden"):
        rounds.start_second_round(case.hearing, details, case.officer)


def test_comments_are_carried_by_key_with_the_section_s_changes_marked(db):
    case = postponed_hearing(db)
    second = _second_round(db, case)
    groups = {group.key: group for group in carried_comments(second)}
    assert list(groups) == ["generelt", "model-1", "model-2", "model-3"], "general first, then in draft order"
    assert groups["generelt"].carry is Carry.GENERAL
    model_2 = groups["model-2"]
    assert (model_2.carry, model_2.new.version_id) == (Carry.KEY, second.current_version.id)
    assert [c.comment.text for c in model_2.comments] == ["Handicaprådet støtter model 2.",
                                                          "Værestedet skal blive, hvor brugerne kender det."]
    assert model_2.changed and (model_2.inserted_words, model_2.deleted_words) == (3, 1)
    assert '<ins><span class="sr-only">[indsat: </span>Nettet i 2015,' in model_2.marked
    assert not groups["model-1"].changed, "an unchanged section says so"
    answered = next(c for c in model_2.comments if c.sender == "Nettet")
    assert answered.reply.text == "Værestedet flytter først, når Nettet har plads."
    assert groups["model-3"].comments[0].reply is None, "a reply not approved is not shown as the answer"


def test_comments_are_carried_by_text_where_the_key_is_gone_and_listed_where_the_section_is(db):
    case = postponed_hearing(db)
    second = _second_round(db, case)
    # The second round's draft imported anew: model 1 left out, model 3 renamed (a new key) and reworded a little.
    imported = import_markdown(
        "# Model 2\n\nVærestedet flytter til Nettet i 2015, og klubtilbuddet fortsætter som i dag.\n\n"
        "# Model tre\n\nAlle tilbud lægges sammen under én ledelse med et fælles budget fra 2015.\n\n"
        "# Økonomi\n\nUdgifterne holdes inden for den nuværende ramme.\n"
    )
    operations.replace_draft(second, imported, case.officer)
    db.session.commit()
    groups = {group.key: group for group in carried_comments(second)}
    assert groups["model-2"].carry is Carry.KEY
    model_3 = groups["model-3"]
    assert model_3.carry is Carry.TEXT and model_3.new.heading == "Model tre"
    assert model_3.score >= SIMILARITY
    assert "<del>" in model_3.marked and "<ins>" in model_3.marked, "2014 deleted, 2015 inserted"
    gone = groups["model-1"]
    assert (gone.carry, gone.new) == (Carry.GONE, None)
    assert gone.comments[0].comment.text == "Et center ved stationen er for langt væk."
    assert gone.deleted_words > 0 and gone.inserted_words == 0


def test_a_general_reply_a_point_refers_to_is_shown_only_once_it_is_approved(db):
    case = postponed_hearing(db)
    general = Reply(hearing=case.hearing, text="Forvaltningens udkast til de generelle bemærkninger.",
                    comments=[case.nettet_comments["general"]], status=ReplyStatus.READY, outcome=Outcome.NOTED)
    db.session.add(Reply(hearing=case.hearing, comments=[case.nettet_comments["model-1"]], in_general_reply=general,
                         status=ReplyStatus.APPROVED, outcome=Outcome.NOTED, approved_at=datetime.now(UTC),
                         approved_by=case.approver))
    second = _second_round(db, case)

    def model_1_point():
        [group] = [g for g in carried_comments(second) if g.key == "model-1"]
        return group.comments[0]

    assert model_1_point().reply is not None and model_1_point().general_reply is None, "not approved: not shown"
    general.status, general.approved_at, general.approved_by = ReplyStatus.APPROVED, datetime.now(UTC), case.approver
    db.session.commit()
    assert model_1_point().general_reply.text == "Forvaltningens udkast til de generelle bemærkninger."


def test_one_party_sees_only_its_own_earlier_points(db):
    case = postponed_hearing(db)
    second = _second_round(db, case)
    nettet = case.nettet_comments["model-2"].response.organisation_id
    texts = [c.comment.text for group in carried_comments(second, nettet) for c in group.comments]
    assert "Handicaprådet støtter model 2." not in texts
    assert len(texts) == 4


def test_a_co_signer_sees_the_joint_response_s_points_once_it_has_accepted(db, client):
    """Seniorrådet signed Handicaprådet's response with it: in the second round it reads those points as
    its own, through its own link; a co-signer that never accepted does not."""
    case = postponed_hearing(db)
    joint = case.other_comment.response
    seniors, pending = make_organisation("Seniorrådet"), make_organisation("Ældrerådet")
    for organisation in (seniors, pending):
        db.session.add(Invitation(hearing=case.hearing, organisation=organisation, invited_at=joint.submitted_at))
    joint.cosignatures += [Cosignature(organisation=seniors, accepted_at=joint.submitted_at),
                           Cosignature(organisation=pending)]
    db.session.commit()
    second = _second_round(db, case)

    def texts(organisation):
        return [c.comment.text for group in carried_comments(second, organisation.id) for c in group.comments]

    assert texts(seniors) == ["Handicaprådet støtter model 2."]
    assert texts(pending) == []
    token = new_token()
    invitation = next(i for i in second.invitations if i.organisation_id == seniors.id)
    db.session.add(PartyLink(invitation=invitation, token_hash=token_hash(token), sent_at=datetime.now(UTC)))
    db.session.commit()
    page = client.get(f"/svar/{token}").get_data(as_text=True)
    assert "Jeres bemærkninger fra første høringsrunde" in page and "Handicaprådet støtter model 2." in page
    assert "Værestedet skal blive, hvor brugerne kender det." not in page, "Nettet's point is Nettet's"


def test_opening_the_second_round_mails_the_parties_a_link_to_their_earlier_points(db, client, smtp_server):
    case = postponed_hearing(db)
    second = _second_round(db, case)
    operations.perform(second, "open")
    db.session.commit()
    assert send_due() == (2, 0)
    assert sorted(m["Subject"] for m in smtp_server.messages) == [
        "Høring: Genhøring: Helhedsplan for socialpsykiatrien"] * 2
    to_nettet = next(m for m in smtp_server.messages
                     if m["X-Envelope-To"] == second.invitations[0].organisation.contacts[0].email
                     or "Nettet" in m.get_body(("plain",)).get_content())
    body = to_nettet.get_body(("plain",)).get_content()
    assert "Det er en genhøring" in body and "Helhedsplan for socialpsykiatrien" in body
    [path] = LINK.findall(body)
    page = client.get(path).get_data(as_text=True)
    assert "Jeres bemærkninger fra første høringsrunde" in page
    assert "Værestedet skal blive, hvor brugerne kender det." in page
    assert "Værestedet flytter først, når Nettet har plads." in page and "Delvist imødekommet" in page
    assert '<ins><span class="sr-only">[indsat: </span>Nettet i 2015,' in page
    assert "Handicaprådet støtter model 2." not in page, "another party's point is not shown"


def test_the_memo_of_the_second_round_says_so_and_names_the_first(db, app):
    case = postponed_hearing(db)
    second = _second_round(db, case)
    with app.test_request_context():
        memo = compile_memo(second)
        html = memo_body_html(memo, 1)
    assert memo.round_note.startswith("Dette er en genhøring (2. høringsrunde).")
    assert "\u201dHelhedsplan for socialpsykiatrien\u201d" in memo.round_note
    assert memo.round_note in html
    with app.test_request_context(), force_locale("en"):
        assert compile_memo(second).round_note == memo.round_note, "in Danish for a reader of English too"
    with app.test_request_context():
        assert compile_memo(case.hearing).round_note == ""
