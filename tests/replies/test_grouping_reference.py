"""The grouping (app/replies/grouping.py) against a brute-force reference: the same clustering, with every
group a candidate for every text (no band keys, no bucket limits, no text left out), and the words read by
the pattern alone. The fast parts (band keys, leaving out texts that cannot group, splitting at spaces) only
decide what is compared and how it is read, so the groups must be the same."""

import random
import unicodedata

import pytest

from app.replies import grouping
from app.replies.grouping import group_near_duplicates
from bench.grouping import CONTENT_WORDS, generate_comments, sentence, signature


class _EveryGroup(grouping._Clusterer):
    def _index(self, group, keys, limit=None):
        """No index: `_best` looks at every group."""

    def _best(self, shingles, keys, exclude=-1):
        best, best_score = None, self.threshold
        for group, ref in enumerate(self.refs):
            if ref is None or group == exclude:
                continue
            score = grouping._jaccard(shingles, ref, len(ref))
            if score >= best_score and (best is None or score > best_score):
                best, best_score = group, score
        return best


def reference(items, threshold=0.8, shingle_size=3, min_words=10):
    by_text: dict[str, list[int]] = {}
    for item_id, text in sorted(items):
        found = grouping._WORD.findall(grouping._without_signature(unicodedata.normalize("NFKC", text).casefold()))
        if found:
            by_text.setdefault(" ".join(found), []).append(item_id)
    texts = list(by_text.items())
    clusterer, hashes = _EveryGroup(threshold), grouping._WordHashes()
    for index, (key, ids) in enumerate(texts):
        if len(key.split(" ")) >= min_words:
            clusterer.add(index, grouping._shingles(key.split(" "), shingle_size, hashes), len(ids))
    assignment = clusterer.assignment()
    groups: dict[tuple, list[int]] = {}
    for index, (_key, ids) in enumerate(texts):
        group = assignment.get(index)
        groups.setdefault(("group", group) if group is not None else ("text", index), []).extend(ids)
    return sorted((sorted(ids) for ids in groups.values() if len(ids) > 1), key=lambda ids: ids[0])


def typo(rng: random.Random, text: str) -> str:
    """Two letters swapped in a few words, as a hurried writer does."""
    tokens = text.split(" ")
    for _ in range(rng.randint(1, 4)):
        i = rng.randrange(len(tokens))
        word = tokens[i]
        if len(word) > 3:
            j = rng.randrange(len(word) - 1)
            tokens[i] = word[:j] + word[j + 1] + word[j] + word[j + 2:]
    return " ".join(tokens)


def reordered(rng: random.Random, text: str) -> str:
    """The same sentences, two of them moved."""
    sentences = [s for s in text.replace("!", ".").replace("?", ".").split(".") if s.strip()]
    if len(sentences) > 2:
        i, j = rng.sample(range(len(sentences)), 2)
        sentences[i], sentences[j] = sentences[j], sentences[i]
    return ". ".join(sentences) + "."


def mixed_set(seed: int, size: int = 500) -> list[tuple[int, str]]:
    """Campaign copies with small edits (bench/grouping.py), copies with typos, with sentences moved and with a
    personal paragraph (some just below the threshold), unrelated comments, dashes and "§"."""
    rng = random.Random(seed)
    texts = [text for _id, text, _label in generate_comments(size, seed=seed)]
    letters = [" ".join(sentence(rng) for _ in range(rng.randint(4, 12))) for _ in range(6)]
    for _ in range(size // 2):
        letter = rng.choice(letters)
        roll = rng.random()
        if roll < 0.3:
            texts.append(typo(rng, letter))
        elif roll < 0.55:
            texts.append(reordered(rng, letter))
        elif roll < 0.8:
            texts.append(letter + " " + " ".join(sentence(rng) for _ in range(rng.randint(0, 3))))
        else:
            texts.append(f"§ {rng.randint(1, 200)} – " + letter.replace(" og ", " – og ") + "\n\n" + signature(rng))
    texts += [" ".join(rng.choice(CONTENT_WORDS) for _ in range(rng.randint(1, 40))) for _ in range(size // 5)]
    rng.shuffle(texts)
    return list(enumerate(texts, start=1))


@pytest.mark.parametrize(("seed", "threshold"), [(3, 0.8), (4, 0.8), (5, 0.7), (6, 0.9)])
def test_the_groups_are_those_of_the_brute_force_reference(seed, threshold):
    items = mixed_set(seed)
    expected = reference(items, threshold=threshold)
    assert sum(len(ids) for ids in expected) > len(items) / 3  # many grouped, and many not
    assert group_near_duplicates(items, threshold=threshold) == expected


@pytest.mark.parametrize("text", [
    "ingen bemærkninger, tak!", "a_b c–d §3 x\u00a0y ½ ² ⅓ 'hej'", "åæø. ÅÆØ! ß __x_ 3,5 %", "\ud800z", "",
    "line\r\nbreak\ttab\u2028sep", "«citat» “citat” ‘c’ — 12-14 mm", "ﬁne ＡＢＣ１２",
])
def test_the_words_are_those_the_pattern_finds(text):
    assert grouping._tokens(text) == grouping._WORD.findall(text)
