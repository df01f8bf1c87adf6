"""The 2019 hearing round parsed from seed 001: what a reader of the demo data would notice."""

import ast
import datetime
import re
import shutil
from pathlib import Path

import pytest

from app.demo import seed_2019, seed_draft, seed_text
from app.demo.seed_2019 import OUTCOMES, SeedRound, SeedSection, load_round

SEED = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "001_1345e644b00922b9.txt"

STANDARD_NUMBERS = [
    "§ 84",
    "§ 82",
    "§ 85",
    "§ 96",
    "§ 97",
    "§ 100",
    "§ 102",
    "§ 103",
    "§ 104",
    "§ 107",
    "§ 108",
]


def _seed_path() -> Path:
    if not SEED.is_file():
        pytest.fail(f"The 2019 seed is missing: expected it at {SEED}")
    return SEED


@pytest.fixture(scope="module")
def seed_round() -> SeedRound:
    return load_round(_seed_path())


def _standard(seed_round: SeedRound, key: str) -> SeedSection:
    return next(s for s in seed_round.sections if s.key == key)


def _field(seed_round: SeedRound, key: str) -> SeedSection:
    return next(f for f in _standard(seed_round, key.split("-")[0]).children if f.key == key)


def _text(section: SeedSection) -> str:
    return " ".join(" ".join(p) if isinstance(p, tuple) else p for p in section.paragraphs)


def _walk(sections):
    for section in sections:
        yield section
        yield from _walk(section.children)


def _all_paragraph_texts(seed_round: SeedRound):
    for section in _walk(seed_round.sections):
        for paragraph in section.paragraphs:
            yield from paragraph if isinstance(paragraph, tuple) else [paragraph]


def _replies_to(seed_round: SeedRound, comment_index: int):
    return [r for r in seed_round.replies if comment_index in r.comment_indexes]


def _comment_index(seed_round: SeedRound, phrase: str) -> int:
    found = [i for i, c in enumerate(seed_round.comments) if phrase in c.text]
    assert len(found) == 1, f"{phrase!r} is in {len(found)} comments"
    return found[0]


# --- the draft ---------------------------------------------------------------


def test_foreword_comes_first(seed_round):
    foreword = seed_round.sections[0]
    assert (foreword.key, foreword.heading, foreword.number) == ("forord", "Forord", None)
    assert foreword.paragraphs[0].startswith("Vi præsenterer herved Lyngby-Taarbæks Kommunes")


def test_eleven_standards_in_draft_order(seed_round):
    standards = seed_round.sections[1:]
    assert [s.number for s in standards] == STANDARD_NUMBERS
    assert [s.key for s in standards] == [f"p{n.removeprefix('§ ')}" for n in STANDARD_NUMBERS]
    assert standards[0].heading == "Aflastningsordning"
    assert _standard(seed_round, "p85").heading == "Socialpædagogisk bistand"
    assert _standard(seed_round, "p108").heading == "Længerevarende botilbud"


def test_p84_has_its_fields_in_order(seed_round):
    fields = _standard(seed_round, "p84").children
    assert [f.heading for f in fields] == [
        "Lovgrundlag for ydelsen",
        "Målgruppe",
        "Ydelsens indhold",
        "Visitation",
        "Omfang/varighed",
        "Levering af ydelsen",
        "Opfølgning",
        "Andre bestemmelser der kan lignende",
        "Anvendelse",
        "Revision af standard",
    ]
    assert all(f.key.startswith("p84-") and f.number is None for f in fields)
    assert "60 døgn om året" in _text(_field(seed_round, "p84-omfang-varighed"))


def test_every_standard_has_its_core_fields_whatever_the_label_wording(seed_round):
    core = ["lovgrundlag", "maalgruppe", "ydelsens-indhold", "visitation", "omfang-varighed", "levering"]
    for standard in seed_round.sections[1:]:
        keys = [f.key.removeprefix(f"{standard.key}-") for f in standard.children]
        assert keys[: len(core)] == core, standard.key
        assert {"anvendelse", "revision"} <= set(keys), standard.key
        lovgrundlag = _text(standard.children[0]).replace("§105", "")
        assert re.search(rf"§\s*{standard.number.removeprefix('§ ')}\b", lovgrundlag), standard.key


def test_wrapped_labels_are_recognised(seed_round):
    assert _field(seed_round, "p85-visitation").heading == "Kriterier for tildeling af ydelsen"
    assert _field(seed_round, "p82-andre-bestemmelser").heading == "Andre bestemmelser der kan dække lign."
    assert _field(seed_round, "p82-revision").heading == "Revision af kvalitetsstandard"


def test_p85_keeps_its_appendices(seed_round):
    p85 = _standard(seed_round, "p85")
    assert [c.key for c in p85.children][-2:] == ["p85-bilag-1", "p85-bilag-2"]
    services = p85.children[-2].children
    assert len(services) == 10
    assert services[0].heading == "Træning i at varetage personlig hygiejne"
    assert services[0].paragraphs[0] == "Formål: At borger trænes i at varetage personlig hygiejne"
    table = next(p for p in p85.children[-1].paragraphs if isinstance(p, tuple))
    assert "Træning i at varetage personlig hygiejne (Egenomsorg): 5 – 35 min" in table


def test_bullets_become_lists(seed_round):
    maalgruppe = _field(seed_round, "p85-maalgruppe").paragraphs
    assert maalgruppe[2][:2] == ("Borgere med sindslidelser", "Borgere med personlighedsforstyrrelser")
    indhold = _field(seed_round, "p97-ydelsens-indhold").paragraphs
    assert indhold[1][0] == "indkøbsture"


def test_no_page_break_artefacts(seed_round):
    texts = list(_all_paragraph_texts(seed_round))
    assert texts
    for text in texts:
        assert "Lyngby- Taarbæk" not in text
        assert "  " not in text, text
        assert text == text.strip(), text
        assert not re.fullmatch(r"(https?://|mailto:)\S+", text), f"bare URL line kept: {text}"
        assert text != "En"
    p82 = _text(_standard(seed_round, "p82").children[2])
    assert p82.count("https://www.headspace.dk/Lyngby") == 1
    assert "raadgivning-og-stoette-til-voksne/kursustilbud" in p82
    assert "Lyngby-Taarbæk" in p82


def test_texts_have_no_stray_whitespace(seed_round):
    for text in [seed_round.summary, seed_round.background_note, seed_round.decision_text]:
        assert text
        assert "\n\n\n" not in text
        assert "  " not in text
    for item in [*seed_round.comments, *seed_round.replies]:
        assert item.text == item.text.strip()
        assert "\n\n\n" not in item.text
        assert all("  " not in p for p in item.text.split("\n\n"))


# --- pages ---------------------------------------------------------------------


def test_pages_follow_the_catalogue(seed_round):
    assert seed_round.sections[0].page == 3
    assert _standard(seed_round, "p84").page == 4
    pages = [s.page for s in seed_round.sections]
    assert pages == sorted(pages)
    for standard in seed_round.sections[1:]:
        assert all(standard.page <= child.page for child in standard.children), standard.key


@pytest.mark.parametrize(
    ("page_ref", "keys"),
    [
        ("s. 4", ["p84"]),
        ("s. 13", ["p85"]),
        ("s. 32", ["p97"]),
        ("s. 42", ["p102"]),
        ("s. 44 og 47", ["p103", "p104"]),
        ("s. 51", ["p107"]),
        ("s. 56", ["p108"]),
    ],
)
def test_page_refs_sit_on_the_right_standards(seed_round, page_ref, keys):
    (reply,) = [r for r in seed_round.replies if r.page_ref == page_ref]
    targets = [seed_round.comments[i].section_key.split("-")[0] for i in reply.comment_indexes]
    assert targets == keys
    standards = seed_round.sections[1:]
    for key, page in zip(keys, re.findall(r"\d+", page_ref), strict=True):
        position = [s.key for s in standards].index(key)
        last = standards[position + 1].page - 1 if position + 1 < len(standards) else 10**6
        assert standards[position].page <= int(page) <= last


def test_a_wrong_page_count_fails_loudly(monkeypatch):
    monkeypatch.setattr(seed_2019, "FOREWORD_PAGE", 2)
    with pytest.raises(ValueError, match="is not within"):
        load_round(_seed_path())


# --- the response and the replies -----------------------------------------------


def test_signed_by_the_chair(seed_round):
    assert seed_round.party_name == "Handicaprådet"
    assert seed_round.signed_name == "Ion Meyer"
    assert seed_round.signed_role == "Formand"
    assert seed_round.response_date == datetime.date(2019, 6, 3)


def test_every_comment_lands_on_an_existing_section(seed_round):
    keys = {s.key for s in _walk(seed_round.sections)}
    for comment in seed_round.comments:
        assert comment.section_key is None or comment.section_key in keys
        assert comment.text


def test_sixty_days_comment_is_on_p84_omfang_and_not_accepted(seed_round):
    index = _comment_index(seed_round, "60 døgn")
    comment = seed_round.comments[index]
    assert comment.section_key == "p84-omfang-varighed"
    assert comment.heading == "Aflastningsordning § 84. Stk. 1."
    (reply,) = _replies_to(seed_round, index)
    assert reply.outcome == "not_accepted"
    assert reply.financial_consequence
    assert reply.financial_note
    assert reply.page_ref == "s. 4"
    # The administration's summary of the point is cut off; its own words remain.
    assert reply.text.startswith("Forvaltningen gør opmærksom på")


def test_p103_and_p104_share_one_reply(seed_round):
    p103 = [i for i, c in enumerate(seed_round.comments) if c.section_key == "p103-omfang-varighed"]
    p104 = [i for i, c in enumerate(seed_round.comments) if c.section_key == "p104-omfang-varighed"]
    assert len(p103) == len(p104) == 1
    (reply,) = _replies_to(seed_round, p103[0])
    assert reply.comment_indexes == (p103[0], p104[0])
    assert reply.outcome == "not_accepted"
    assert reply.financial_consequence
    assert "5 dage" in seed_round.comments[p104[0]].text


def test_p97_reply_accepted_with_a_reference_to_sundhedsloven(seed_round):
    index = _comment_index(seed_round, "lægeordineret")
    assert seed_round.comments[index].section_key == "p97-ydelsens-indhold"
    (reply,) = _replies_to(seed_round, index)
    assert reply.outcome == "accepted"
    assert reply.draft_change.section_key == "p97-andre-bestemmelser"
    assert "sundhedsloven" in reply.draft_change.replace.lower()
    assert "sundhedsloven" not in reply.draft_change.find.lower()
    assert not reply.financial_consequence


def test_outcomes_of_the_standard_replies(seed_round):
    expected = {
        "p85-omfang-varighed": "not_accepted",
        "p102-omfang-varighed": "not_accepted",
        "p107-omfang-varighed": "not_accepted",
        "p108-levering": "partly_accepted",
    }
    for key, outcome in expected.items():
        (index,) = [i for i, c in enumerate(seed_round.comments) if c.section_key == key]
        (reply,) = _replies_to(seed_round, index)
        assert reply.outcome == outcome, key


def test_general_remarks_and_their_three_replies(seed_round):
    general = [i for i, c in enumerate(seed_round.comments) if c.section_key is None]
    assert len(general) >= 3
    replies = [r for r in seed_round.replies if all(i in general for i in r.comment_indexes)]
    assert [r.outcome for r in replies] == ["accepted", "partly_accepted", "not_accepted"]
    assert all(r.page_ref is None for r in replies)
    headings = {seed_round.comments[i].heading for i in general}
    assert "Kompensationsprincippet" in headings
    compensation = replies[1]
    assert "forordet" in compensation.text
    assert compensation.draft_change.section_key == "forord"
    assert "kompensationsprincippet" in compensation.draft_change.replace


def test_comments_without_a_reply_are_kept(seed_round):
    answered = {i for r in seed_round.replies for i in r.comment_indexes}
    unanswered = [c.section_key for i, c in enumerate(seed_round.comments) if i not in answered]
    standards = [key.split("-")[0] for key in unanswered if key]
    assert standards.count("p82") == 2
    assert standards.count("p96") == 2
    assert "p102-opfoelgning" in unanswered
    assert "p107-visitation" in unanswered
    assert None in unanswered


def test_100s_ingen_bemaerkninger_is_a_no_remarks_point_on_100_in_the_letters_order(seed_round):
    no_remarks = [(i, c) for i, c in enumerate(seed_round.comments) if c.no_remarks]
    assert [(c.section_key, c.heading, c.text) for _i, c in no_remarks] == [
        ("p100", "Merudgifter § 100", "HR har ingen bemærkninger")]
    at = no_remarks[0][0]
    keys = [c.section_key for c in seed_round.comments]
    assert keys[at - 1].startswith("p97") and keys[at + 1].startswith("p102")  # where the letter has it
    assert not [c for c in seed_round.comments if "ingen bemærkninger" in c.text and not c.no_remarks]
    assert not [r for r in seed_round.replies if at in r.comment_indexes], "it needs no reply"


def test_an_ingen_bemaerkninger_under_a_heading_that_names_no_standard_fails_loudly(seed_round):
    letter = "Generelle bemærkninger\n\nHR har ingen bemærkninger"
    with pytest.raises(ValueError, match="names no standard"):
        seed_2019._no_remarks(letter, seed_round.sections)


def test_replies_are_well_formed(seed_round):
    answered = [i for r in seed_round.replies for i in r.comment_indexes]
    assert len(answered) == len(set(answered)), "a comment is answered twice"
    assert all(0 <= i < len(seed_round.comments) for i in answered)
    for reply in seed_round.replies:
        assert reply.outcome in OUTCOMES
        assert reply.financial_consequence == (reply.financial_note is not None)
        assert not reply.text.startswith(("s. ", "Rådet")), reply.text[:40]


# --- the committee case -------------------------------------------------------


def test_committee_case(seed_round):
    assert seed_round.title == "Kvalitetsstandarder på det specialiserede voksenområde"
    assert seed_round.committee == "Social- og Sundhedsudvalget"
    assert seed_round.decision_date == datetime.date(2019, 6, 11)
    assert seed_round.decision_text.startswith("Ad 1) (C), (A) og (V) foreslog")
    assert seed_round.summary.startswith("Forvaltningen fremlægger herved et katalog")
    assert "§ 84: Vedrører aflastning" in seed_round.background_note


# --- failing loudly ------------------------------------------------------------


def test_a_missing_anchor_names_the_anchor(tmp_path):
    changed = tmp_path / "seed.txt"
    shutil.copy(_seed_path(), changed)
    text = changed.read_text(encoding="utf-8")
    changed.write_text(text.replace("ikke støtte forslaget.", "ikke støtte det."), encoding="utf-8")
    with pytest.raises(ValueError, match="ikke støtte forslaget"):
        load_round(changed)


def test_the_parser_needs_only_the_standard_library():
    # The parser is seed_2019 and the modules it is split into.
    for module in (seed_2019, seed_draft, seed_text):
        tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
        imported = {
            (node.module if isinstance(node, ast.ImportFrom) else alias.name).split(".")[0]
            for node in ast.walk(tree)
            if isinstance(node, ast.Import | ast.ImportFrom)
            for alias in node.names
        }
        assert imported <= {"__future__", "datetime", "re", "dataclasses", "pathlib", "app"}, module.__name__
