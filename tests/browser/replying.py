"""Answering the demo hearing's comments in the browser, as staff would: shared by
tests/browser/test_reply_journey.py and test_memo_journey.py."""

import re
from dataclasses import dataclass

from playwright.sync_api import expect

from app.demo import seed_2019_points as points

# The comments the 2019 administration did not answer: every comment gets a reply now.
OUR_REPLIES = {
    "general-justification": "Baggrunden for de foreslåede ændringer står i forvaltningens notat om høringen, "
                             "som udvalget får sammen med høringsnotatet.",
    "general-appeals": "Forvaltningen følger antallet af klager og ankesager og orienterer udvalget om det.",
    "p82-targeted": "»Målrettet« betyder, at hjælpen tilrettelægges efter borgerens konkrete behov. "
                    "Kommunens forpligtelser efter loven ændres ikke.",
    "p82-duration": "Varigheden fastsættes ud fra en konkret og individuel vurdering af borgerens behov.",
    "p85-network": "Borgerens netværk indgår i vurderingen, men støtten gøres ikke afhængig af de pårørende.",
    "p96-wording": "Forvaltningen tager bemærkningen om sprogbrugen med i den endelige redaktion.",
    "p96-network": "Der henvises til svaret om netværket under Socialpædagogisk støtte § 85.",
    "p102-revisitation": "Behovet for re-visitation vurderes i opfølgningen på den enkelte sag.",
    "p107-home-support": "Støtte under 15 timer ugentligt kan fortsat gives i eget hjem efter § 85.",
}


@dataclass(frozen=True)
class Answer:
    comments: tuple[str, ...]  # ids of the comments (seed_2019_points.COMMENTS)
    text: str
    outcome: str  # the radio button's label
    financial_note: str | None = None


def comment_card(page, comment: str):
    """The card of one comment without a reply, found by its first words, as a person reads it."""
    start = next(point.start for point in points.COMMENTS if point.id == comment)
    return page.locator(".app-comment-card").filter(has_text=start).filter(
        has=page.get_by_role("button", name=re.compile("^Skriv svar"))
    )


def fill_reply(page, answer: Answer, text: str | None = None) -> None:
    page.get_by_label("Forvaltningens svar", exact=True).fill(answer.text if text is None else text)
    page.get_by_role("radio", name=answer.outcome, exact=True).check()
    if answer.financial_note:
        page.get_by_role("group", name="Har det økonomiske konsekvenser?").get_by_role("radio", name="Ja").check()
        page.get_by_label("Beskriv de økonomiske konsekvenser").fill(answer.financial_note)


def send_for_approval(page) -> None:
    """The way a new user finishes: straight from the form, which saves what was written first."""
    page.get_by_role("button", name="Send til godkendelse").click()
    expect(page.get_by_text("Svaret er sendt til godkendelse.", exact=True)).to_be_visible()
    expect(page.locator(".app-status")).to_have_text("Til godkendelse")
