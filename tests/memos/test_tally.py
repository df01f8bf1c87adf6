"""The memo of a hearing on alternatives opens its remarks with the tally of preferences, in the committee's
Danish and as a small table, in HTML, Word and PDF alike; a joint response is named with every party."""

import io
import shutil
import subprocess
from datetime import UTC, datetime, timedelta

import pytest
from docx import Document
from flask_babel import force_locale, get_locale

from app.hearings.alternatives.models import Alternative
from app.hearings.models import Invitation
from app.memos.compile import compile_memo
from app.memos.content import MemoPreference
from app.memos.exports import export
from app.memos.operations import content_hash
from app.memos.tally import tally_sentences
from app.responses.models import Comment, Cosignature, Preference, Response, ResponseKind, ResponseState
from tests.factories import make_hearing, make_organisation, make_response

SENTENCE = ("De fleste høringssvar (2 af 3) peger på Model 2, mens Nettet og Kirsten Marie (fælles høringssvar) "
            "har fremlagt et eget forslag, \u201dmodel 2½\u201d.")


@pytest.fixture
def round_2013(db):
    """Three models; two councils prefer model 2, the two institutions answer together with a model 2½,
    and Slotsvænget does not answer."""
    hearing = make_hearing(title="Helhedsplan for socialpsykiatrien", sections=3)
    hearing.alternatives = [Alternative(position=i, name=f"Model {i + 1}", section_key=f"s{i + 1}")
                            for i in range(3)]
    names = ["Handicaprådet", "Udsatterådet", "Nettet", "Kirsten Marie", "Slotsvænget"]
    parties = {name: make_organisation(name) for name in names}
    for organisation in parties.values():
        db.session.add(Invitation(hearing=hearing, organisation=organisation, invited_at=hearing.opens_at))
    db.session.flush()
    at = datetime.now(UTC) - timedelta(days=1)

    def answer(name, text, **preference):
        response = make_response(hearing, parties[name], state=ResponseState.SUBMITTED, submitted_at=at,
                                 **preference)
        db.session.add(Comment(response=response, text=text))
        return response

    for name in ("Handicaprådet", "Udsatterådet"):
        answer(name, f"{name} peger på model 2.", preference=Preference.ALTERNATIVE,
               alternative=hearing.alternatives[1], preference_reason="En samlet indsats.")
    joint = answer("Nettet", "Vi foreslår en model 2½.", preference=Preference.VARIANT, variant_name="model 2½",
                   variant_text="Nettet varetager § 104-tilbud, Kirsten Marie § 85.")
    # Registered from a letter both signed: accepted at once.
    joint.cosignatures = [Cosignature(organisation=parties["Kirsten Marie"], accepted_at=at)]
    db.session.commit()
    return hearing


def _text(app, hearing, file_format: str) -> bytes:
    with app.test_request_context():
        return export(compile_memo(hearing), file_format).content


def test_the_tally_counts_each_alternative_and_names_the_joint_response(app, round_2013):
    with app.test_request_context():
        memo = compile_memo(round_2013)
    assert [(p.kind, p.label, p.responses, p.parties, p.senders) for p in memo.preferences] == [
        ("alternative", "Model 1", 0, 0, []),
        ("alternative", "Model 2", 2, 2, ["Handicaprådet", "Udsatterådet"]),
        ("alternative", "Model 3", 0, 0, []),
        ("variant", "model 2½", 1, 2, ["Nettet og Kirsten Marie (fælles høringssvar)"]),
    ]
    answered = {party.name: party.status for party in memo.parties}
    assert answered == {"Handicaprådet": "answered", "Udsatterådet": "answered", "Nettet": "answered",
                        "Kirsten Marie": "answered", "Slotsvænget": "not_answered"}
    assert memo.appendix[-1].sender == "Nettet og Kirsten Marie (fælles høringssvar)"


def test_the_memo_in_html_opens_its_remarks_with_the_tally(app, round_2013):
    html = _text(app, round_2013, "html").decode()
    remarks = html[html.index("2. Generelle bemærkninger"):]
    assert remarks.index(SENTENCE) < remarks.index("Handicaprådet peger på model 2.")
    assert "<caption>Høringssvarenes valg</caption>" in html
    assert "Nettet og Kirsten Marie (fælles høringssvar)" in html


def test_the_word_file_holds_the_tally_and_its_table(app, round_2013):
    document = Document(io.BytesIO(_text(app, round_2013, "docx")))
    texts = [p.text for p in document.paragraphs]
    assert SENTENCE in texts
    assert texts.index(SENTENCE) > texts.index("2. Generelle bemærkninger")
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Alternativ")
    assert [[c.text for c in row.cells] for row in table.rows][1:] == [
        ["Model 1", "0", "Ingen"], ["Model 2", "2", "Handicaprådet, Udsatterådet"], ["Model 3", "0", "Ingen"],
        ["Eget forslag: model 2½", "1", "Nettet og Kirsten Marie (fælles høringssvar)"],
    ]
    assert "Handicaprådet: En samlet indsats." in texts


def test_the_pdf_holds_the_tally(app, round_2013, tmp_path):
    path = tmp_path / "memo.pdf"
    path.write_bytes(_text(app, round_2013, "pdf"))
    text = subprocess.run([shutil.which("pdftotext"), str(path), "-"],  # noqa: S603 (our own file)
                          capture_output=True, text=True, check=True).stdout
    assert " ".join(SENTENCE.split()) in " ".join(text.split())
    assert "Nettet og Kirsten Marie (fælles høringssvar)" in " ".join(text.split())


def test_the_memo_is_compiled_in_danish_for_a_reader_of_english_and_hashes_the_same(app, db, round_2013):
    citizen = Response(hearing=round_2013, kind=ResponseKind.CITIZEN, state=ResponseState.SUBMITTED,
                       submitted_at=datetime.now(UTC), citizen_email="borger@borger.example")
    db.session.add(citizen)
    db.session.add(Comment(response=citizen, text="Jeg bor tæt på værestedet."))
    db.session.commit()
    with app.test_request_context():
        danish = compile_memo(round_2013)
    with app.test_request_context(), force_locale("en"):  # as for one who chose English
        assert str(get_locale()) == "en"
        english = compile_memo(round_2013)
    senders = [response.sender for response in english.appendix]
    assert "Nettet og Kirsten Marie (fælles høringssvar)" in senders and "Borger 1" in senders
    assert content_hash(english.to_dict()) == content_hash(danish.to_dict())


def _row(kind, label, responses, senders=()):
    return MemoPreference(kind, label, list(senders), responses, responses)


@pytest.mark.parametrize(("rows", "sentences"), [
    ([_row("alternative", "model 1", 1, ["A"]), _row("alternative", "model 2", 1, ["B"])],
     ["Høringssvarene fordeler sig ligeligt mellem model 1 og model 2 (1 hver)."]),
    ([_row("alternative", "model 1", 1, ["A"])], ["Høringssvaret peger på model 1."]),
    ([_row("alternative", "model 1", 2, ["A", "B"])], ["Alle 2 høringssvar peger på model 1."]),
    ([_row("alternative", "model 1", 0), _row("variant", "", 1, ["A"])],
     ["Ingen høringssvar peger på nogen af alternativerne.", "A har fremlagt et eget forslag."]),
    ([_row("alternative", "model 1", 1, ["A"]), _row("none", "", 2, ["B", "C"])],
     ["1 af 3 høringssvar peger på model 1.", "B og C foretrækker ingen af alternativerne."]),
    ([_row("alternative", "model 1", 1, ["A"]), _row("none", "", 1, ["B"]), _row("variant", "", 1, ["C"])],
     ["1 af 3 høringssvar peger på model 1, mens C har fremlagt et eget forslag.",
      "B foretrækker ingen af alternativerne."]),
    ([_row("alternative", "model 1", 2, ["A", "B"]), _row("alternative", "model 2", 1, ["C"]),
      _row("none", "", 1, ["D"])],
     ["Flest høringssvar (2 af 4) peger på model 1.", "D foretrækker ingen af alternativerne."]),
    ([], []),
])
def test_the_sentence_follows_the_counts(app, rows, sentences):
    with app.test_request_context():
        assert tally_sentences(rows) == sentences
