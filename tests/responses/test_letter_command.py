"""`flask letters split SLUG FILE --json`: the suggested points of a letter, nothing saved."""

import json

from sqlalchemy import func, select

from app.responses.models import Response
from tests.corpus import scoring
from tests.responses.letter_files import make_2019_hearing


def test_the_2019_letter_as_an_email_is_split_into_its_points(app, db):
    r = make_2019_hearing(db)
    result = app.test_cli_runner().invoke(
        args=["letters", "split", r.slug, str(scoring.CORPUS / "letter-2019.eml"), "--json"])
    assert result.exit_code == 0, result.output
    got = json.loads(result.output)
    assert (got["party"], got["sent_on"], got["signed_name"], got["signed_role"]) == (
        "Handicaprådet", "2019-06-03", "Ion Meyer", "Formand")
    points = got["points"]
    assert {p["kind"] for p in points} == {"point", "no_remarks", "not_a_remark"}
    [none] = [p for p in points if p["kind"] == "no_remarks"]
    assert (none["section_key"], none["number"], none["title"], none["first_words"]) == (
        "p100", "§ 100", "Merudgifter", "HR har ingen bemærkninger")
    sixty = next(p for p in points if p["first_words"].startswith("Handicaprådet mangler en begrundelse"))
    assert (sixty["section_key"], sixty["heading"], sixty["kind"]) == ("p84", "Aflastningsordning § 84. Stk. 1.",
                                                                      "point")
    assert points[-1] == {"section_key": None, "number": None, "title": None, "heading": None,
                          "first_words": "3. juni 2019", "kind": "not_a_remark", "quotes": []}
    assert db.session.scalar(select(func.count()).select_from(Response)) == 0, "nothing is saved"


def test_a_quotation_alone_is_a_quote_and_the_party_can_be_named(app, db):
    r = make_2019_hearing(db)
    result = app.test_cli_runner().invoke(
        args=["letters", "split", r.slug, str(scoring.CORPUS / "letter-quotation-2019.docx"), "--party",
              "Seniorrådet", "--json"])
    assert result.exit_code == 0, result.output
    got = json.loads(result.output)
    assert got["party"] == "Seniorrådet"
    kinds = [(p["kind"], p["section_key"]) for p in got["points"] if p["kind"] != "not_a_remark"]
    assert kinds == [("point", None), ("point", "p107"), ("no_remarks", "p97"), ("no_remarks", "p100")]
    [p107] = [p for p in got["points"] if p["section_key"] == "p107"]
    assert p107["quotes"] == ["»Voksenudredningsmetoden anvendes til systematisk afdækning af den enkeltes ressourcer, "
                              "funktionsniveau og behov"]


def test_a_wrong_hearing_party_or_file_is_said_plainly(app, db, tmp_path):
    r = make_2019_hearing(db)
    runner = app.test_cli_runner()
    letter = str(scoring.CORPUS / "letter-2019.docx")
    unknown = runner.invoke(args=["letters", "split", "findes-ikke", letter])
    assert unknown.exit_code != 0 and "Der er ingen høring med adressen 'findes-ikke'" in unknown.output
    stranger = runner.invoke(args=["letters", "split", r.slug, letter, "--party", "Ældrerådet"])
    assert stranger.exit_code != 0 and "'Ældrerådet' er ikke på høringslisten" in stranger.output
    (tmp_path / "brev.txt").write_text("hej")
    wrong = runner.invoke(args=["letters", "split", r.slug, str(tmp_path / "brev.txt")])
    assert wrong.exit_code != 0 and "er ikke en PDF-" in wrong.output
    scan = runner.invoke(args=["letters", "split", r.slug, str(scoring.CORPUS / "letter-2019-scan.pdf")])
    assert scan.exit_code != 0 and "har ingen tekst" in scan.output
    plain = runner.invoke(args=["letters", "split", r.slug, letter])
    assert plain.exit_code == 0 and "no_remarks" in plain.output and "§ 100" in plain.output
