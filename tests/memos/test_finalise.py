"""Finalising freezes the memo with a stable SHA-256; a change makes version 2 with what changed."""

import pytest
from sqlalchemy import select

from app.accounts.models import Role
from app.audit.models import AuditEvent
from app.demo.load import SLUG
from app.extensions import db
from app.hearings.models import HearingState
from app.jobs.models import Job
from app.memos import operations
from app.memos.models import Memo
from app.refusals import Refused
from app.replies.models import Reply
from tests.factories import PASSWORD, make_user
from tests.jobs_worker import wait_for_job


def _finalise(app, hearing, user, reason=None):
    with app.test_request_context():
        memo = operations.finalise(hearing, user, reason)
        db.session.commit()
        return memo


def test_open_points_need_a_reason_which_is_kept(app, demo):
    officer = make_user(Role.STAFF)
    with app.test_request_context(), pytest.raises(Refused, match="godkendt svar"):
        operations.finalise(demo, officer)
    memo = _finalise(app, demo, officer, "Udvalget behandler sagen 20. juni; de sidste svar følger.")
    assert memo.version == 1 and memo.override_reason.startswith("Udvalget behandler")
    assert demo.state is HearingState.MEMO


def test_the_hash_is_the_sha256_of_the_canonical_content_and_stable(app, demo):
    officer = make_user(Role.STAFF)
    first = _finalise(app, demo, officer, "Prøve")
    assert first.sha256 == operations.content_hash(first.content) and len(first.sha256) == 64
    assert _finalise(app, demo, officer, "Prøve") is None  # nothing changed: no version 2
    db.session.expire_all()
    reread = db.session.get(Memo, first.id)
    assert operations.content_hash(reread.content) == first.sha256  # the same after a round trip to the database


def test_a_change_makes_version_2_with_what_changed(app, demo):
    officer = make_user(Role.STAFF)
    first = _finalise(app, demo, officer, "Prøve")
    reply = db.session.scalar(select(Reply).where(Reply.draft_change_key == "p97-andre-bestemmelser"))
    reply.text += " Henvisningen tilføjes under Andre bestemmelser."
    db.session.commit()
    second = _finalise(app, demo, officer, "Prøve")
    assert second.version == 2 and second.sha256 != first.sha256
    assert "Forvaltningens bemærkning er ændret under § 97 Ledsagerordning – Ydelsens indhold" in second.changes
    assert db.session.get(Memo, first.id).content != second.content  # version 1 stays as it was
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "memo_finalised")).all()
    assert [e.details["version"] for e in events] == [1, 2]


def test_finalising_on_the_pages(client, demo, jobs_worker):
    officer = make_user(Role.STAFF)
    demo.officers.append(officer)
    db.session.commit()
    client.post("/konto/log-ind", data={"email": officer.email, "password": PASSWORD})
    url = f"/medarbejder/hoeringer/{SLUG}/hoeringsnotat"
    refused = client.post(f"{url}/faerdiggoer", data={"override_reason": "", "confirmed": "1"})
    assert refused.status_code == 422 and "skal have et godkendt svar" in refused.get_data(as_text=True)
    done = client.post(f"{url}/faerdiggoer", data={"override_reason": "Sendes nu; resten følger.",
                                                       "confirmed": "1"})
    assert done.status_code == 302
    page = client.get(url).get_data(as_text=True)
    frozen = db.session.scalar(select(Memo))
    assert frozen.sha256 in page and "Sendes nu; resten følger." in page
    for job in db.session.scalars(select(Job).where(Job.kind == "memo_version_file")).all():
        wait_for_job(job.id)  # a finalised version's files are made once, in the background, and stored (#20)
    download = client.get(f"{url}/version/1/pdf")
    assert download.status_code == 200 and download.data[:4] == b"%PDF"
    assert client.get(f"{url}/version/2/pdf").status_code == 404


def test_staff_see_the_hash_as_kontrolsum_with_what_it_is_for_as_the_committee_does(client, demo):
    officer = make_user(Role.STAFF)
    demo.officers.append(officer)
    db.session.commit()
    client.post("/konto/log-ind", data={"email": officer.email, "password": PASSWORD})
    url = f"/medarbejder/hoeringer/{SLUG}/hoeringsnotat"
    client.post(f"{url}/faerdiggoer", data={"override_reason": "Sendes nu.", "confirmed": "1"})
    frozen = db.session.scalar(select(Memo))
    explained = "Kontrolsummen viser, om to kopier af notatet er ens."
    versions = client.get(url).get_data(as_text=True)
    assert f'Kontrolsum: <code class="app-hash">{frozen.sha256}</code>' in versions
    assert explained in versions and "SHA-256" not in versions
    sending = client.get(f"/medarbejder/hoeringer/{SLUG}/udvalg").get_data(as_text=True)
    assert f'Kontrolsum: <code class="app-hash">{frozen.sha256}</code><br>{explained}' in sending
    assert "SHA-256" not in sending


def test_a_committee_member_cannot_finalise(client, demo):
    member = make_user(Role.COMMITTEE)
    db.session.commit()
    client.post("/konto/log-ind", data={"email": member.email, "password": PASSWORD})
    assert client.post(f"/medarbejder/hoeringer/{SLUG}/hoeringsnotat/faerdiggoer").status_code == 403
    assert db.session.scalar(select(Memo)) is None
