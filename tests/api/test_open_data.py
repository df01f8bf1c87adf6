"""The open-data API answers what its OpenAPI document says, for published hearings only."""

import json
import re

import jsonschema
from openapi_spec_validator import validate

from app.memos.operations import content_hash
from tests.memos.publication import NAMED, UNNAMED, finalised_hearing


def _schema(document: dict, name: str) -> dict:
    """A component schema with the document's components beside it, so $refs resolve."""
    return {**document["components"]["schemas"][name], "components": document["components"]}


def test_the_openapi_document_is_valid_and_covers_every_api_route(app, client):
    document = client.get("/api/v1/openapi.json").get_json()
    validate(document)
    routes = {re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule) for rule in app.url_map.iter_rules()
              if rule.rule.startswith("/api/")}
    assert routes == set(document["paths"])


def test_a_published_hearing_is_listed_and_answers_to_its_schema(app, client):
    hearing, _officer = finalised_hearing(app, publish=True)
    document = client.get("/api/v1/openapi.json").get_json()
    listing = client.get("/api/v1/hoeringer")
    assert listing.headers["Access-Control-Allow-Origin"] == "*"
    assert [h["slug"] for h in listing.get_json()["hearings"]] == [hearing.slug]
    answer = client.get(f"/api/v1/hoeringer/{hearing.slug}")
    data = answer.get_json()
    jsonschema.validate(data, _schema(document, "Hearing"))
    assert data["memo"]["sha256"] == content_hash(data["memo"]["content"])  # anyone can check the hash
    text = json.dumps(data, ensure_ascii=False)
    assert NAMED[0] in text and UNNAMED[0] not in text
    assert NAMED[1] not in text and UNNAMED[1] not in text  # contact data never


def test_an_unpublished_hearing_is_not_there(app, client):
    hearing, _officer = finalised_hearing(app, publish=False)
    assert client.get("/api/v1/hoeringer").get_json() == {"hearings": []}
    assert client.get(f"/api/v1/hoeringer/{hearing.slug}").status_code == 404
    assert client.get("/api/v1/hoeringer/findes-ikke").status_code == 404


def test_api_answers_with_an_index_of_where_the_data_is(client):
    """Issue #18: /api was an HTML 404; now a small JSON index, cached and open like the rest of the API."""
    answer = client.get("/api")
    assert answer.status_code == 200
    assert answer.mimetype == "application/json"
    assert answer.headers["Cache-Control"] == client.get("/api/v1/hoeringer").headers["Cache-Control"]
    assert answer.headers["Access-Control-Allow-Origin"] == "*"
    links = answer.get_json()["links"]
    assert links == {"hearings": "http://localhost/api/v1/hoeringer", "openapi": "http://localhost/api/v1/openapi.json"}
    assert all(client.get(link).status_code == 200 for link in links.values())


def test_the_footer_of_every_page_links_to_the_open_data(client):
    page = client.get("/").get_data(as_text=True)
    footer = page.split("<footer", 1)[1]
    assert '<a class="function-link" href="/api">Åbne data (API)</a>' in footer
