"""The letters of the corpus: Handicaprådet's 2019 letter from the seed, and two letters of ours.

The 2019 letter's headings and the standard each paragraph concerns come from
the demo's seed round (`seed_2019`): a paragraph inside a point is expected on
that point's standard (or as a general remark), "HR har ingen bemærkninger" as
a no-remarks point on the standard its heading names ("none"). The other two letters are written here,
since the seeds only summarise the 2013 responses: one quotes the draft and has
"ingen bemærkninger" to two standards, one numbers its points "Ad pkt. 3" after
the plan's chapters.
"""

from __future__ import annotations

import re
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime

from app.demo.seed_2019 import SeedRound
from app.demo.seed_text import find_line, norm, prose_paragraphs
from tools.corpus.document import Doc, Expected, ExpectedHeading, ExpectedParagraph, Para
from tools.corpus.writers import FIXED_TIME

SIGNATURE = ("Med venlig hilsen", "Ion Meyer", "Formand", "Lyngby-Taarbæk Kommunes Handicapråd", "3. juni 2019")
LETTERHEAD = "Lyngby-Taarbæk Kommunes Handicapråd · Høringssvar"
# Headings of the letter that carry no point of the seed round but are headings all the same:
# the general part and a sub-heading inside the quoted Ankestyrelsen text.
OTHER_HEADINGS = ("Generelle bemærkninger", "Saglige hensyn")


def letter_2019(seed: SeedRound, lines: list[str]) -> tuple[Doc, Expected]:
    replies = find_line(lines, r"Forvaltningens bemærkninger til Handicaprådets", 0, "replies")
    start = find_line(lines, r"Handicaprådets høringssvar$", replies, "letter")
    closing = find_line(lines, r"Med venlig hilsen$", start, "closing")
    paragraphs = prose_paragraphs(lines[start:closing])
    names = {c.heading for c in seed.comments if c.heading} | set(OTHER_HEADINGS)
    expected, cursor = Expected(), 0
    for paragraph in paragraphs:
        if paragraph in names:
            expected.headings.append(ExpectedHeading(paragraph, ()))
            continue
        target, cursor = _target(seed, paragraph, cursor)
        if expected.headings and target:
            last = expected.headings[-1]
            expected.headings[-1] = ExpectedHeading(last.text, (*last.paragraphs, ExpectedParagraph(paragraph, target)))
    found = [h.text for h in expected.headings]
    if len(found) != 15 or len(set(found)) != 15:
        raise ValueError(f"seed: the 2019 letter should have 15 headings, found {found}")
    blocks = tuple(Para(p) for p in paragraphs)
    return Doc(norm(lines[start]), (), blocks, letterhead=LETTERHEAD, signature=SIGNATURE), expected


def _target(seed: SeedRound, paragraph: str, cursor: int) -> tuple[str | None, int]:
    """Where the paragraph belongs: the points' paragraphs are searched in the letter's order
    from `cursor`, and the cursor moves past the one found (§ 103 and § 104 say the same words)."""
    flat = [(c, p) for c in seed.comments for p in c.text.split("\n\n")]
    for index in range(cursor, len(flat)):
        comment, text = flat[index]
        if paragraph == text and comment.no_remarks:  # scored as "ingen bemærkninger" to the heading's §
            return "none", index + 1
        if paragraph == text:
            return (comment.section_key.split("-")[0] if comment.section_key else "general"), index + 1
    return ("none" if "ingen bemærkninger" in paragraph else None), cursor


def quotation_letter(seed: SeedRound) -> tuple[Doc, Expected]:
    """Seniorrådet: a general remark, a quotation from § 107 with a remark, no remarks to § 97 and § 100."""
    by_key = {c.key: c for s in seed.sections for c in (s, *s.children)}
    quoted = re.split(r"(?<=\.) ", next(p for p in by_key["p107-visitation"].paragraphs if isinstance(p, str)))[0]
    parts = [  # (heading or None, paragraph, target); the wording is ours, the quotation the draft's
        (None, "Seniorrådet har drøftet udkastet på sit møde den 28. maj 2019 og har følgende bemærkninger.", None),
        ("Generelt", "Seniorrådet finder, at standarderne bør skrives, så borgeren kan forstå dem uden hjælp.",
         "general"),
        # The line that introduces the quotation is no remark of its own: not scored.
        ("Midlertidigt botilbud § 107", "I udkastet står der under visitation:", None),
        (None, f"»{quoted}«", "p107"),
        (None, "Seniorrådet foreslår, at det tilføjes, hvilken støtte borgeren i stedet kan få i eget hjem.",
         "p107"),
        ("Ledsagerordning § 97", "Seniorrådet har ingen bemærkninger til denne standard.", "none"),
        ("Merudgifter § 100", "Ingen bemærkninger.", "none"),
    ]
    return _letter("Seniorrådets høringssvar", parts, "Lyngby-Taarbæk Kommunes Seniorråd",
                   ("Med venlig hilsen", "Seniorrådet", "31. maj 2019"), quote_at=3)


def numbered_points_letter() -> tuple[Doc, Expected]:
    """A user council on the 2013 plan, its points numbered after the plan's chapters ("Ad pkt. 3")."""
    parts = [
        (None, "Brugerrådet i Socialpsykiatrien takker for muligheden for at afgive høringssvar.", None),
        ("Ad pkt. 1", "Brugerrådet støtter visionen om recovery og social inklusion og ønsker, at brugerne "
                      "inddrages, når modellen skal sættes i værk.", "1"),
        ("Ad pkt. 2.1", "Inklusions- og recoveryenheden bør holde åbent om aftenen og i weekenden, når mange "
                        "brugere har mest brug for et sted at komme.", "2.1"),
        ("Ad pkt. 3", "Brugerrådet frygter, at reduktionen på godt 1,1 mio. kr. i driftsoverenskomsterne vil "
                      "betyde færre pladser på Nettet og Kirsten Marie.", "3"),
    ]
    return _letter("Høringssvar vedrørende helhedsplan for socialpsykiatrien", parts,
                   "Brugerrådet i Socialpsykiatrien", ("Med venlig hilsen", "Brugerrådet", "20. juni 2013"))


def _letter(title, parts, sender, signature, quote_at: int | None = None) -> tuple[Doc, Expected]:
    blocks, expected = [Para(title)], Expected()
    for index, (heading, paragraph, target) in enumerate(parts):
        if heading:
            blocks.append(Para(heading))
            expected.headings.append(ExpectedHeading(heading, ()))
        blocks.append(Para(paragraph, quote=index == quote_at))
        if target and expected.headings:
            last = expected.headings[-1]
            expected.headings[-1] = ExpectedHeading(last.text, (*last.paragraphs, ExpectedParagraph(paragraph, target)))
    return Doc(title, (), tuple(blocks), letterhead=sender, signature=signature), expected


def eml(doc: Doc, sender: str, to: str) -> bytes:
    """The letter pasted into an e-mail: an RFC 822 message, a paragraph per line, fixed date and id."""
    import datetime

    message = EmailMessage(policy=SMTP)
    message["From"] = sender
    message["To"] = to
    message["Subject"] = doc.title
    message["Date"] = format_datetime(datetime.datetime(*FIXED_TIME, tzinfo=datetime.UTC))
    message["Message-ID"] = "<hoeringssvar-2019-06-03@handicapraad.example.dk>"  # fixed: same bytes each build
    body = [block.text for block in doc.blocks] + list(doc.signature)
    message.set_content("\n\n".join(body) + "\n", charset="utf-8")
    return message.as_bytes()
