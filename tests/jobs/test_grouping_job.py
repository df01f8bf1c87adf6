"""A large section's comments that say the same are grouped by the real worker: asked for with a button,
followed on the job's page, shown on the section's page when done; the same comments are grouped once,
and a new comment asks for a new grouping."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from app.accounts.models import Role
from app.extensions import db
from app.hearings.models import HearingState
from app.jobs.models import Job, JobState
from app.responses.models import ResponseState
from tests.factories import make_comment, make_hearing, make_organisation, make_response, make_user
from tests.jobs_worker import follow_job, wait_for_job

CAMPAIGN = ("Vi protesterer mod, at aflastning kun kan gives i 60 døgn om året. Familierne har brug for mere tid, "
            "og kommunen bør følge nabokommunernes niveau på 90 døgn.")
OTHER = "Ledsagerordningen bør også gælde ture til udlandet, når borgeren selv betaler rejsen."


@pytest.fixture
def section(app, db):
    """A hearing being answered whose first section has three copies of a campaign and one other comment:
    more than the page groups in its request (set low here)."""
    app.config["GROUPING_IN_REQUEST_MAX"] = 3
    hearing = make_hearing(state=HearingState.REPLYING)
    section = hearing.current_version.sections[0]
    officer = make_user(Role.STAFF, name="Søren Sagsbehandler")
    hearing.officers = [officer]
    for name, text in (("Karen Hansen", CAMPAIGN), ("Ole Olsen", CAMPAIGN), ("Mette Mikkelsen", CAMPAIGN),
                       ("Handicaprådet", OTHER)):
        response = make_response(hearing, make_organisation(name), state=ResponseState.SUBMITTED,
                                 submitted_at=datetime.now(UTC))
        make_comment(response, section, f"{text}\n\nMed venlig hilsen\n{name}")
    db.session.commit()
    return {"hearing": hearing, "url": f"/medarbejder/hoeringer/{hearing.slug}/besvarelse/{section.key}",
            "officer": officer, "section": section}


def test_a_large_section_asks_for_its_groups_and_shows_them_when_the_worker_is_done(auth, client, section,
                                                                                   jobs_worker):
    auth.log_in(section["officer"])
    page = client.get(section["url"]).get_data(as_text=True)
    assert "Find bemærkninger, der siger det samme" in page and "næsten samme tekst" not in page

    ordered = client.post(f"{section['url']}/ens")
    shown = follow_job(client, ordered)

    job = db.session.get(Job, int(ordered.headers["Location"].rsplit("/", 1)[-1]))
    assert job.state is JobState.DONE and (job.progress_done, job.progress_total, job.attempts) == (3, 3, 1)
    assert shown.request.path == section["url"]
    html = shown.get_data(as_text=True)
    assert "3 bemærkninger med næsten samme tekst" in html
    assert "Karen Hansen, Ole Olsen, Mette Mikkelsen" in html
    assert "Find bemærkninger, der siger det samme" not in html


def test_the_same_comments_are_grouped_once_and_a_new_one_asks_again(auth, client, section, jobs_worker):
    auth.log_in(section["officer"])
    first = client.post(f"{section['url']}/ens")
    second = client.post(f"{section['url']}/ens")  # a double click, or a colleague
    assert first.headers["Location"] == second.headers["Location"]
    job_id = int(first.headers["Location"].rsplit("/", 1)[-1])
    wait_for_job(job_id)
    again = client.post(f"{section['url']}/ens")  # after it is done: the same comments, the same groups
    assert again.headers["Location"] == first.headers["Location"]
    db.session.expire_all()
    assert db.session.get(Job, job_id).attempts == 1 and db.session.scalar(select(func.count(Job.id))) == 1

    response = make_response(section["hearing"], make_organisation("Peter Jensen"), state=ResponseState.SUBMITTED,
                             submitted_at=datetime.now(UTC))
    make_comment(response, section["section"], f"{CAMPAIGN}\n\nHilsen\nPeter Jensen")
    db.session.commit()
    page = client.get(section["url"]).get_data(as_text=True)
    assert "Find bemærkninger, der siger det samme" in page  # the comments changed: ask again
    newer = client.post(f"{section['url']}/ens")
    assert newer.headers["Location"] != first.headers["Location"]
    assert "4 bemærkninger med næsten samme tekst" in follow_job(client, newer).get_data(as_text=True)


def test_while_the_worker_groups_the_page_links_to_its_progress(auth, client, section):
    auth.log_in(section["officer"])
    ordered = client.post(f"{section['url']}/ens")  # no worker runs: it waits
    page = client.get(section["url"]).get_data(as_text=True)
    assert f'<a href="{ordered.headers["Location"]}">Følg sammenligningen</a>' in page
    progress = client.get(ordered.headers["Location"]).get_data(as_text=True)
    assert '<noscript><meta http-equiv="refresh" content="5"></noscript>' in progress
    assert "Bemærkninger, der siger det samme" in progress
