"""Staff search the comments and replies of one hearing: Danish words, phrases, exclusions, hostile input.

Runs on SQLite (FTS5) and, with TEST_DATABASE_URL, on PostgreSQL (Danish full-text search).
"""

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from app.accounts.models import Role
from app.hearings.models import Hearing, HearingState
from app.replies.models import Outcome, Reply, ReplyStatus
from app.replies.search import PER_PAGE, search
from app.replies.search.query import parse_query
from app.responses.models import CommentStatus, Response, ResponseKind, ResponseState
from tests.factories import make_comment, make_hearing, make_organisation, make_response
from tests.replies.helpers import CITIZEN, ELDERLY, GENERAL, SIXTY_DAYS, build_hearing


@pytest.fixture
def hearing(db) -> Hearing:
    return build_hearing(db)


def _council(db) -> Response:
    return db.session.scalars(select(Response).where(Response.kind == ResponseKind.PARTY)).first()


def _texts(results) -> list[str]:
    return [str(hit.snippet) for hit in results.hits]


@pytest.mark.parametrize(("query", "expected"), [
    ("aflastning", {SIXTY_DAYS, ELDERLY, CITIZEN}),  # "aflastningen" too: stemming (PG), prefix (SQLite)
    ("aflastningen", {SIXTY_DAYS, ELDERLY, CITIZEN}),  # and the other way round
    ("ÆLDRE", {ELDERLY}),
    ("pårørende", {GENERAL}),
    ('"60 døgn om året"', {SIXTY_DAYS}),
    ('"døgn 60"', set()),
    ("aflastning -weekenden", {SIXTY_DAYS, ELDERLY}),
    ('aflastning -"ældre borgere"', {SIXTY_DAYS, CITIZEN}),
    ("demens or pårørende", {ELDERLY, GENERAL}),
])
def test_danish_words_phrases_and_exclusions_find_the_right_comments(hearing, query, expected):
    results = search(hearing, query, "comments")
    found = {hit.snippet.striptags() for hit in results.hits}
    assert {" ".join(text.split()).rstrip(".") for text in expected} == {f.rstrip(".…") for f in found}
    assert results.total == len(expected)
    assert all("<mark>" in text for text in _texts(results))


def test_a_hit_carries_its_section_party_and_marked_text(hearing):
    results = search(hearing, "aflastningen", "comments")
    by_party = {tuple(hit.parties): hit for hit in results.hits}
    council = by_party[("Handicaprådet",)]
    assert council.kind == "comment"
    assert council.places in ([("§ 84 Aflastning – Omfang/varighed", "s84-omfang")],
                              [("§ 85 Socialpædagogisk støtte", "s85")])
    assert by_party[("Karen Hansen",)].places == [("§ 84 Aflastning", "s84")]
    assert "<mark>aflastning</mark>" in str(by_party[("Karen Hansen",)].snippet)

    general = search(hearing, "pårørende").hits
    assert [(h.kind, h.places, h.parties) for h in general] == [("comment", [("", None)], ["Handicaprådet"])]


def test_replies_show_their_outcome_and_internal_notes_are_searched(hearing):
    results = search(hearing, "afløsning")
    assert results.total == 1
    hit = results.hits[0]
    assert hit.kind == "reply" and hit.outcome is Outcome.NOT_ACCEPTED and hit.reply_status is ReplyStatus.DRAFT
    assert hit.parties == ["Handicaprådet"]
    assert hit.places == [("§ 84 Aflastning – Omfang/varighed", "s84-omfang")]
    assert "<mark>afløsning</mark>" in str(hit.note_snippet)
    assert "fastholder rammen" in str(hit.snippet)


def test_the_kind_filter_chooses_comments_replies_or_both(hearing):
    assert {h.kind for h in search(hearing, "døgn", "all").hits} == {"comment", "reply"}
    assert {h.kind for h in search(hearing, "døgn", "comments").hits} == {"comment"}
    assert {h.kind for h in search(hearing, "døgn", "replies").hits} == {"reply"}
    assert search(hearing, "døgn", "nonsense").kind == "all"


def test_user_text_is_escaped_and_only_the_hit_is_marked(db, hearing):
    response = make_response(hearing, make_organisation("Seniorrådet <b>"), state=ResponseState.SUBMITTED,
                             submitted_at=datetime.now(UTC))
    make_comment(response, None, 'Tom & Jerry mener <script>alert("x")</script> at aflastning er vigtig.')
    db.session.commit()
    hit = next(h for h in search(hearing, "Jerry").hits)
    html = str(hit.snippet)
    assert "<script" not in html and "&amp;" in html and "<mark>Jerry</mark>" in html
    assert hit.parties == ["Seniorrådet <b>"]  # the template escapes it


HOSTILE = [
    "'; DROP TABLE comments; --",
    'NEAR(aflastning døgn',
    '"aflastning',
    'aflastning"',
    "*",
    "aflast*",
    "døgn AND OR NOT",
    "-",
    "--",
    '""',
    "()(()",
    "^aflastning",
    "body:aflastning",
    "\\ % _ ' ` ;",
    "\x00\x01\x1b[31maflastning\x7f",
    "aflastning\u202edøgn",
    "\ud800",
    "\ue000aflastning\ue001",
    "x" * 10_000,
    "aflastning " * 2_000,
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_return_normally(hearing, query):
    results = search(hearing, query)
    assert results.total >= 0
    # The transaction is still usable afterwards.
    assert search(hearing, "aflastning", "comments").total == 3


def test_bad_syntax_is_read_as_plain_words(hearing):
    assert search(hearing, '(demens) "ældre*').total == 1
    assert search(hearing, "NEAR(demens ældre)").total == 0  # "near" is a word like the others
    assert search(hearing, "demens: {ældre}").total == 1
    assert search(hearing, "body:demens").total == 0  # no column filters: "body" is a word
    assert parse_query("a*b (c) NEAR(d").websearch() == "a b c NEAR d"


def test_exclusions_only_give_everything_else(hearing):
    results = search(hearing, "-aflastning", "comments")
    assert [h.snippet.striptags() for h in results.hits] == [" ".join(GENERAL.split())]


def test_a_search_never_shows_another_hearings_comments(db, hearing):
    other = make_hearing(HearingState.REPLYING, slug="en-anden-hoering")
    response = make_response(other, state=ResponseState.SUBMITTED, submitted_at=datetime.now(UTC))
    make_comment(response, None, "Aflastning i en helt anden høring.")
    db.session.add(Reply(hearing=other, text="Aflastning, svar i den anden høring.", internal_note="aflastning"))
    db.session.commit()
    assert search(hearing, "aflastning").total == 3
    assert all("anden høring" not in str(t) for t in _texts(search(hearing, "aflastning")))
    assert search(hearing, "anden høring").total == 0
    assert search(other, "aflastning").total == 2


def test_drafts_withdrawn_responses_and_superseded_comments_are_not_searched(db, hearing):
    draft = make_response(hearing, state=ResponseState.DRAFT)
    make_comment(draft, None, "Kladde om tandpleje.")
    withdrawn = make_response(hearing, state=ResponseState.WITHDRAWN, withdrawn_at=datetime.now(UTC))
    make_comment(withdrawn, None, "Trukket tilbage om tandpleje.")
    council = _council(db)
    superseded = make_comment(council, None, "Flyttet bemærkning om tandpleje.")
    superseded.status = CommentStatus.SUPERSEDED
    not_a_remark = make_comment(council, None, "Tandpleje er ikke en del af udkastet.")
    not_a_remark.status = CommentStatus.NOT_A_REMARK
    db.session.commit()
    hits = search(hearing, "tandpleje").hits
    assert [(h.snippet.striptags().rstrip("."), h.comment_status) for h in hits] == [
        ("Tandpleje er ikke en del af udkastet", CommentStatus.NOT_A_REMARK)
    ]


def test_fifty_hits_a_page_and_the_page_is_kept_in_range(db, hearing):
    response = make_response(hearing, state=ResponseState.SUBMITTED, submitted_at=datetime.now(UTC))
    for n in range(120):
        make_comment(response, None, f"Bemærkning nummer {n} om kørsel.")
    db.session.commit()
    first = search(hearing, "kørsel", "comments", 1)
    assert (first.total, first.pages, len(first.hits)) == (120, 3, PER_PAGE)
    last = search(hearing, "kørsel", "comments", 3)
    assert len(last.hits) == 20
    assert not {h.id for h in first.hits} & {h.id for h in last.hits}
    assert search(hearing, "kørsel", "comments", 10**12).page == 3
    assert search(hearing, "kørsel", "comments", -5).page == 1


# -- The page ------------------------------------------------------------------


URL = "/medarbejder/hoeringer/kvalitetsstandarder-2019/soeg"


def test_anonymous_visitors_are_sent_to_log_in_and_committee_members_refused(auth, client, hearing):
    response = client.get(URL + "?q=aflastning")
    assert response.status_code == 302 and "/konto/log-ind" in response.headers["Location"]
    auth.log_in(Role.COMMITTEE)
    assert client.get(URL + "?q=aflastning").status_code == 403


def test_staff_search_and_see_the_count_sections_parties_and_outcomes(auth, client, hearing):
    auth.log_in()
    page = client.get(URL).get_data(as_text=True)
    assert '<label class="form-label" for="q">' in page and 'role="status"' in page
    assert "resultat" not in page.split('role="status"')[1].split("</div>")[0]

    html = client.get(URL + "?q=døgn&kind=all").get_data(as_text=True)
    assert "2 resultater for »døgn«." in html
    assert "Bemærkning fra Handicaprådet" in html
    assert "Forvaltningens svar til Handicaprådet" in html and "Ikke imødekommet" in html
    assert '<a href="/medarbejder/hoeringer/kvalitetsstandarder-2019/besvarelse/s84-omfang">' in html
    assert "<mark>" in html
    comments = client.get(URL + "?q=aflastningen&kind=comments").get_data(as_text=True)
    assert "3 resultater for »aflastningen«." in comments and "Bemærkning fra Karen Hansen" in comments
    assert "Forvaltningens svar" not in comments

    general = client.get(URL + "?q=pårørende").get_data(as_text=True)
    assert "1 resultat for »pårørende«." in general and "besvarelse/generelt\">Generelt</a></dd>" in general


def test_no_results_and_hostile_input_on_the_page(auth, client, hearing):
    auth.log_in()
    html = client.get(URL, query_string={"q": '<script>alert(1)</script> "'}).get_data(as_text=True)
    assert "Ingen resultater for »&lt;script&gt;alert(1)&lt;/script&gt; &#34;«." in html
    assert "<script>alert" not in html
    for query in (q for q in HOSTILE if q != "\ud800"):
        assert client.get(URL, query_string={"q": query, "kind": "'", "page": "x"}).status_code == 200
    too_long = client.get(URL, query_string={"q": "x" * 10_000})
    assert too_long.status_code == 200 and "Søgningen må højst være 500 tegn." in too_long.get_data(as_text=True)
    empty = client.get(URL + "?q=+").get_data(as_text=True)
    assert "Skriv det, du vil søge efter." in empty

