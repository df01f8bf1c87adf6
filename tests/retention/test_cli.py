"""`flask retention apply` on the command line, and on the demo data."""

from datetime import date

from sqlalchemy import func, select

from app.demo.load import SLUG
from app.demo.practice import PRACTICE_SLUG
from app.extensions import db
from app.hearings.models import Hearing, Invitation, PartyLink
from app.memos.models import Memo
from app.responses.models import Comment, Response
from app.retention.operations import ANONYMISED_NAME
from tests.retention.scenario import CITIZEN_EMAIL, CITIZEN_NAME, decide, dump, text_columns_containing
from tests.retention.scenario import make_expired_hearing as _expired


def _run(app, *args: str) -> str:
    result = app.test_cli_runner().invoke(args=["retention", "apply", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_the_command_removes_reports_and_then_has_nothing_to_do(app):
    expired = _expired()
    output = _run(app)
    slug = db.session.get(Hearing, expired.hearing_id).slug
    assert f"{slug} (slettedato passeret: 2022-01-15)" in output
    assert "borgeres navne og e-mailadresser erstattet: 1" in output
    assert "bilag markeret som personlige slettet: 1" in output
    assert "høringsnotater: 1" in output
    assert CITIZEN_NAME not in output and CITIZEN_EMAIL not in output
    assert text_columns_containing(CITIZEN_EMAIL) == []

    before = dump()
    again = _run(app)
    assert "Intet at gøre" in again and slug not in again
    assert dump() == before


def test_a_dry_run_reports_and_changes_nothing(app):
    expired = _expired()
    before = dump()
    output = _run(app, "--dry-run")
    assert output.startswith("Prøvekørsel (--dry-run): intet er ændret.")
    assert "borgeres navne og e-mailadresser erstattet: 1" in output
    assert dump() == before
    assert db.session.get(Hearing, expired.hearing_id).personal_data_removed_at is None
    assert "borgeres navne og e-mailadresser erstattet: 1" in _run(app), "the real run does what was reported"


def test_today_can_be_given(app):
    _expired()
    assert "Intet at gøre" in _run(app, "--today", "2022-01-15")
    assert "slettedato passeret: 2022-01-15" in _run(app, "--today", "2022-01-16")
    result = app.test_cli_runner().invoke(args=["retention", "apply", "--today", "15-01-2022"])
    assert result.exit_code != 0 and "Invalid value for '--today'" in result.output


def test_the_number_of_months_is_configured(app):
    _expired()
    app.config["RETENTION_MONTHS_AFTER_DECISION"] = 120
    assert "Intet at gøre" in _run(app)
    assert "(standard: 120 måneder" in _run(app)


def test_on_the_demo_data_the_decided_2019_round_loses_its_personal_data_and_keeps_its_memo(app, demo):
    hearing = demo
    decide(hearing, date(2019, 8, 20))
    memo = Memo(hearing=hearing, version=1, content={"introduction": "Høring i Handicaprådet."}, sha256="0" * 64)
    db.session.add(memo)
    db.session.commit()
    [letter] = db.session.scalars(select(Response).where(Response.hearing_id == hearing.id)).all()
    signer = letter.signed_name
    assert "responses.signed_name" in text_columns_containing(signer)
    comments = db.session.scalar(select(func.count(Comment.id)).where(Comment.response_id == letter.id))
    practice_links = db.session.scalar(
        select(func.count(PartyLink.id)).join(Invitation).join(Hearing).where(Hearing.slug == PRACTICE_SLUG)
    )
    assert practice_links > 0

    output = _run(app)
    assert f"{SLUG} (slettedato passeret: 2021-08-20)" in output
    assert "underskrivernes navne erstattet: 1" in output
    assert PRACTICE_SLUG not in output, "the practice hearing is open: not due"

    db.session.expire_all()
    assert db.session.get(Response, letter.id).signed_name == ANONYMISED_NAME
    # The chair is still in the register of parties, administered for itself; nowhere else.
    assert text_columns_containing(signer) == ["contact_persons.name"]
    assert db.session.scalar(select(func.count(Comment.id)).where(Comment.response_id == letter.id)) == comments
    assert db.session.get(Memo, memo.id).content == {"introduction": "Høring i Handicaprådet."}
    assert db.session.scalar(
        select(func.count(PartyLink.id)).join(Invitation).join(Hearing).where(Hearing.slug == PRACTICE_SLUG)
    ) == practice_links
    assert "Intet at gøre" in _run(app)
