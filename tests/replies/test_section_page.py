"""A section's page in the reply workspace at national size (issue 20, item 5): only the page's replies and
open comments are loaded, a shared reply is counted and named in full, and the near-duplicate grouping, kept in
the cache, follows every new, changed or answered comment."""

import re
from datetime import UTC, datetime, timedelta

import pytest

from app.accounts.models import Role
from app.extensions import db
from app.hearings.models import HearingState
from app.replies import alike
from app.replies.models import Reply, ReplyStatus
from app.responses.models import Comment, ResponseState
from tests.factories import make_comment, make_hearing, make_organisation, make_response, make_user

CAMPAIGN = ("Vi protesterer mod, at aflastning kun kan gives i 60 døgn om året. Familierne har brug for mere tid, "
            "og kommunen bør følge nabokommunernes niveau på 90 døgn.")


@pytest.fixture
def case(db):
    """Five councils answered by one shared reply, one by a reply of its own, three campaign copies without a
    reply and one comment of its own without a reply, all on s1, in the order the responses came."""
    hearing = make_hearing(HearingState.REPLYING)
    section = hearing.current_version.sections[0]
    officer = make_user(Role.STAFF)
    hearing.officers = [officer]
    start = datetime.now(UTC)
    comments = {}
    for n, name in enumerate(["Råd A", "Råd B", "Råd C", "Råd D", "Råd E", "Råd F", "Borger 1", "Borger 2",
                              "Borger 3", "Borger 4"]):
        response = make_response(hearing, make_organisation(name), submitted_at=start + timedelta(minutes=n),
                                 state=ResponseState.SUBMITTED)
        text = f"{CAMPAIGN}\n\nMed venlig hilsen\n{name}" if name.startswith("Borger") and name != "Borger 4" \
            else f"Bemærkning nr. {n} fra {name}: {'noget helt andet ' * (n + 1)}"
        comments[name] = make_comment(response, section, text)
    db.session.add(Reply(hearing=hearing, text="Fælles svar.", status=ReplyStatus.DRAFT,
                         comments=[comments[f"Råd {x}"] for x in "ABCDE"]))
    db.session.add(Reply(hearing=hearing, text="Eget svar.", status=ReplyStatus.DRAFT, comments=[comments["Råd F"]]))
    db.session.commit()
    return {"hearing": hearing, "officer": officer, "comments": {k: c.id for k, c in comments.items()},
            "url": f"/medarbejder/hoeringer/{hearing.slug}/besvarelse/s1"}


def test_a_shared_reply_shows_its_first_comments_and_counts_and_names_them_all(auth, client, case):
    auth.log_in(case["officer"])
    page = client.get(case["url"]).get_data(as_text=True)
    assert "10 bemærkninger" in page
    shared = page.split("Fælles svar på 5 bemærkninger")[1].split("</section>")[0]
    assert [name for name in ("Råd A", "Råd B", "Råd C", "Råd D", "Råd E") if f">{name}</h4>" in shared] == [
        "Råd A", "Råd B", "Råd C"], "the first three comments, in the reply's order"
    assert "og 2 bemærkninger mere, som står på svarets side." in shared
    assert "til Råd A, Råd B, Råd C, Råd D, Råd E</span>" in shared, "the link names every sender"
    assert "Svar på 1 bemærkning" in page


def test_replies_and_open_comments_come_a_page_at_a_time(auth, client, case, monkeypatch):
    from app.replies import views

    monkeypatch.setattr(views, "REPLIES_PER_PAGE", 1)
    monkeypatch.setattr(views, "OPEN_COMMENTS_PER_PAGE", 3)
    auth.log_in(case["officer"])
    first = client.get(case["url"]).get_data(as_text=True)
    assert "Svar 1–1 af 2 vises her." in first and "Fælles svar på 5" in first and "Eget svar." not in first
    assert "Bemærkning 1–3 af 4 uden svar vises her." in first
    assert [n for n in ("Borger 1", "Borger 2", "Borger 3", "Borger 4") if f">{n}</h3>" in first] == [
        "Borger 1", "Borger 2", "Borger 3"]
    second = client.get(f"{case['url']}?svar=2&uden_svar=2").get_data(as_text=True)
    assert "Svar 2–2 af 2 vises her." in second and "Eget svar." in second and "Fælles svar på 5" not in second
    assert "Bemærkning 4–4 af 4 uden svar vises her." in second and ">Borger 4</h3>" in second
    assert "10 bemærkninger" in second, "the count covers the whole section"


def _offered(client, url) -> list[list[str]]:
    page = client.get(url).get_data(as_text=True)
    return [re.findall(r'name="comments" value="(\d+)">', form)
            for form in page.split('class="app-alike"')[1:]]


def test_the_grouping_follows_new_changed_and_answered_comments(auth, client, case):
    auth.log_in(case["officer"])
    ids = case["comments"]
    copies = [str(ids[f"Borger {n}"]) for n in (1, 2, 3)]
    assert _offered(client, case["url"]) == [copies]
    assert _offered(client, case["url"]) == [copies], "the same from the cache"

    hearing = case["hearing"]
    late = make_response(hearing, make_organisation("Borger 5"), state=ResponseState.SUBMITTED,
                         submitted_at=datetime.now(UTC))
    fifth = make_comment(late, hearing.current_version.sections[0], f"{CAMPAIGN}\n\nHilsen\nBorger 5")
    db.session.commit()
    assert _offered(client, case["url"]) == [copies + [str(fifth.id)]], "a new copy joins the group"

    changed = db.session.get(Comment, ids["Borger 2"])
    changed.text = "Jeg har skrevet noget helt andet om kørsel til aflastningen og om ventetiden på visitation."
    db.session.commit()
    assert _offered(client, case["url"]) == [[copies[0], copies[2], str(fifth.id)]], "a changed text leaves it"

    client.post(f"{case['url']}/nyt-svar", data={"comments": [copies[0], copies[2], str(fifth.id)]})
    assert _offered(client, case["url"]) == [], "answered comments are no longer offered"


def test_the_page_reads_the_database_as_often_for_ten_comments_as_for_sixty(auth, client, case):
    from sqlalchemy import event

    hearing = case["hearing"]

    def count() -> int:
        statements = []
        listen = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listen)
        try:
            assert client.get(case["url"]).status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", listen)
        return len(statements)

    auth.log_in(case["officer"])
    client.get(case["url"])
    before = count()
    shared = db.session.scalar(db.select(Reply).where(Reply.text == "Fælles svar."))
    for n in range(50):
        response = make_response(hearing, make_organisation(f"Ny {n}"), state=ResponseState.SUBMITTED,
                                 submitted_at=datetime.now(UTC))
        comment = make_comment(response, hearing.current_version.sections[0], f"Ny bemærkning {n} " * (n % 7 + 1))
        if n % 2:
            shared.comments.append(comment)
    db.session.commit()
    client.get(case["url"])  # the grouping of the new open comments made and kept, as before the first count
    assert count() == before
    assert alike.ALIKE_SECONDS >= 60
