"""The 2013 members' questions (#19 item 5), parsed from seed 000's table and stored on a hearing."""

from pathlib import Path

from app.committee.questions import exports
from app.committee.questions import operations as questions
from app.committee.questions.models import AnswerStatus
from app.demo.seed_2013_questions import load_2013_questions, parse_questions
from app.hearings.models import HearingState
from tests.factories import make_hearing

SEED = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "000_5fb5fb59a46b40c9.txt"
FIRST = ("I høringssvar fra Nettet skriver man, at der ikke kan bygges videre på eksisterende erfaringer i model "
         "2. Hvordan forestiller forvaltningen at man kan bygge videre på eksisterende erfaringer i model 2?")
LAST = ("Hvordan sikres det, at den nye lovgivning gennemføres – herunder en sagsbehandler per borger, "
        "ressourceforløb, etc.?")
MARKS = [f"{n})" for n in range(1, 17)] + [f"{letter})" for letter in "abcdefg"] + ["17)", "18)"]


def _parsed():
    return parse_questions(SEED.read_text(encoding="utf-8"))


def test_every_question_in_seed_order_with_its_asker_and_party():
    parsed = _parsed()
    assert len(parsed) == 25  # 18 numbered, and 16)'s points a) to g) as rows of their own
    assert [q.mark for q in parsed] == MARKS
    assert [q.asker for q in parsed[:5]] == ["Gitte Westermann (V)"] * 5
    assert {q.asker for q in parsed[5:]} == {"Hans Henrik Madsen (SF)"}
    assert (parsed[0].name, parsed[0].party) == ("Gitte Westermann", "V")
    assert parsed[0].text == FIRST
    assert parsed[-1].text == LAST


def test_the_answers_are_the_administrations_word_for_word():
    parsed = _parsed()
    assert parsed[0].answer.startswith("Kirsten Marie og Nettet har gennem en årrække løst en række opgaver "
                                       "vedrørende socialpsykiatrisk støtte til borgere i eget hjem,")
    assert parsed[0].answer.endswith("Det er dermed efter forvaltningens opfattelse heller ikke korrekt, at model 2 "
                                     "ikke giver mulighed for, at der bygges videre på de eksisterende erfaringer.")
    assert "- at der bliver forventningsafstemt i forhold til, hvad god kvalitet i indsatsen vil sige." \
        in parsed[0].answer.split("\n\n"), "a bullet the page break cut is whole again"
    assert parsed[-1].answer.endswith("ikke er samme målgruppe, der er omfattet af helhedsplanen og af de "
                                      "rehabiliterende teams.")


def test_page_breaks_and_line_wraps_leave_no_trace():
    parsed = _parsed()
    # Question 2 goes on after its answer's first part, past the page's stamp.
    assert parsed[1].text.endswith("som foreslået i model 2. Er det sådan at opgaveløsningen ALENE skal "
                                   "centraliseres, og dermed ikke komme de psykisk syge til gode?")
    assert parsed[1].answer.split("\n\n")[-1] == ("- Mulighed for en hurtigere regulering/tilpasning af indsatsen "
                                                  "ved ændrede behov hos borgeren end det er tilfældet i dag.")
    # 16 b)'s last words come after its answer in the extraction.
    assert parsed[17].text.endswith("gode erfaringer med aktivitets- og væresteder samt tilbud om støtte i eget hjem.")
    assert "samt tilbud om støtte" not in parsed[17].answer
    assert "forskellige sygdomme" in parsed[13].text and "funktionsbestemte paragraffer" in parsed[13].text
    assert "§ 85- og § 104-opgaver" in parsed[18].text
    everything = " ".join(q.text + " " + q.answer for q in parsed)
    for artefact in ("hjp", "Maskinskrevet", "Bilag til sag 2", "  "):
        assert artefact not in everything


def test_the_questions_are_stored_approved_on_a_hearing_and_load_once(app, db):
    hearing = make_hearing(HearingState.SENT, slug="helhedsplan-socialpsykiatri-2013",
                           title="Helhedsplan for socialpsykiatrien")
    stored = load_2013_questions(hearing, SEED)
    db.session.commit()
    assert len(stored) == 25
    assert load_2013_questions(hearing, SEED) == stored, "a second load adds nothing"
    kept = questions.questions(hearing)
    assert [q.number for q in kept] == list(range(1, 26))
    assert [q.mark for q in kept] == MARKS
    assert all(q.status is AnswerStatus.APPROVED and q.answer and q.approved_at for q in kept)
    assert kept[0].asker == "Gitte Westermann (V)" and kept[0].text == FIRST
    rows = exports.rows(kept)
    assert rows[-1].text == LAST and rows[-1].answer == kept[-1].answer
