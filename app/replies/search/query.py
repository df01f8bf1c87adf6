"""The query language of the search of comments and replies, and how it is said to each database.

The query language is the one people know from web search engines, read the
same way on both databases: words, "a phrase", -word or -"a phrase" to
exclude, and `or` between groups of words (as PostgreSQL's
websearch_to_tsquery reads it: `a b or c` is `(a and b) or c`). Everything else
is plain words: the query is taken apart here into words made of letters and
digits, and the database is only ever given an expression built from those
words, so quotes, brackets, `NEAR(`, `*`, SQL and control characters cannot
make it fail. A query is cut at MAX_QUERY_LENGTH characters and MAX_TERMS terms.

Stemming on SQLite: FTS5 has no Danish stemmer, so a bare word of three letters
or more has the common Danish endings taken off (the first step of the Snowball
Danish stemmer) and is searched as a prefix: "aflastningen" and "aflastning"
both search `aflastning*`, which finds aflastning, aflastningen and
aflastningsophold. That is a little more than PostgreSQL's Danish stemming
finds (compounds that begin with the word). Phrases match word for word.
"""

import re
from dataclasses import dataclass, field

MAX_QUERY_LENGTH = 500
MAX_TERMS = 32

# Control characters, bidi controls, and the two private-use characters that
# mark hits in snippets (see app.replies.search).
UNWANTED = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ue000\ue001]")
_TOKEN = re.compile(r'(?P<neg>-?)"(?P<phrase>[^"]*)"|(?P<neg2>-?)(?P<bare>[^\s"]+)')
_WORD = re.compile(r"[^\W_]+")
_BARE_PIECE = re.compile(r"[^\w-]|_")


@dataclass(frozen=True)
class Term:
    words: tuple[str, ...]
    negated: bool = False
    quoted: bool = False


@dataclass
class Query:
    """Clauses joined by OR; each clause is terms joined by AND (negated terms: AND NOT)."""

    clauses: list[list[Term]] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.clauses

    @property
    def positive_terms(self) -> list[Term]:
        return [t for clause in self.clauses for t in clause if not t.negated]

    def websearch(self, *, positive_only: bool = False) -> str:
        """The query as websearch_to_tsquery text, built from words only."""
        if positive_only:
            return " or ".join(_websearch_term(t) for t in self.positive_terms)
        return " or ".join(" ".join(_websearch_term(t) for t in clause) for clause in self.clauses)


def _websearch_term(term: Term) -> str:
    words = " ".join(term.words)
    quoted = f'"{words}"' if len(term.words) > 1 or term.quoted else words
    return f"-{quoted}" if term.negated else quoted


def parse_query(raw: str) -> Query:
    """Words, "phrases", -exclusions and `or`; anything else is read as plain words."""
    raw = raw.encode("utf-8", "replace").decode("utf-8")  # no lone surrogates
    raw = UNWANTED.sub(" ", raw[:MAX_QUERY_LENGTH])
    clauses: list[list[Term]] = [[]]
    count = 0
    for match in _TOKEN.finditer(raw):
        source = match["phrase"] if match["phrase"] is not None else match["bare"]
        negated = bool(match["neg"] or match["neg2"])
        if match["bare"] is not None and not negated and source.lower() == "or":
            clauses.append([])
            continue
        if match["phrase"] is not None:
            pieces = [(tuple(_WORD.findall(source)), True)]
        else:  # "e-mail" and "60-døgn" hold together; "NEAR(a" and "a,b" are two words
            pieces = [(tuple(_WORD.findall(piece)), False) for piece in _BARE_PIECE.split(source)]
        for words, quoted in pieces:
            if words and count < MAX_TERMS:
                clauses[-1].append(Term(words, negated, quoted))
                count += 1
    clauses = [c for c in clauses if c]
    # A clause of exclusions only means "everything but": kept when it is the whole query.
    if len(clauses) > 1:
        clauses = [c for c in clauses if any(not t.negated for t in c)]
    return Query(clauses)


_VOWELS = set("aeiouyæøå")
_SUFFIXES = sorted(
    (
        "hed", "ethed", "ered", "e", "erede", "ende", "erende", "ene", "erne", "ere", "en", "heden", "eren", "er",
        "heder", "erer", "heds", "es", "endes", "erendes", "enes", "ernes", "eres", "ens", "hedens", "erens", "ers",
        "ets", "erets", "et", "eret",
    ),
    key=len, reverse=True,
)
_S_ENDING = set("abcdfghjklmnoprtvyzå")


def danish_stem(word: str) -> str:
    """Step 1 of the Snowball Danish stemmer: the common inflectional endings, taken off in R1."""
    word = word.lower()
    r1 = next((i + 1 for i in range(1, len(word)) if word[i - 1] in _VOWELS and word[i] not in _VOWELS), len(word))
    r1 = max(r1, 3)
    region = word[r1:]
    for suffix in _SUFFIXES:
        if region.endswith(suffix):
            return word[: -len(suffix)]
    if region.endswith("s") and len(word) > 1 and word[-2] in _S_ENDING:
        return word[:-1]
    return word


def _fts5_term(term: Term) -> str:
    if len(term.words) > 1 or term.quoted:
        return '"' + " ".join(term.words) + '"'
    word = term.words[0]
    return f'"{danish_stem(word)}"*' if len(word) >= 3 else f'"{word}"'


def _fts5_clause(clause: list[Term]) -> str | None:
    positive = [_fts5_term(t) for t in clause if not t.negated]
    negative = [_fts5_term(t) for t in clause if t.negated]
    if not positive:
        return None
    expression = "(" + " AND ".join(positive) + ")"
    return f"{expression} NOT ({' OR '.join(negative)})" if negative else expression


def fts5_match(query: Query) -> str | None:
    """The FTS5 MATCH expression of the query, or None when it holds exclusions only."""
    clauses = [c for c in (_fts5_clause(clause) for clause in query.clauses) if c]
    return " OR ".join(clauses) if clauses else None


def fts5_excluded(query: Query) -> str:
    """For a query of exclusions only: what to leave out."""
    return " OR ".join(_fts5_term(t) for t in query.clauses[0])
