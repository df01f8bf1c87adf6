"""Group comments that are the same or nearly the same text (campaign letters).

When hundreds of citizens send the same letter with small edits (a name and
address added, a word changed, other line breaks or punctuation), staff answer
the group with one reply. Pure Python: no database, no Flask, no numpy.

The API::

    group_near_duplicates([(id, text), ...], threshold=0.8) -> [[id, id, ...], ...]
    similarity(text_a, text_b) -> float     # the measure, for display and tests
    normalise(text) -> str                  # the text as compared

How it works, and why:

1. **Normalisation** (:func:`words`): Unicode NFKC (so "Å" written as A + ring
   or as the ångström sign is one letter), case-folding, then only the words
   (letters and digits, æøå kept) are kept: punctuation, line breaks and runs
   of spaces make no difference. A closing formula ("Med venlig hilsen",
   "Hilsen", "Mvh.") that starts a line or follows a sentence, and the
   signature after it (at most 30 words: name, title, address), are dropped,
   since the signer's name is the commonest edit in a campaign. Texts that
   are equal after this are exact duplicates and always form a group,
   however short.
2. **Measure**: Jaccard similarity of the sets of word 3-shingles (three
   consecutive words), the classic near-duplicate measure (Broder 1997). It
   is order-aware, unlike a bag of words, so two different comments on the
   same subject with the same vocabulary score near 0, while a copy with a
   signature added or a word changed keeps most of its shingles. Very short
   texts (fewer than ``min_words`` words, default 10) have too few shingles
   for the measure to mean anything ("Enig." / "Uenig."): they group only
   when identical after normalisation.
3. **Candidates**: a MinHash signature per text, computed in C-speed builtins
   by one-permutation hashing (16 bins of the shingle hashes, the minimum of
   each; empty bins filled by rotation, Shrivastava & Li 2014), cut into
   8 bands of 2 rows (LSH). Two texts with Jaccard 0.8 share a band with
   probability 1 - (1 - 0.8²)^8 > 0.999, at 0.6 still 0.97; unrelated texts
   rarely do. Candidates are then **verified exactly**, so nothing is grouped
   below the threshold; LSH only decides what gets compared. In crowded
   buckets (many texts alike but below the threshold) at most 32 single
   texts are kept per band key and the 16 candidates sharing most bands are
   compared, so the work stays linear. Before that, where every shingle can be
   held at once (a memo's point, a section: up to 2 million characters), a
   text with fewer than ``threshold`` of its shingles in any other text is
   left out, as it can join no group and be joined by none (:func:`_may_group`):
   most comments of a national hearing, which then cost only their words.
4. **Groups without chaining**: groups are not the transitive closure of
   similar pairs (A~B, B~C would merge unrelated A and C). Each group has a
   *reference*: its first text, and from three members on the shingles that
   more than half of its members share (the campaign's common letter, which
   the copies resemble more than they resemble each other). A text joins the
   group whose reference it is most similar to, if at least ``threshold``;
   otherwise it starts a group. When a reference is updated and becomes as
   similar as ``threshold`` to another group's reference, the two groups merge
   (a campaign whose first two copies were too different). At the end every
   member of a group whose reference changed is checked again against the
   final reference and moved to the best one (or left alone).

   So every member of a group has Jaccard ≥ ``threshold`` with the group's
   reference, and since Jaccard distance is a metric, any two members have
   Jaccard ≥ 2·threshold − 1 (0.6 at the default 0.8) with each other; hence
   the threshold must be above 0.5. A drift A~B~C~…~Z never puts A and Z
   together unless they are that similar.

The work is linear in the number of texts apart from the comparisons with
candidate references, which are few: 50,000 comments (11 million words) take
about 10 s and 220 MiB on one core (``bench/grouping.py``, ``bench/RESULTS.md``). The result is deterministic:
word hashes are BLAKE2b, not Python's per-process salted ``hash(str)``.
"""

import hashlib
import operator
import re
import unicodedata
from array import array
from collections import Counter
from collections.abc import Iterable
from itertools import chain, repeat

__all__ = ["group_near_duplicates", "normalise", "similarity", "words"]

_WORD = re.compile(r"[^\W_]+")  # letters and digits (æ, ø, å included), no underscore
_BINS = 16
_BANDS = 8
_ROWS = _BINS // _BANDS
# A band key shared by this many single texts takes no more of them: texts that
# all resemble each other but stay below the threshold (a letter with a
# personal paragraph) would otherwise each be compared with all the others.
_BUCKET_LIMIT = 32
_VERIFY_LIMIT = 16  # of many candidates, only those sharing the most band keys are compared
# Texts of up to this many characters in all are sifted first (_may_group): every shingle is held at once then
# (a memo's point or a section: at most some 100,000), where a whole national hearing streams through.
_SIFTED_CHARACTERS = 2_000_000


# A closing formula ("Med venlig hilsen", "Mvh.") at the start of a line or after a sentence.
_CLOSING = re.compile(
    r"(?:^|(?<=[.!?])[ \t]+)[ \t]*(?:(?:med\s+)?(?:(?:venlig(?:st|e)?|kærlig(?:e)?|mange|(?:de\s+)?bedste)\s+)?"
    r"(?:hilsen|hilsner)|mvh|vh|kh)\b",
    re.MULTILINE,
)
_SIGNATURE_WORDS = 30  # at most this many words (name, title, address, phone) after the closing


def _without_signature(text: str) -> str:
    """``text`` up to its closing formula, if only a short signature follows it."""
    # Only the end can hold it; with a start position, ^ still means a real line start.
    start = max(0, len(text) - 40 * _SIGNATURE_WORDS)
    if not any(text.find(hint, start) >= 0 for hint in ("hils", "vh", "kh")):
        return text  # the usual case, without running the pattern
    for match in _CLOSING.finditer(text, start):
        if len(_WORD.findall(text, match.end())) <= _SIGNATURE_WORDS:
            body = text[: match.start()]
            return body if _WORD.search(body) else text
    return text


# ASCII punctuation, spaces and "_" as a space; other bytes (digits, letters, UTF-8's bytes of æ, ø, å) as is.
_ASCII_GAPS = bytes(byte if byte >= 128 or chr(byte).isalnum() else 32 for byte in range(256))


def _tokens(text: str) -> list[str]:
    """``_WORD.findall(text)``, a third faster: with ASCII punctuation as spaces, the text split at spaces gives
    the same words, unless a piece holds another character that is no letter or digit ("–", "§"), as few
    comments do; those are read by the pattern."""
    spaced = text.encode("utf-8", "surrogatepass").translate(_ASCII_GAPS).decode("utf-8", "surrogatepass")
    pieces = spaced.split()
    return pieces if all(map(str.isalnum, pieces)) else _WORD.findall(text)


def words(text: str) -> list[str]:
    """The words of ``text`` as compared: NFKC, case-folded, punctuation and signature dropped."""
    return _tokens(_without_signature(unicodedata.normalize("NFKC", text).casefold()))


def normalise(text: str) -> str:
    """The text as compared, e.g. ``"Ingen  bemærkninger,\\nTAK!"`` -> ``"ingen bemærkninger tak"``."""
    return " ".join(words(text))


class _WordHashes(dict):
    """word -> 64-bit BLAKE2b hash, computed once per distinct word."""

    def __missing__(self, word: str) -> int:
        value = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "big")
        if len(self) >= _WORDS_KEPT:  # a bound on memory; the hashes are made again as needed
            self.clear()
        self[word] = value
        return value


_WORDS_KEPT = 100_000
# Shared by every call: the memo groups a hearing's 1,600 points one by one, in the same vocabulary.
_WORD_HASHES = _WordHashes()


def _shingles(tokens: list[str], size: int, hashes: _WordHashes) -> set[int]:
    """Hashes of the word ``size``-shingles (a shorter text is one shingle)."""
    nums = list(map(hashes.__getitem__, tokens))
    if len(nums) <= size:
        return {hash(tuple(nums))}
    return set(map(hash, zip(*(nums[i:] for i in range(size)), strict=False)))


def _jaccard(a: set[int], b: Iterable[int], len_b: int) -> float:
    common = len(a.intersection(b))
    return common / (len(a) + len_b - common)


def similarity(text_a: str, text_b: str, *, shingle_size: int = 3) -> float:
    """Jaccard similarity (0 to 1) of the two texts' word shingles, after normalisation."""
    hashes = _WordHashes()
    a = _shingles(words(text_a), shingle_size, hashes)
    b = _shingles(words(text_b), shingle_size, hashes)
    return _jaccard(a, b, len(b))


def _band_keys(shingles: Iterable[int]) -> list[int]:
    """LSH keys: a one-permutation MinHash of ``shingles``, cut into bands."""
    ordered = sorted(shingles, reverse=True)
    # dict() keeps the last value per bin, which is the smallest.
    minima = dict(zip(map(operator.mod, ordered, repeat(_BINS)), ordered, strict=True))
    row: list = list(map(minima.get, range(_BINS)))
    if len(minima) < _BINS:  # densify: an empty bin borrows from the next filled one
        for i in range(_BINS):
            if row[i] is None:
                step = next(s for s in range(1, _BINS) if (i + s) % _BINS in minima)
                row[i] = hash((minima[(i + step) % _BINS], step))
    # hash((band, row[2·band], row[2·band + 1])) for each band
    return list(map(hash, zip(range(_BANDS), *(row[r::_ROWS] for r in range(_ROWS)), strict=True)))


class _Clusterer:
    """Groups distinct texts around references; see the module docstring."""

    def __init__(self, threshold: float) -> None:
        self.threshold = threshold
        self.index: dict[int, list[int]] = {}  # band key -> groups whose reference has it
        self.refs: list[array | None] = []  # reference shingles per group (None: merged away)
        self.keys: list[list[int]] = []  # band keys under which the reference is indexed
        self.members: list[list[tuple[int, array, int]]] = []  # (text index, shingles, weight)
        self.weights: list[int] = []  # number of comments in the group
        self.counts: list[Counter | None] = []  # weighted shingle counts, from the 2nd member on
        self.next_update: list[int] = []  # weight at which the reference is recomputed
        self.updated: set[int] = set()  # groups whose reference is no longer the first text

    def add(self, text: int, shingles: set[int], weight: int) -> None:
        keys = _band_keys(shingles)
        stored = array("q", shingles)
        group = self._best(shingles, keys)
        if group is None:
            group = len(self.refs)
            self.refs.append(stored)
            self.keys.append([])
            self._index(group, keys, limit=_BUCKET_LIMIT)
            self.members.append([(text, stored, weight)])
            self.weights.append(weight)
            self.counts.append(None)
            self.next_update.append(3)
            return
        self.members[group].append((text, stored, weight))
        self.weights[group] += weight
        self._count(group, stored, weight)
        if self.weights[group] >= self.next_update[group]:
            self._update(group)

    def assignment(self) -> dict[int, int]:
        """text index -> group, after checking members of updated groups again."""
        result: dict[int, int] = {}
        for group, members in enumerate(self.members):
            if self.refs[group] is None:
                continue
            for text, stored, _weight in members:
                if group not in self.updated:
                    result[text] = group  # verified against this very reference when it joined
                    continue
                shingles = set(stored)
                best = self._best(shingles, _band_keys(shingles))
                if best is not None:
                    result[text] = best
        return result

    def _best(self, shingles: set[int], keys: list[int], exclude: int = -1) -> int | None:
        """The group whose reference is most similar to ``shingles``, if ≥ threshold."""
        hits = Counter(chain.from_iterable(self.index.get(key, ()) for key in keys))
        hits.pop(exclude, None)
        if len(hits) > _VERIFY_LIMIT:  # shared bands estimate the similarity
            hits = dict(hits.most_common(_VERIFY_LIMIT))
        best, best_score, size = None, self.threshold, len(shingles)
        for group in sorted(hits):
            ref = self.refs[group]
            if min(size, len(ref)) < best_score * max(size, len(ref)):
                continue  # Jaccard ≤ min/max of the sizes
            score = _jaccard(shingles, ref, len(ref))
            if score >= best_score and (best is None or score > best_score):
                best, best_score = group, score
        return best

    def _index(self, group: int, keys: list[int], limit: int | None = None) -> None:
        """Index the group's reference under ``keys`` (groups always, single texts up to ``limit``)."""
        for key in self.keys[group]:
            bucket = self.index[key]
            bucket.remove(group)
            if not bucket:
                del self.index[key]
        indexed = []
        for key in keys:
            bucket = self.index.setdefault(key, [])
            if limit is None or len(bucket) < limit:
                bucket.append(group)
                indexed.append(key)
        self.keys[group] = indexed

    def _count(self, group: int, stored: array, weight: int) -> None:
        counts = self.counts[group]
        if counts is None:  # second member: start counting, the first one included
            counts = self.counts[group] = Counter()
            _text, first, first_weight = self.members[group][0]
            self._count(group, first, first_weight)
        if weight == 1:
            counts.update(stored)
        else:
            for shingle in stored:
                counts[shingle] += weight

    def _update(self, group: int) -> None:
        """Make the reference the majority's shingles; merge with a group it now resembles."""
        while True:
            weight = self.weights[group]
            self.next_update[group] = 2 * weight
            majority = {s for s, n in self.counts[group].items() if 2 * n > weight}
            if not majority:
                return
            self.refs[group] = array("q", majority)
            self.updated.add(group)
            keys = _band_keys(majority)
            self._index(group, keys)
            other = self._best(majority, keys, exclude=group)
            if other is None:
                return
            group = self._merge(min(group, other), max(group, other))

    def _merge(self, keep: int, gone: int) -> int:
        for text, stored, weight in self.members[gone]:
            self.members[keep].append((text, stored, weight))
            self.weights[keep] += weight
            self._count(keep, stored, weight)
        self._index(gone, [])
        self.refs[gone] = None
        self.members[gone] = []
        return keep


def group_near_duplicates(
    items: Iterable[tuple[int, str]],
    *,
    threshold: float = 0.8,
    shingle_size: int = 3,
    min_words: int = 10,
) -> list[list[int]]:
    """Group the ids of texts that are the same or nearly the same.

    ``items`` are ``(id, text)`` pairs with distinct ids. Returns the groups of
    two or more ids, each sorted, the groups ordered by their first id; a text
    in no group is left out, and so is a text with no words at all. Texts equal
    after :func:`normalise` are always grouped; texts of at least ``min_words``
    words are grouped when the Jaccard similarity of their word
    ``shingle_size``-shingles with the group's reference is at least
    ``threshold`` (see the module docstring).
    """
    if not 0.5 < threshold <= 1:  # at 0.5 or below, 2·threshold − 1 bounds nothing
        raise ValueError("threshold must be above 0.5 and at most 1")
    if shingle_size < 1 or min_words < shingle_size:
        raise ValueError("need 1 <= shingle_size <= min_words")
    by_text: dict[str, list[int]] = {}  # normalised text -> ids, in order of first id
    for item_id, text in sorted(items, key=operator.itemgetter(0)):
        key = normalise(text)
        if key:
            by_text.setdefault(key, []).append(item_id)

    texts = list(by_text.items())
    shingled: Iterable[tuple[int, set[int], int]] = (
        (index, _shingles(key.split(" "), shingle_size, _WORD_HASHES), len(ids))
        for index, (key, ids) in enumerate(texts) if key.count(" ") + 1 >= min_words)
    if sum(map(len, by_text)) <= _SIFTED_CHARACTERS:
        shingled = _may_group(list(shingled), threshold)
    clusterer = _Clusterer(threshold)
    for index, shingles, weight in shingled:
        clusterer.add(index, shingles, weight)
    assignment = clusterer.assignment()

    groups: dict[tuple[str, int], list[int]] = {}
    for index, (_key, ids) in enumerate(texts):
        group = assignment.get(index)
        groups.setdefault(("group", group) if group is not None else ("text", index), []).extend(ids)
    return sorted((sorted(ids) for ids in groups.values() if len(ids) > 1), key=operator.itemgetter(0))


def _may_group(shingled: list[tuple[int, set[int], int]], threshold: float) -> list[tuple[int, set[int], int]]:
    """The texts that can be grouped with another: those with at least ``threshold`` of their shingles in
    some other text. A text joins a group, or is joined, only when its Jaccard similarity with a reference
    made of the other texts' shingles is ≥ ``threshold``, which needs that many of its own shingles there;
    so leaving the others out (in a national hearing most comments are no copy) puts none in another group.
    It also frees the places they held in crowded band buckets (_BUCKET_LIMIT, _VERIFY_LIMIT), which can only
    let a real candidate be compared (tests/replies/test_grouping_reference.py)."""
    seen: set[int] = set()
    shared: set[int] = set()
    for _index, shingles, _weight in shingled:
        shared |= seen & shingles
        seen |= shingles
    return [item for item in shingled if len(item[1] & shared) / len(item[1]) >= threshold]
