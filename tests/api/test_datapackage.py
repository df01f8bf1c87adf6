"""A published hearing as a Frictionless data package (issue #21, item 6): valid to the spec,
the same as the published memo, and there only once the memo is published."""

import csv
import hashlib
import io
import json
import zipfile

import pytest
from frictionless import Package

from app.accounts.models import Role
from app.extensions import db
from app.memos import operations, publishing
from tests.factories import make_user
from tests.memos.publication import NAMED, UNNAMED, finalised_hearing

TABLES = ["hearing", "sections", "parties", "responses", "replies", "comments"]


def _unzip(data: bytes, folder) -> dict:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert sorted(archive.namelist()) == sorted(["datapackage.json"] + [f"{name}.csv" for name in TABLES])
        archive.extractall(folder)
    return json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))


def _rows(folder, name: str) -> list[dict]:
    with open(folder / f"{name}.csv", encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def _valid(folder) -> None:
    """Frictionless' own validator: descriptor, schema types, sizes, SHA-256, primary and foreign keys."""
    report = Package(str(folder / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_the_data_package_of_a_published_hearing_is_valid_and_says_what_the_memo_says(app, client, tmp_path):
    hearing, _officer = finalised_hearing(app, publish=True)
    answer = client.get(f"/api/v1/hoeringer/{hearing.slug}/datapakke.zip")
    assert answer.status_code == 200
    assert answer.mimetype == "application/zip"
    assert f"hoering-{hearing.slug}.zip" in answer.headers["Content-Disposition"]
    assert answer.headers["Cache-Control"].startswith("public")
    descriptor = _unzip(answer.data, tmp_path)
    _valid(tmp_path)
    for resource in descriptor["resources"]:
        data = (tmp_path / resource["path"]).read_bytes()
        assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
        assert all(field["description"] for field in resource["schema"]["fields"])
    assert descriptor["name"] == f"hoering-{hearing.slug}"

    memo = client.get(f"/api/v1/hoeringer/{hearing.slug}").get_json()["memo"]["content"]
    responses = _rows(tmp_path, "responses")
    assert [row["sender"] for row in responses] == [response["sender"] for response in memo["appendix"]]
    senders = {row["sender"] for row in responses}
    assert "Handicaprådet" in senders
    assert any(NAMED[0] in sender for sender in senders) and not any(UNNAMED[0] in sender for sender in senders)
    everything = "".join((tmp_path / f"{name}.csv").read_text(encoding="utf-8") for name in TABLES)
    assert NAMED[1] not in everything and UNNAMED[1] not in everything  # contact data never

    replies = {row["number"]: row for row in _rows(tmp_path, "replies")}
    comments = _rows(tmp_path, "comments")
    assert len(comments) == 3
    council = next(row for row in comments if row["text"].startswith("Legepladsen"))
    assert replies[council["reply_number"]]["reply"] == "Forvaltningen er enig."
    assert replies[council["reply_number"]]["outcome"] == "accepted"
    assert _rows(tmp_path, "hearing")[0]["title"] == "Ny legeplads i Sorgenfri"


def test_there_is_no_data_package_before_the_memo_is_published(app, client):
    hearing, _officer = finalised_hearing(app, publish=False)
    assert client.get(f"/api/v1/hoeringer/{hearing.slug}/datapakke.zip").status_code == 404
    assert client.get("/api/v1/hoeringer/findes-ikke/datapakke.zip").status_code == 404


def test_the_public_pages_link_to_the_data_package(app, client):
    hearing, _officer = finalised_hearing(app, publish=True)
    link = f"/api/v1/hoeringer/{hearing.slug}/datapakke.zip"
    assert link in client.get(f"/hoeringer/{hearing.slug}").get_data(as_text=True)
    assert link in client.get(f"/hoeringer/{hearing.slug}/hoeringsnotat").get_data(as_text=True)
    assert client.get(f"/api/v1/hoeringer/{hearing.slug}").get_json()["hearing"]["datapackage_url"].endswith(link)


@pytest.mark.slow
def test_the_2019_demo_as_a_data_package(app, demo, client, tmp_path):
    """The whole 2019 round: every comment of the appendix is a row, each answered one names its reply,
    and the sections are the draft's, foreword and 11 standards with their fields."""
    with app.test_request_context():  # the demo leaves points open, so finalised with a reason
        operations.finalise(demo, make_user(Role.STAFF), "Prøve: de sidste svar følger.")
        publishing.publish(demo)
        db.session.commit()
    answer = client.get(f"/api/v1/hoeringer/{demo.slug}/datapakke.zip")
    assert answer.status_code == 200
    _unzip(answer.data, tmp_path)
    _valid(tmp_path)
    comments = _rows(tmp_path, "comments")
    memo = client.get(f"/api/v1/hoeringer/{demo.slug}").get_json()["memo"]["content"]
    assert len(comments) == sum(len(response["comments"]) for response in memo["appendix"])
    answered = [row for row in comments if row["reply_number"]]
    assert len(answered) >= len(comments) - 5  # the no-remarks points and the like have no reply
    assert any(row["number"] == "§ 100" for row in _rows(tmp_path, "sections"))


def test_every_comment_a_point_only_counts_still_names_its_reply(app, client, tmp_path):
    """A campaign's copies stand once in the memo (one example and the count), and more citizens than the
    memo shows are counted: in the open data each of their comments still names the reply that answers it."""
    from datetime import UTC, datetime

    from app.hearings.models import HearingState
    from app.replies.models import Outcome, Reply, ReplyStatus
    from app.responses.models import Response, ResponseKind, ResponseState
    from tests.factories import make_comment, make_hearing

    hearing = make_hearing(state=HearingState.REPLYING, is_public=True, title="Aflastning 2027")
    section = hearing.current_version.sections[0]
    officer, approver = make_user(Role.STAFF), make_user(Role.APPROVER)
    hearing.officers = [officer]
    campaign = "Aflastning skal kunne gives i 90 døgn om året, som i nabokommunerne."
    comments = []
    for n in range(8):
        response = Response(hearing=hearing, kind=ResponseKind.CITIZEN, state=ResponseState.SUBMITTED,
                            submitted_at=datetime.now(UTC), citizen_name=f"Borger {n}",
                            citizen_email=f"borger{n}@example.org", email_confirmed_at=datetime.now(UTC))
        db.session.add(response)
        db.session.flush()
        comments.append(make_comment(response, section, campaign))
    db.session.add(Reply(hearing=hearing, text="Serviceniveauet fastholdes.", outcome=Outcome.NOT_ACCEPTED,
                         status=ReplyStatus.APPROVED, approved_at=datetime.now(UTC), approved_by=approver,
                         comments=comments))
    db.session.commit()
    with app.test_request_context():
        operations.finalise(hearing, officer)
        publishing.publish(hearing)
        db.session.commit()
    _unzip(client.get(f"/api/v1/hoeringer/{hearing.slug}/datapakke.zip").data, tmp_path)
    _valid(tmp_path)
    [reply] = _rows(tmp_path, "replies")
    assert reply["citizens"] == "8" and reply["reply"] == "Serviceniveauet fastholdes."
    rows = _rows(tmp_path, "comments")
    assert len(rows) == 8 and {row["reply_number"] for row in rows} == {reply["number"]}
