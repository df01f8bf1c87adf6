"""Staff publish the memo on the public hearing page; what must be hidden stays hidden."""

import re

from sqlalchemy import select

from app.audit.models import AuditEvent
from app.extensions import db
from app.jobs.models import Job, JobState
from app.jobs.operations import run
from app.memos.jobs import VERSION_KIND, stored_file, stored_parts
from app.memos.models import Memo
from tests.memos.publication import NAMED, UNNAMED, finalised_hearing


def test_nothing_is_public_before_staff_publish(app, client):
    hearing, _officer = finalised_hearing(app, publish=False)
    assert client.get(f"/hoeringer/{hearing.slug}/hoeringsnotat").status_code == 404
    assert client.get(f"/hoeringer/{hearing.slug}/hoeringsnotat/pdf").status_code == 404
    assert "Læs høringsnotatet" not in client.get(f"/hoeringer/{hearing.slug}").get_data(as_text=True)


def test_an_officer_publishes_and_anyone_reads_it_with_names_only_by_consent(auth, app, client):
    hearing, officer = finalised_hearing(app, publish=False)
    auth.log_in(officer)
    assert client.post(f"/medarbejder/hoeringer/{hearing.slug}/hoeringsnotat/offentliggoer",
                       data={"confirmed": "1"}).status_code == 302
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "memo_published")) is not None
    client.post("/konto/log-ud")

    public = client.get(f"/hoeringer/{hearing.slug}")
    assert "Læs høringsnotatet og høringssvarene" in public.get_data(as_text=True)
    page = client.get(f"/hoeringer/{hearing.slug}/hoeringsnotat").get_data(as_text=True)
    assert "Handicaprådet" in page and "Legepladsen skal kunne bruges af kørestolsbrugere." in page
    assert NAMED[0] in page  # she agreed to be named
    assert UNNAMED[0] not in page and "Borger 2" in page
    assert "@" not in re.sub(r"<(script|style)\b.*?</\1>", "", page, flags=re.S).split("<main", 1)[1].split(
        "</main>")[0]  # no e-mail address anywhere in the content
    pdf = _stored_once_made(client, f"/hoeringer/{hearing.slug}/hoeringsnotat/pdf", "memo", "Høringsnotatet")
    assert pdf.status_code == 200 and pdf.data[:4] == b"%PDF"
    assert pdf.headers["Cache-Control"] == "public, max-age=300"  # published: anyone may keep it a while
    assert client.get(f"/hoeringer/{hearing.slug}/hoeringsnotat/csv").status_code == 404  # staff only


def test_taking_it_off_the_page(auth, app, client):
    hearing, officer = finalised_hearing(app, publish=True)
    auth.log_in(officer)
    client.post(f"/medarbejder/hoeringer/{hearing.slug}/hoeringsnotat/fjern-offentliggoerelse")
    assert db.session.scalar(select(Memo)).published_at is None
    assert client.get(f"/hoeringer/{hearing.slug}/hoeringsnotat").status_code == 404


def test_the_appendix_is_served_as_stored_and_never_made_for_a_reader(app, client):
    hearing, _officer = finalised_hearing(app, publish=True)
    url = f"/hoeringer/{hearing.slug}/hoeringsnotat/bilag/pdf"
    stored = _stored_once_made(client, url, "appendix", "Bilaget")
    memo = db.session.scalar(select(Memo))
    assert not [part for part, _format in stored_parts(memo) if part == "public"], "no questions: the memo is public"
    assert stored.status_code == 200 and stored.data[:4] == b"%PDF"
    assert stored.data == stored_file(memo, "pdf", "appendix").data
    assert "Hent bilaget med høringssvarene som PDF" in client.get(
        f"/hoeringer/{hearing.slug}/hoeringsnotat").get_data(as_text=True)
    assert client.get(f"/hoeringer/{hearing.slug}/hoeringsnotat/bilag/csv").status_code == 404


def _stored_once_made(client, url: str, part: str, what: str):
    """A reader's download before and after its file's job: never made for the reader (a large memo takes
    minutes of a server), but ordered, and then served as stored."""
    waiting = client.get(url)
    assert waiting.status_code == 503 and waiting.headers["Retry-After"] == "60"
    assert f"{what} bliver lavet" in waiting.get_data(as_text=True)
    file_format = url.rsplit("/", 1)[1]
    [job] = db.session.scalars(select(Job).where(Job.kind == VERSION_KIND, Job.params["part"].as_string() == part,
                                                 Job.params["format"].as_string() == file_format)).all()
    run(job.id)  # as the worker does
    return client.get(url)


def test_a_file_whose_job_failed_is_not_made_again_for_each_reader(app, client):
    """A memo that fails in the renderer (or takes the worker's memory) would otherwise be rendered again
    for each reader who asks; staff order it again."""
    hearing, _officer = finalised_hearing(app, publish=True)
    url = f"/hoeringer/{hearing.slug}/hoeringsnotat/pdf"
    client.get(url)
    [job] = db.session.scalars(select(Job).where(Job.kind == VERSION_KIND)).all()
    job.state = JobState.FAILED
    db.session.commit()
    for _ in range(2):
        assert client.get(url).status_code == 503
    assert db.session.scalars(select(Job).where(Job.kind == VERSION_KIND)).all() == [job], "none ordered again"
