"""Grouping of the same or nearly the same comments (app/replies/grouping.py)."""

import random

import pytest

from app.replies.grouping import group_near_duplicates, normalise, similarity
from bench.grouping import generate_comments, pair_scores

LETTER = (
    "Til Social- og Sundhedsudvalget.\n"
    "Vi er en gruppe pårørende til beboere på plejecentrene i Lyngby-Taarbæk Kommune, og vi er meget "
    "bekymrede for forslaget om at skære i den praktiske hjælp. Rengøring hver tredje uge er ikke nok "
    "til at sikre et værdigt liv i eget hjem, og mange ældre har ingen familie, der kan træde til. "
    "Vi opfordrer udvalget til at fastholde det nuværende serviceniveau og til at inddrage Seniorrådet, "
    "før der træffes en endelig beslutning om kvalitetsstandarden for praktisk hjælp efter § 83."
)
OTHER_ON_SUBJECT = (
    "Jeg har selv praktisk hjælp efter § 83 og synes, at forslaget om rengøring hver tredje uge kan "
    "fungere, hvis visitationen tager hensyn til den enkeltes helbred. Det vigtigste for mig er, at det "
    "er den samme hjælper, der kommer, og at kommunen giver besked i god tid, når tiden flyttes."
)


def groups_of(*texts: str, **options) -> list[list[int]]:
    return group_near_duplicates(enumerate(texts, start=1), **options)


def test_identical_texts_group_also_when_short():
    assert groups_of(LETTER, OTHER_ON_SUBJECT, LETTER, "Enig.", "enig", LETTER) == [[1, 3, 6], [4, 5]]


@pytest.mark.parametrize(
    "copy",
    [
        LETTER + "\n\nMed venlig hilsen\nHanne Sørensen\nKongevejen 12, 2800 Kgs. Lyngby",
        LETTER + " Mvh. Bent",
        LETTER.replace(",", "").replace(".", "!"),
        LETTER.upper(),
        LETTER.replace(" ", "\n").replace("\n", "\r\n  "),
        LETTER.replace("meget bekymrede", "dybt bekymrede"),
        "Kære udvalg. " + LETTER.replace("Vi opfordrer", "Jeg opfordrer"),
    ],
    ids=["signature", "short signature", "punctuation", "case", "line breaks", "word changed", "greeting"],
)
def test_a_copy_with_small_edits_groups(copy):
    assert groups_of(LETTER, copy) == [[1, 2]]


def test_a_different_comment_on_the_same_subject_does_not_group():
    assert similarity(LETTER, OTHER_ON_SUBJECT) < 0.1
    assert groups_of(LETTER, OTHER_ON_SUBJECT) == []


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Enig.", "Uenig."),
        ("Ingen bemærkninger.", "Ingen bemærkninger til punkt 3."),
        ("Jeg er enig i forslaget om kørselsordningen.", "Jeg er ikke enig i forslaget om kørselsordningen."),
    ],
)
def test_short_texts_group_only_when_identical(first, second):
    assert groups_of(first, second, first.upper() + "  ") == [[1, 3]]


def test_normalisation_folds_unicode_case_punctuation_and_signature():
    assert normalise("ÅSE  går\ttil  Ærø, Øster-by!") == "åse går til ærø øster by"
    assert normalise("A\u030ase og \u212bse") == "åse og åse"  # combining ring and ångström sign
    assert normalise("Enig i alt.\n\nVenlig hilsen\nBo Jensen\nbo@example.dk") == "enig i alt"
    assert normalise("Hilsen fra en bekymret borger: luk ikke plejehjemmet.") != ""
    assert groups_of("…", "!!", "") == []  # no words, nothing to group


def drift_chain(steps: int, *, seed: int = 7) -> list[str]:
    """Texts of 120 words, each with 2 more words replaced than the one before."""
    rng = random.Random(seed)
    words = [f"ord{rng.randrange(10**6)}" for _ in range(120)]
    positions = rng.sample(range(120), 2 * steps)
    texts = [" ".join(words)]
    for step in range(steps):
        for position in positions[2 * step : 2 * step + 2]:
            words[position] = f"ny{step}x{position}"
        texts.append(" ".join(words))
    return texts


@pytest.mark.parametrize("order", ["forward", "backward", "middle first", "shuffled"])
def test_a_chain_of_similar_texts_does_not_join_its_unrelated_ends(order):
    texts = drift_chain(14)
    assert all(similarity(a, b) >= 0.8 for a, b in zip(texts, texts[1:], strict=False))
    assert similarity(texts[0], texts[-1]) < 0.4
    ranks = list(range(len(texts)))
    if order == "backward":
        ranks.reverse()
    elif order == "middle first":
        ranks.sort(key=lambda i: abs(i - len(texts) // 2))
    elif order == "shuffled":
        random.Random(3).shuffle(ranks)
    ids = {text_index: 100 + rank for rank, text_index in enumerate(ranks)}  # processing order = id order
    groups = group_near_duplicates((ids[i], text) for i, text in enumerate(texts))
    text_of = {ids[i]: text for i, text in enumerate(texts)}
    for group in groups:
        assert not {ids[0], ids[len(texts) - 1]} <= set(group)
        assert all(similarity(text_of[a], text_of[b]) >= 0.6 for a in group for b in group)  # 2·0.8 − 1


def test_a_below_threshold_from_a_is_not_grouped_through_b():
    a, b, c = drift_chain(4)[::2]
    assert similarity(a, b) >= 0.8 and similarity(b, c) >= 0.8 and similarity(a, c) < 0.8
    assert groups_of(a, b, c) == [[1, 2]]


def test_groups_and_ids_come_back_in_order():
    items = [(40, LETTER), (7, OTHER_ON_SUBJECT), (12, "Enig."), (3, LETTER + " Hilsen Ole"), (25, "Enig"),
             (9, OTHER_ON_SUBJECT.lower())]
    random.Random(1).shuffle(items)
    assert group_near_duplicates(items) == [[3, 40], [7, 9], [12, 25]]


@pytest.mark.parametrize("threshold", [0.5, 0, 1.2])
def test_threshold_must_keep_groups_coherent(threshold):
    with pytest.raises(ValueError, match="threshold"):
        group_near_duplicates([(1, LETTER)], threshold=threshold)


def test_generated_campaigns_are_found():
    comments = generate_comments(1000, seed=11)
    groups = group_near_duplicates((i, text) for i, text, _label in comments)
    precision, recall = pair_scores(groups, {i: label for i, _text, label in comments})
    assert precision == 1.0
    assert recall >= 0.95
