"""The hearing a staff address names is loaded once, by its blueprint (app/hearings/loading.py)."""

from flask import url_for

from app.accounts.models import Role
from tests.factories import make_hearing

OVERVIEW = "/medarbejder/hoeringer/{slug}/besvarelse"


def test_a_visitor_who_is_not_logged_in_is_sent_to_log_in_whether_or_not_the_hearing_exists(client, db):
    make_hearing(slug="findes")
    db.session.commit()

    there = client.get(OVERVIEW.format(slug="findes"))
    missing = client.get(OVERVIEW.format(slug="findes-ikke"))

    assert there.status_code == missing.status_code == 302
    assert there.headers["Location"].split("?")[0] == missing.headers["Location"].split("?")[0]


def test_staff_get_404_for_a_hearing_that_does_not_exist(client, auth, db):
    auth.log_in(Role.STAFF)

    assert client.get(OVERVIEW.format(slug="findes-ikke")).status_code == 404


def test_the_view_gets_the_hearing_and_not_its_slug(client, auth, db):
    hearing = make_hearing(slug="hoering-om-noget")
    db.session.commit()
    auth.log_in(Role.APPROVER)

    page = client.get(OVERVIEW.format(slug=hearing.slug))

    assert page.status_code == 200
    assert hearing.title in page.get_data(as_text=True)


def test_url_for_within_the_same_hearing_fills_in_its_slug(app):
    # An error page's "Prøv igen" link is built from the endpoint and the view's arguments,
    # which no longer hold the slug: the blueprint puts it back.
    with app.test_request_context(OVERVIEW.format(slug="en-hoering")):
        app.preprocess_request()

        assert url_for("replies.reply_overview") == OVERVIEW.format(slug="en-hoering")
        assert url_for("replies.reply_overview", slug="en-anden") == OVERVIEW.format(slug="en-anden")
