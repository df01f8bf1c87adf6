"""The reply overview counts in the database (issue 20, item 5): per section, per sender for the page's
columns only, with every filter, and the same on SQLite and PostgreSQL."""

from datetime import UTC, datetime, timedelta

import pytest

from app.accounts.models import Role
from app.hearings.models import DraftVersion, HearingState, Section
from app.replies import assignments, progress
from app.replies.models import Outcome, Reply, ReplyStatus
from app.responses.models import CommentStatus, Response, ResponseKind, ResponseState
from tests.factories import make_comment, make_hearing, make_organisation, make_response, make_user


@pytest.fixture
def case(db):
    """Version 1 had s1–s3 and a section "gone"; version 2, the current draft, has s1–s3. Three senders
    (two councils and a citizen, in that order), a draft response, a superseded comment and a no-remarks one."""
    hearing = make_hearing(HearingState.REPLYING, sections=3)
    old = hearing.current_version
    gone = Section(version=old, key="gone", position=3, heading="Udgået afsnit", body_html="<p>Tekst</p>")
    db.session.add(gone)
    current = DraftVersion(number=2)
    hearing.versions.append(current)
    for i in range(3):
        current.sections.append(Section(key=f"s{i + 1}", position=i, heading=f"Afsnit {i + 1}",
                                        body_html="<p>Tekst</p>"))
    db.session.flush()
    s1, s2, s3 = current.sections
    officer, colleague = make_user(Role.STAFF, name="Anna"), make_user(Role.STAFF, name="Bo")
    hearing.officers = [officer, colleague]
    approver = make_user(Role.APPROVER)
    now = datetime.now(UTC)

    def reply(comment, status, outcome=None):
        approved = status is ReplyStatus.APPROVED
        db.session.add(Reply(hearing=hearing, text="Svar.", status=status, outcome=outcome, comments=[comment],
                             approved_at=now if approved else None, approved_by=approver if approved else None))

    alfa = make_response(hearing, make_organisation("Alfa"), state=ResponseState.SUBMITTED, submitted_at=now)
    beta = make_response(hearing, make_organisation("Beta"), state=ResponseState.SUBMITTED,
                         submitted_at=now + timedelta(minutes=1))
    cecilie = Response(hearing=hearing, kind=ResponseKind.CITIZEN, state=ResponseState.SUBMITTED,
                       submitted_at=now + timedelta(minutes=2), citizen_name="Cecilie",
                       citizen_email="cecilie@example.org", email_confirmed_at=now)
    db.session.add(cecilie)
    draft = make_response(hearing, make_organisation("Kladde"))
    db.session.flush()

    reply(make_comment(alfa, s1, "Alfa om s1."), ReplyStatus.APPROVED, Outcome.ACCEPTED)
    make_comment(alfa, s2, "Alfa om s2.")
    reply(make_comment(alfa, None, "Alfa generelt."), ReplyStatus.DRAFT, Outcome.NOT_ACCEPTED)
    reply(make_comment(beta, old.sections[0], "Beta om s1 i version 1."), ReplyStatus.READY, Outcome.PARTLY_ACCEPTED)
    make_comment(beta, gone, "Beta om det udgåede afsnit.")
    make_comment(beta, s3, "Ingen bemærkninger.").no_remarks = True
    make_comment(cecilie, s1, "Cecilie om s1.")
    make_comment(cecilie, s1, "Cecilies gamle tekst.").status = CommentStatus.SUPERSEDED
    reply(make_comment(cecilie, s2, "Cecilie om s2."), ReplyStatus.APPROVED, Outcome.NOTED)
    make_comment(draft, s1, "Ikke indsendt.")
    assignments.assign(hearing, {"s1": officer.id, "generelt": colleague.id})
    db.session.commit()
    return {"hearing": hearing, "ids": {"alfa": alfa.id, "beta": beta.id, "cecilie": cecilie.id},
            "officer": officer.id, "colleague": colleague.id}


def _table(overview: progress.Overview, ids: dict[str, int]) -> dict[str, tuple]:
    names = {response_id: name for name, response_id in ids.items()}
    return {row.key: (row.comments, row.replied, row.approved, {names[r]: n for r, n in row.counts.items()})
            for row in overview.rows}


def test_every_section_is_counted_with_its_replies_and_approvals(case):
    overview = progress.overview(case["hearing"])
    assert _table(overview, case["ids"]) == {
        "generelt": (2, 1, 0, {"alfa": 1, "beta": 1}),  # with the comment on the section no longer in the draft
        "s1": (3, 2, 1, {"alfa": 1, "beta": 1, "cecilie": 1}),  # version 1's s1 counts as s1
        "s2": (2, 1, 1, {"alfa": 1, "cecilie": 1}),
        "s3": (0, 0, 0, {}),  # "ingen bemærkninger" is no comment to answer
    }
    assert (overview.comments, overview.replied, overview.approved, overview.approved_percent) == (7, 4, 2, 29)
    assert [name for _id, name in overview.senders.items] == ["Alfa", "Beta", "Cecilie"]
    assert [(name, count) for name, count in overview.rows[1].cells] == [("Alfa", 1), ("Beta", 1), ("Cecilie", 1)]
    assert [count for _name, count in overview.rows[3].cells] == ["", "", ""]


@pytest.mark.parametrize(("filters", "expected", "senders"), [
    ({"sender": "beta"}, {"generelt": 1, "s1": 1}, ["Beta"]),
    ({"outcome": "accepted"}, {"s1": 1}, ["Alfa"]),
    ({"status": "none"}, {"generelt": 1, "s1": 1, "s2": 1}, ["Alfa", "Beta", "Cecilie"]),
    ({"status": "approved"}, {"s1": 1, "s2": 1}, ["Alfa", "Cecilie"]),
    ({"status": "ready"}, {"s1": 1}, ["Beta"]),
    ({"assignee": "colleague"}, {"generelt": 2}, ["Alfa", "Beta"]),  # the general row holds "gone" too
    ({"assignee": "officer"}, {"s1": 3}, ["Alfa", "Beta", "Cecilie"]),
])
def test_the_filters_narrow_the_counts_and_the_senders(case, filters, expected, senders):
    values = {name: case["ids"].get(value, case.get(value, value)) for name, value in filters.items()}
    overview = progress.overview(case["hearing"], progress.Filters(**values))
    assert {row.key: row.comments for row in overview.rows if row.comments} == expected
    assert overview.comments == sum(expected.values())
    assert [name for _id, name in overview.senders.items] == senders


def test_a_page_of_senders_counts_only_its_columns_and_the_totals_stay_whole(case, monkeypatch):
    monkeypatch.setattr(progress, "SENDERS_PER_PAGE", 2)
    second = progress.overview(case["hearing"], page=2)
    assert (second.senders.number, second.senders.count, second.senders.first, second.senders.total) == (2, 2, 3, 3)
    assert [name for _id, name in second.senders.items] == ["Cecilie"]
    assert {row.key: row.counts for row in second.rows if row.counts} == {
        "s1": {case["ids"]["cecilie"]: 1}, "s2": {case["ids"]["cecilie"]: 1}}
    assert (second.comments, second.replied, second.approved) == (7, 4, 2), "the totals cover every sender"
    assert progress.overview(case["hearing"], page=99).senders.number == 2, "beyond the last: the last"


def test_the_sender_names_come_in_the_order_the_responses_came(case):
    assert list(progress.sender_names(case["hearing"]).values()) == ["Alfa", "Beta", "Cecilie"]
