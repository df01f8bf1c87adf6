"""Editorial table for the 2019 round: how the letter and the replies split into points.

Where one point of Handicaprådet's letter starts and ends, which section of the
draft it concerns, which reply of the administration answers it and with what
outcome: that is judgement, not parsing, so it is written down here and the
text itself is cut from the seed between the anchors (see `seed_2019`).

Anchors are matched against the cleaned text (one space between words,
paragraphs separated by a blank line) and searched in order, each after the
previous point, so a phrase that recurs (§ 103 and § 104 share their wording)
is found in the right place. A missing anchor raises ValueError.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CommentPoint:
    id: str
    section_key: str | None  # None: a general remark on the whole catalogue
    heading: str | None  # the letter's own sub-heading the point sits under
    start: str
    end: str


@dataclass(frozen=True)
class ReplyPoint:
    answers: tuple[str, ...]  # ids of the comments this reply answers
    entry: str  # where the administration's entry begins (its page reference, if any)
    start: str  # the reply proper, after the entry's summary of the council's point
    end: str
    outcome: str
    financial_note: str | None = None  # set when raising the level would cost money
    draft_change: DraftChange | None = None


@dataclass(frozen=True)
class DraftChange:
    """What a reply changes in the draft: in one section's text (as Markdown), `find` becomes
    `replace`. The 2019 note proposes the changes; the wording is ours, built from its words."""

    section_key: str
    find: str
    replace: str


# Text in the draft that is no part of it: a lone word left in Bilag 1
# ("… bevare bolig" / "En" / "Hvad indgår i ydelsen").
STRAY_FRAGMENTS = frozenset({"En"})

_S84 = "Aflastningsordning § 84. Stk. 1."
_S82 = "Tidlig forebyggende indsats § 82"
_S85 = "Socialpædagogisk støtte § 85"
_S96 = "BPA- ordning § 96"
_S102 = "Speciel behandlingsmæssig bistand § 102"
_S107 = "Midlertidigt botilbud § 107"

# Handicaprådets høringssvar, in the order of the letter.
COMMENTS: tuple[CommentPoint, ...] = (
    # General remarks. The first, with the closing remark of the compensation
    # part, is what the administration sums up as "svært for borgerne at forstå".
    CommentPoint(
        "general-expectations", None, None,
        "Det er Handicaprådets (HR) opfattelse", "et styringsredskab for forvaltningen.",
    ),
    # No reply: the administration does not answer the call for a justification.
    CommentPoint(
        "general-justification", None, None,
        "Der er ikke en egentlig begrundelse", "ud fra en strammere KS.",
    ),
    CommentPoint(
        "general-appeals", None, None,
        "HR bemærker i øvrigt", "som følge af stramningerne.",
    ),
    CommentPoint(
        "general-purpose-clause", None, "Lov om Social Service § 1",
        "Det er HRs opfattelse, at KS skal tage udgangspunkt", 'følgerne af funktionsnedsættelsen".',
    ),
    CommentPoint(
        "general-compensation", None, "Kompensationsprincippet",
        'I "Nyt fra Ankestyrelsen"', "beskrives i de enkelte KS.",
    ),
    CommentPoint(
        "general-never-standard", None, "Kompensationsprincippet",
        "Det skal gøres klart for borgeren", "ligestillet med andre borgere.",
    ),
    # Remarks on each standard.
    CommentPoint(
        "p84-60-days", "p84-omfang-varighed", _S84,
        "Handicaprådet mangler en begrundelse", "ikke støtte forslaget.",
    ),
    # "målrettet hjælp" is in the Frivilligcentret paragraph of Ydelsens indhold.
    CommentPoint(
        "p82-targeted", "p82-ydelsens-indhold", _S82,
        "HR mener, at “målrettet” skal slettes", "kommunens forpligtigelser.",
    ),
    # "af meget midlertidig karakter" is the Omfang/varighed row.
    CommentPoint(
        "p82-duration", "p82-omfang-varighed", _S82,
        "Handicaprådet mener, at der ved § 82 d", "skal der stå 1/2 år",
    ),
    # The second paragraph ("HR mener fx …") argues for the first.
    CommentPoint(
        "p85-individual", "p85-omfang-varighed", _S85,
        "Handicaprådet vurderer, at der skal være mulighed for individuel", "meget dyrere for kommunen.",
    ),
    CommentPoint(
        "p85-network", "p85-visitation", _S85,
        "Under kriterier for ydelser beskrives det", "afhængig af sine pårørende, netværk m.v.",
    ),
    # "den handicappede" occurs under Kompetencekrav in Ydelsens indhold.
    CommentPoint(
        "p96-wording", "p96-ydelsens-indhold", _S96,
        "HR bemærker, at der står den handicappede", "der skal stå borgeren",
    ),
    CommentPoint(
        "p96-network", "p96-visitation", _S96,
        "HR har samme vurderings", "som anført under Socialpædagogisk støtte § 85",
    ),
    CommentPoint(
        "p97-health-act", "p97-ydelsens-indhold", "Ledsageordningen § 97",
        "Handicaprådet mener, at der skal henvises", "der er lægeordineret.",
    ),
    # One paragraph, two points: the 12-hour cap (answered) and re-visitation (not).
    CommentPoint(
        "p102-cap", "p102-omfang-varighed", _S102,
        "Der er tale om en konkret og individuel vurdering og kompensation", "skal ydes efter behov.",
    ),
    CommentPoint(
        "p102-revisitation", "p102-opfoelgning", _S102,
        "HR mener at der er tale om en væsentlig forebyggende indsats", "foretages re-visitering.",
    ),
    CommentPoint(
        "p103-days", "p103-omfang-varighed", "Beskyttet beskæftigelse § 103",
        "Det er HRs opfattelse, at borgeren skal have mulighed", "da det fremgår af loven.",
    ),
    CommentPoint(
        "p104-days", "p104-omfang-varighed", "Aktivitets- og samvær § 104",
        "Det er HRs opfattelse, at borgeren skal have mulighed", "da det fremgår af loven.",
    ),
    # It quotes the Visitation row ("under 15 timer ugentligt …").
    CommentPoint(
        "p107-home-support", "p107-visitation", _S107,
        "Ved behov for socialpædagogisk støtte under 15 timer", "kan foregå i eget hjem.",
    ),
    CommentPoint(
        "p107-duration", "p107-omfang-varighed", _S107,
        "Vedrørende varighed mener HR", "indtil formålet er opnået",
    ),
    # It quotes the Levering row ("… kan ikke anvises et botilbud efter almenboliglovens § 105").
    CommentPoint(
        "p108-guardian", "p108-levering", "Længerevarende botilbud § 108/ § 105/ § 85",
        "En borger med nedsat funktionsevne i så betydelig grad", "med støtte efter servicelovens § 85.",
    ),
)  # fmt: skip

_MORE_THAN_PROPOSED = "Hævelse af serviceniveauet ud over {} har afledte økonomiske konsekvenser."

# Both general replies that change the draft change the foreword: one new wording holds both.
_FOREWORD_END = (
    "Kataloget er af vejledende karakter, og alle sager skal fortsat behandles ud fra et konkret skøn "
    "og en individuel vurdering af borgerens behov."
)
FOREWORD_CHANGE = DraftChange(
    "forord",
    _FOREWORD_END,
    _FOREWORD_END + "\n\n"
    "Standarderne lægger et serviceniveau, som borgerne som udgangspunkt kan forvente at få. "
    "Kommunen er bundet af serviceniveauet og skal begrunde det i den konkrete sag, når den yder "
    "mere eller mindre hjælp end fastlagt i serviceniveauet.\n\n"
    "Borgere med nedsat funktionsevne skal kompenseres for følgerne af funktionsnedsættelsen "
    "(kompensationsprincippet). De skal tilbydes den ydelse, som bedst muligt kompenserer for "
    "følgerne, fordi de har ret til at leve et liv på lige fod med andre.",
)

# Forvaltningens bemærkninger, in the order of the administration's note.
REPLIES: tuple[ReplyPoint, ...] = (
    ReplyPoint(
        ("general-expectations", "general-never-standard"),
        "Rådet mener, at det er svært for borgerne",
        "Forvaltningen forslår, at det uddybes i forordet", "end fastlagt i serviceniveauet.",
        "accepted",
        draft_change=FOREWORD_CHANGE,
    ),
    ReplyPoint(
        ("general-compensation",),
        "Rådet ser gerne, at kompensationsprincippet",
        "Det følger af kompensationsprincippet", "eksplicit beskrives i forordet.",
        "partly_accepted",
        draft_change=FOREWORD_CHANGE,
    ),
    ReplyPoint(
        ("general-purpose-clause",),
        "Rådet synes, at kvalitetsstandarderne skal indeholde",
        "Forvaltningen mener det er tilstrækkeligt", "eksplicit beskrives i forordet.",
        "not_accepted",
    ),
    ReplyPoint(
        ("p84-60-days",),
        "s. 4 -",
        "Forvaltningen gør opmærksom på at såfremt, der skal ydes mere end 60 døgn",
        "afledte økonomiske konsekvenser.",
        "not_accepted",
        financial_note=_MORE_THAN_PROPOSED.format("60 døgn"),
    ),
    ReplyPoint(
        ("p85-individual",),
        "s. 13 -",
        "Forvaltningen gør opmærksom på, at det fortsat er muligt", "ydes gruppebaseret.",
        "not_accepted",
    ),
    ReplyPoint(
        ("p97-health-act",),
        "s. 32 -",
        "Der er i standarden henvist", "henvises til sundhedsloven.",
        "accepted",
        draft_change=DraftChange(
            "p97-andre-bestemmelser", "plejeboliger m.v.", "plejeboliger m.v. samt ledsagelse efter sundhedsloven."
        ),
    ),
    ReplyPoint(
        ("p102-cap",),
        "s. 42 -",
        "Forvaltningen gør opmærksom på at såfremt, der skal ydes mere end 12 timer",
        "afledte økonomiske konsekvenser.",
        "not_accepted",
        financial_note=_MORE_THAN_PROPOSED.format("12 timer"),
    ),
    ReplyPoint(
        ("p103-days", "p104-days"),
        "s. 44 og 47",
        "Forvaltningen gør opmærksom på at såfremt, der skal ydes mere end 4 dage",
        "afledte økonomiske konsekvenser.",
        "not_accepted",
        financial_note=_MORE_THAN_PROPOSED.format("4 dage ugentligt"),
    ),
    ReplyPoint(
        ("p107-duration",),
        "s. 51 -",
        "En borgers støtte vil altid ophøre", "den nuværende formulering bevares,",
        "not_accepted",
    ),
    # Not the guardian the council asked for, but the standard is made more precise.
    ReplyPoint(
        ("p108-guardian",),
        "s. 56 -",
        "Forvaltningen gør opmærksom på, at Ankestyrelsen", "målgruppen for almene boliger § 105.",
        "partly_accepted",
        draft_change=DraftChange(
            "p108-maalgruppe",
            "og som ikke kan få dækket disse behov på anden vis.",
            "og som ikke kan få dækket disse behov på anden vis.\n\n"
            "Det er altid en konkret vurdering, om borgeren kan rummes i en almen bolig efter "
            "almenboliglovens § 105 eller har brug for et botilbud efter servicelovens § 108 "
            "(Ankestyrelsens principafgørelse 72-14).",
        ),
    ),
)  # fmt: skip
