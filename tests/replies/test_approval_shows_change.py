"""Approving a draft change shows what changes, word by word, not the whole section; the section is
named in full ("§ 85 Socialpædagogisk bistand – Ydelsens indhold") where it is chosen or named."""

from datetime import UTC, datetime

from app.accounts.models import Role
from app.hearings.comparison import compare_text
from app.hearings.models import HearingState, Section
from app.replies.models import Outcome, Reply, ReplyStatus
from app.responses.models import ResponseState
from tests.factories import make_comment, make_hearing, make_organisation, make_response, make_user

UNCHANGED = "Socialpædagogisk bistand gives til borgere med betydelig nedsat funktionsevne. " * 8
BEFORE = f"<p>{UNCHANGED}</p><p>Bistanden gives op til 60 timer om måneden.</p><p>{UNCHANGED}</p>"
AFTER = f"{UNCHANGED}\n\nBistanden gives op til 90 timer om måneden.\n\n{UNCHANGED}"


def test_only_the_changed_paragraphs_are_shown_with_the_rest_left_out():
    marked, inserted, deleted = compare_text(BEFORE, f"<p>{UNCHANGED}</p><p>Bistanden gives op til 90 timer om "
                                                     f"måneden.</p><p>{UNCHANGED}</p>", only_changed=True)
    assert (inserted, deleted) == (1, 1)
    assert "funktionsevne" not in marked and marked.count("[…]") == 2
    assert "<del>" in marked and "<ins>" in marked and "60" in marked and "90" in marked


def test_the_team_lead_approving_a_draft_change_reads_the_change_not_the_section(auth, client, db):
    hearing = make_hearing(state=HearingState.REPLYING, sections=0)
    version = hearing.current_version
    standard = Section(key="s85", position=0, number="§ 85", heading="Socialpædagogisk bistand", version=version)
    content = Section(key="s85-indhold", position=1, heading="Ydelsens indhold", parent=standard, version=version,
                      body_html=BEFORE)
    db.session.add_all([standard, content])
    response = make_response(hearing, make_organisation("Handicaprådet"), state=ResponseState.SUBMITTED,
                             submitted_at=datetime.now(UTC))
    comment = make_comment(response, content, "60 timer er for lidt.")
    reply = Reply(hearing=hearing, text="Forvaltningen hæver til 90 timer.", outcome=Outcome.ACCEPTED,
                  status=ReplyStatus.READY, created_by=make_user(Role.STAFF), comments=[comment],
                  draft_change=AFTER, draft_change_key="s85-indhold")
    db.session.add(reply)
    db.session.commit()

    auth.log_in(Role.APPROVER)
    page = client.get(f"/medarbejder/hoeringer/{hearing.slug}/svar-paa-bemaerkninger/{reply.id}"
                      ).get_data(as_text=True)
    change = page[page.index('id="proposed-change"'):page.index("app-draft-change-edit")]
    assert "§ 85 Socialpædagogisk bistand – Ydelsens indhold" in change
    assert "1 ord indsat, 1 slettet" in change
    assert "90" in change and "60" in change and "funktionsevne" not in change
    assert "Godkend svaret" in page
    # The section is chosen by its full name.
    assert '<option selected value="s85-indhold">§ 85 Socialpædagogisk bistand – Ydelsens indhold</option>' in page
