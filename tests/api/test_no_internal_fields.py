"""The open-data API gives the memo as the public reads it, without the administration's working notes."""

import json
from datetime import UTC, datetime

from app.accounts.models import Role
from app.extensions import db
from app.hearings.models import HearingState
from app.memos import operations, publishing
from app.memos.operations import content_hash
from app.responses.models import ResponseState
from tests.factories import make_comment, make_hearing, make_organisation, make_response, make_user


def test_the_memo_in_the_api_has_no_gaps_nor_comment_or_reply_ids(app, client):
    """A memo finalised with a comment still unanswered: its gaps name the comment by id, for staff only."""
    hearing = make_hearing(state=HearingState.REPLYING, is_public=True)
    officer = make_user(Role.STAFF)
    hearing.officers = [officer]
    response = make_response(hearing, make_organisation("Handicaprådet"), state=ResponseState.SUBMITTED,
                             submitted_at=datetime.now(UTC))
    make_comment(response, hearing.current_version.sections[0], "Der mangler en rampe.")
    db.session.commit()
    with app.test_request_context():
        frozen = operations.finalise(hearing, officer, override_reason="Svaret kommer på mødet.")
        publishing.publish(hearing)
        db.session.commit()
    assert frozen.content["gaps"], "the frozen memo keeps its gaps for staff"

    data = client.get(f"/api/v1/hoeringer/{hearing.slug}").get_json()
    content = data["memo"]["content"]
    assert "gaps" not in content
    text = json.dumps(data)
    assert "comment_id" not in text and "reply_id" not in text and "no_reply" not in text
    assert "Der mangler en rampe." in text, "the comment itself is public, in the memo's sections"
    assert data["memo"]["sha256"] == content_hash(content), "the hash is of what is served"
    document = client.get("/api/v1/openapi.json").get_json()
    assert "gaps" not in document["components"]["schemas"]["MemoContent"]["properties"]
