"""The OpenAPI 3.1 document of the open-data API. Its schemas are JSON Schema, and the tests
check every answer of the API against them."""

from flask import current_app

_NULLABLE_STRING = {"type": ["string", "null"]}
_TIME = {"type": ["string", "null"], "format": "date-time"}

_COMMENT = {
    "type": "object", "required": ["sender", "text"],
    "properties": {"sender": {"type": "string"}, "text": {"type": "string"}, "heading": _NULLABLE_STRING,
                   "section_label": _NULLABLE_STRING},
}
_POINT = {
    "type": "object", "required": ["comments", "reply", "outcome", "approved"],
    "description": "One reply of the administration and the comments it answers.",
    "properties": {
        "comments": {"type": "array", "items": {"$ref": "#/components/schemas/Comment"}},
        "reply": _NULLABLE_STRING,
        "outcome": {"type": ["string", "null"],
                    "enum": ["accepted", "partly_accepted", "not_accepted", "noted", "out_of_scope", None]},
        "financial_consequence": {"type": "boolean"}, "financial_note": _NULLABLE_STRING,
        "approved": {"type": "boolean"},
        "in_general": {"type": ["string", "null"],
                       "description": "Answered in the general remarks: the opening words of that reply."},
        "party_names": {"type": "array", "items": {"type": "string"}, "description": "The parties who raised it."},
        "citizens": {"type": "integer", "description": "How many citizens raised it."},
        "campaigns": {"type": "array", "description": "Citizens' near-duplicate copies of one text: how many, "
                      "and one of them.", "items": {"type": "object", "required": ["count", "example"], "properties": {
                          "count": {"type": "integer"}, "example": {"$ref": "#/components/schemas/Comment"}}}},
        "more_citizens": {"type": "integer",
                          "description": "Citizens' comments not shown with the point (they are in the appendix)."},
        "comment_refs": {"type": "array", "items": {"type": "string", "pattern": "^[0-9]+:[0-9]+$"},
                         "description": "Every comment the point answers, shown or only counted, by its place in "
                                        "the appendix: \"3:2\" is the third response's second comment."},
    },
}
_MEETING = {
    "type": "object", "required": ["held_on", "body", "outcome", "decision_text", "votes", "absent"],
    "description": "One treatment of the case in a political body, as the minutes write it.",
    "properties": {
        "held_on": {"type": "string", "format": "date"}, "body": {"type": "string"},
        "outcome": {"enum": ["recommended", "approved", "noted", "postponed", "rejected", "referred"]},
        "decision_text": {"type": "string"},
        "votes": {"type": "array", "items": {
            "type": "object", "required": ["side", "count"],
            "properties": {"side": {"enum": ["for", "against", "abstaining"]},
                           "count": {"type": "integer", "minimum": 0},
                           "parties": {"type": "string", "description": "Party letters: \"C, F, V og O\"."},
                           "reason": {"type": "string"}}}},
        "absent": {"type": "array", "items": {"type": "string"}},
    },
}
_MEMO_CONTENT = {
    "type": "object", "additionalProperties": False,
    "required": ["hearing_title", "parties", "general", "sections", "changes", "appendix"],
    "properties": {
        "municipality": {"type": "string"}, "slug": {"type": "string"}, "hearing_title": {"type": "string"},
        "case_number": _NULLABLE_STRING, "committee": _NULLABLE_STRING, "summary": {"type": "string"},
        "opens_at": _TIME, "deadline_at": _TIME,
        "response_count": {"type": "integer"}, "citizen_count": {"type": "integer"},
        "parties": {"type": "array", "items": {
            "type": "object", "required": ["name", "status"],
            "properties": {"name": {"type": "string"},
                           "status": {"enum": ["answered", "no_remarks", "not_answered", "declined"]},
                           "responded_on": {"type": ["string", "null"], "format": "date"}}}},
        "general": {"type": "array", "items": {"$ref": "#/components/schemas/Point"}},
        "sections": {"type": "array", "items": {
            "type": "object", "required": ["keys", "label", "points"],
            "properties": {"keys": {"type": "array", "items": {"type": "string"}}, "label": {"type": "string"},
                           "pages": {"type": "array", "items": {"type": "integer"}},
                           "points": {"type": "array", "items": {"$ref": "#/components/schemas/Point"}}}}},
        "changes": {"type": "array", "items": {
            "type": "object", "required": ["key", "label", "marked_html"],
            "properties": {"key": {"type": "string"}, "label": {"type": "string"},
                           "marked_html": {"type": "string",
                                           "description": "Inserted words in <ins>, deleted in <del>."}}}},
        "meetings": {"type": "array", "description": "The case's path through the political bodies, in order.",
                     "items": {"$ref": "#/components/schemas/Meeting"}},
        "preferences": {"type": "array", "description": "On a hearing with alternatives: the tally of preferences, "
                        "one item per alternative, then those preferring none, then each variant proposed.",
                        "items": {"type": "object", "required": ["kind", "label", "senders", "responses", "parties"],
                                  "properties": {"kind": {"enum": ["alternative", "none", "variant"]},
                                                 "label": {"type": "string"},
                                                 "senders": {"type": "array", "items": {"type": "string"}},
                                                 "responses": {"type": "integer"}, "parties": {"type": "integer"},
                                                 "text": {"type": "string"},
                                                 "reasons": {"type": "array", "items": {"type": "string"}}}}},
        "is_final": {"type": "boolean", "description": "Frozen by finalising (a published memo always is)."},
        "round_note": {"type": "string", "description": "A second hearing round (genhøring) says so and names "
                                                        "the round before it; empty for a first round."},
        "appendix": {"type": "array", "description": "The responses in full.", "items": {
            "type": "object", "required": ["sender", "kind", "comments"],
            "properties": {"sender": {"type": "string"}, "kind": {"enum": ["party", "citizen", "letter"]},
                           "submitted_on": {"type": ["string", "null"], "format": "date"},
                           "no_remarks": {"type": "boolean"}, "signed": _NULLABLE_STRING,
                           "comments": {"type": "array", "items": {"$ref": "#/components/schemas/Comment"}}}}},
    },
}
_SUMMARY = {
    "type": "object", "required": ["slug", "title", "state", "url", "api_url"],
    "properties": {
        "slug": {"type": "string"}, "title": {"type": "string"}, "case_number": _NULLABLE_STRING,
        "committee": _NULLABLE_STRING,
        "state": {"enum": ["draft", "scheduled", "open", "closed", "replying", "memo", "sent", "decided"]},
        "opens_at": _TIME, "deadline_at": _TIME, "decided_on": {"type": ["string", "null"], "format": "date"},
        "decision": _NULLABLE_STRING, "url": {"type": "string", "format": "uri"},
        "api_url": {"type": "string", "format": "uri"},
        "datapackage_url": {"type": "string", "format": "uri",
                            "description": "The same as a Frictionless data package (CSV tables, ZIP)."},
    },
}
_HEARING = {
    "type": "object", "required": ["hearing", "draft", "memo"],
    "properties": {
        "hearing": {"$ref": "#/components/schemas/HearingSummary"},
        "draft": {"type": "object", "required": ["version", "sections"], "properties": {
            "version": {"type": "integer"},
            "sections": {"type": "array", "items": {
                "type": "object", "required": ["key", "heading", "body_html"],
                "properties": {"key": {"type": "string"}, "parent_key": _NULLABLE_STRING,
                               "number": _NULLABLE_STRING, "heading": {"type": "string"},
                               "page": {"type": ["integer", "null"]},
                               "body_html": {"type": "string", "description": "Sanitised HTML."}}}}}},
        "memo": {"type": "object", "required": ["version", "sha256", "content"], "properties": {
            "version": {"type": "integer", "minimum": 1},
            "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$",
                       "description": "SHA-256 of the content, as given here, as canonical JSON "
                                      "(sorted keys, no spaces, UTF-8)."},
            "finalised_at": {"type": "string", "format": "date-time"},
            "published_at": {"type": "string", "format": "date-time"},
            "content": {"$ref": "#/components/schemas/MemoContent"}}},
    },
}


def openapi_document() -> dict:
    municipality = current_app.config["MUNICIPALITY_NAME"]
    return {
        "openapi": "3.1.0",
        "info": {
            "title": f"Høringsrunde, {municipality}: åbne data",
            "version": "1",
            "description": "Read-only data about hearings whose memo (høringsnotat) is published: the hearing, "
                           "its draft, and the memo with every response, comment and reply.",
        },
        "paths": {
            "/api/v1/hoeringer": {"get": {
                "summary": "Hearings with a published memo", "operationId": "listHearings",
                "responses": {"200": {"description": "The hearings", "content": {"application/json": {"schema": {
                    "type": "object", "required": ["hearings"],
                    "properties": {"hearings": {"type": "array",
                                                "items": {"$ref": "#/components/schemas/HearingSummary"}}}}}}}}}},
            "/api/v1/hoeringer/{slug}": {"get": {
                "summary": "One hearing, its draft and its published memo", "operationId": "getHearing",
                "parameters": [{"name": "slug", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {
                    "200": {"description": "The hearing", "content": {"application/json": {
                        "schema": {"$ref": "#/components/schemas/Hearing"}}}},
                    "404": {"description": "No such hearing, or its memo is not published"}}}},
            "/api/v1/hoeringer/{slug}/datapakke.zip": {"get": {
                "summary": "One hearing as a Frictionless Tabular Data Package: datapackage.json and a CSV per "
                           "table (hearing, sections, parties, responses, replies, comments), zipped",
                "operationId": "getHearingDataPackage",
                "parameters": [{"name": "slug", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {
                    "200": {"description": "The data package", "content": {"application/zip": {
                        "schema": {"type": "string", "format": "binary"}}}},
                    "404": {"description": "No such hearing, or its memo is not published"}}}},
            "/api/v1/openapi.json": {"get": {
                "summary": "This document", "operationId": "getOpenApi",
                "responses": {"200": {"description": "The OpenAPI document",
                                      "content": {"application/json": {"schema": {"type": "object"}}}}}}},
        },
        "components": {"schemas": {
            "HearingSummary": _SUMMARY, "Hearing": _HEARING, "MemoContent": _MEMO_CONTENT,
            "Point": _POINT, "Comment": _COMMENT, "Meeting": _MEETING,
        }},
    }
