"""Every route of the app, for every role: who is let in and who is refused.

The routes come from `app.url_map`, so a new route without a line in ACCESS
fails here until someone decides who may use it. "Let in" means neither a
refusal (403) nor a trip to the log-in page; what happens next (200, a
redirect, 404 for a missing object, 400 for an empty form) is the route's
own business and is tested where the route is.
"""


import pytest
from flask import url_for

from tests.access_rules import ACCESS, ACTORS, LET_IN, PARTY_LINK


def _routes(app):
    for rule in app.url_map.iter_rules():
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule, method


def test_every_route_has_a_rule_of_access(app):
    missing = sorted({rule.endpoint for rule, _ in _routes(app) if rule.endpoint not in ACCESS})
    assert not missing, f"decide who may use these routes and add them to ACCESS: {missing}"
    stale = sorted(set(ACCESS) - {rule.endpoint for rule, _ in _routes(app)})
    assert not stale, f"these routes no longer exist: {stale}"


def _request(app, client, rule, method, values):
    with app.test_request_context():
        url = url_for(rule.endpoint, **{name: values[name] for name in rule.arguments})
    return client.open(url, method=method, data={})


@pytest.mark.parametrize("actor", ACTORS)
def test_each_actor_is_let_in_or_refused_on_every_route(auth, app, client, world, actor):
    if actor != "anonymous":
        user = world["users"]["staff" if actor == "staff" else actor]
        auth.log_in(user)
    wrong = []
    for rule, method in _routes(app):
        access = ACCESS[rule.endpoint]
        if rule.endpoint == "accounts.logout":
            continue  # would end this actor's session for the routes after it
        response = _request(app, client, rule, method, world["values"])
        sent_to_log_in = response.status_code == 302 and "/konto/log-ind" in response.headers.get("Location", "")
        refused = response.status_code in (401, 403) or sent_to_log_in
        if access == PARTY_LINK:
            if response.status_code in (401, 403, 500) or sent_to_log_in:
                wrong.append(f"{method} {rule.rule}: the link holder got {response.status_code}")
            continue
        expected_in = actor in LET_IN[access]
        if expected_in and refused:
            wrong.append(f"{method} {rule.rule}: {actor} was refused ({response.status_code})")
        if not expected_in and not refused:
            wrong.append(f"{method} {rule.rule}: {actor} was let in ({response.status_code})")
        if actor == "anonymous" and not expected_in and not sent_to_log_in:
            wrong.append(f"{method} {rule.rule}: anonymous got {response.status_code}, not the log-in page")
    assert not wrong, "\n".join(wrong)


def test_a_revoked_or_unknown_link_opens_nothing(app, client, world):
    for token in (world["revoked"], "not-a-token", "x" * 500):
        for rule, method in _routes(app):
            if ACCESS[rule.endpoint] != PARTY_LINK:
                continue
            response = _request(app, client, rule, method, {**world["values"], "token": token})
            assert response.status_code == 404, f"{method} {rule.rule} with a bad link: {response.status_code}"
