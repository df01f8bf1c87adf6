"""The section editor in a real browser: keyboard only, axe-core, 1280 and 320 px, screenshots."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.accounts.models import Role
from app.extensions import db as _db
from app.hearings.models import Hearing, HearingState, Section
from tests.browser.helpers import WIDTHS, assert_fits_width, assert_focus_visible, focus_info, log_in, tab_to_id
from tests.factories import PASSWORD, make_hearing, make_user

OFFICER_EMAIL = "sagsbehandler@ltk.example.org"
SLUG = "kvalitetsstandarder-2019"
BASE = f"/medarbejder/hoeringer/{SLUG}"

FORORD = (
    "<p>Vi præsenterer herved Lyngby-Taarbæks Kommunes vejledende kvalitetsstandarder på det "
    "specialiserede voksenområde.</p>"
    "<p>Katalogets målgruppe er voksne med nedsat fysisk eller psykisk funktionsevne eller med særlige "
    "sociale problemer.</p>"
    "<ul><li>borgere med fysiske handicap</li><li>borgere med sindslidelser</li></ul>"
    "<p>Kvalitetsstandarderne revideres hvert andet år.</p>"
)


@pytest.fixture
def draft(db):
    """A draft like the 2019 catalogue: a foreword and § 84 with its fields; committed for the server."""
    officer = make_user(Role.STAFF, email=OFFICER_EMAIL, name="Mette Medarbejder")
    hearing = make_hearing(HearingState.DRAFT, sections=0, slug=SLUG, officers=[officer],
                           title="Kvalitetsstandarder på det specialiserede voksenområde")
    version = hearing.current_version
    forord = Section(version=version, key="forord", position=0, heading="Forord", body_html=FORORD, page=3)
    p84 = Section(version=version, key="p84", position=1, number="§ 84", heading="Aflastningsordning", page=4)
    fields = [
        ("p84-lovgrundlag", "Lovgrundlag for ydelsen", "<p>Lov om Social Service § 84 stk. 1.</p>"),
        ("p84-maalgruppe", "Målgruppe", "<p>Ægtefæller, forældre eller andre nære pårørende.</p>"),
        ("p84-omfang", "Omfang/varighed", "<p>Der ydes op til 60 døgn om året.</p>"),
    ]
    _db.session.add_all([forord, p84])
    for position, (key, heading, body) in enumerate(fields, 2):
        _db.session.add(Section(version=version, key=key, position=position, heading=heading, body_html=body,
                                parent=p84, page=4))
    _db.session.commit()
    return hearing


def _tab_to_text(page, text: str, limit: int = 80) -> None:
    """Press Tab until the focused element's text starts with `text`; every stop shows its focus."""
    page.wait_for_load_state("load")  # a new page's focus styles come with its stylesheet
    for _ in range(limit):
        page.keyboard.press("Tab")
        info = focus_info(page)
        if " ".join(info["text"].split()).startswith(text):
            assert_focus_visible(info)
            return
    raise AssertionError(f"{text!r} is not a Tab stop")


def test_a_case_officer_edits_a_section_with_the_keyboard_only(page, live_server, draft, db):
    page.goto(live_server + "/konto/log-ind")
    tab_to_id(page, "email")
    page.keyboard.type(OFFICER_EMAIL)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.locator("header")).to_contain_text("Mette Medarbejder")

    page.goto(live_server + BASE)
    _tab_to_text(page, "Ret afsnit")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Ret afsnit")

    _tab_to_text(page, "Ret § 84 Aflastningsordning – Målgruppe")  # each button names its section in full
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Ret afsnit")
    expect(page.locator("#heading")).to_have_value("Målgruppe")

    tab_to_id(page, "heading")
    page.keyboard.press("Control+A")
    page.keyboard.type("Målgruppe for aflastning")
    page.keyboard.press("Tab")
    expect(page.locator("#page")).to_be_focused()
    page.keyboard.press("Control+A")
    page.keyboard.type("5")
    page.keyboard.press("Tab")
    expect(page.locator("#text")).to_be_focused()
    page.keyboard.press("Control+A")
    page.keyboard.type("Ægtefæller, forældre **eller** andre nære pårørende.")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    page.keyboard.type("- der bor sammen med borgeren")
    _tab_to_text(page, "Gem afsnittet", limit=5)
    page.keyboard.press("Enter")

    expect(page.locator(".alert-success")).to_contain_text("Målgruppe for aflastning")
    expect(page.locator("#afsnit-p84-maalgruppe")).to_contain_text("(s. 5)")
    page.wait_for_load_state("load")  # the page's styles, before the server stops
    db.session.expire_all()
    section = db.session.scalar(select(Section).where(Section.key == "p84-maalgruppe"))
    assert section.body_html == (
        "<p>Ægtefæller, forældre <strong>eller</strong> andre nære pårørende.</p>"
        "<ul><li>der bor sammen med borgeren</li></ul>"
    )


def _open(page, live_server: str, name: str, db) -> None:
    if name == "editor":
        page.goto(live_server + BASE + "/afsnit")
        expect(page.locator("main ol.app-section-tree > li")).to_have_count(5)
    elif name == "edit-error":
        page.goto(live_server + BASE + "/afsnit/forord/ret")
        page.locator("#heading").fill("")
        page.locator("#page").fill("abc")
        page.locator("main form button[type=submit]").click()
        summary = page.locator("#error-summary")
        expect(summary).to_be_focused()
        expect(summary.locator("li")).to_have_count(2)
        expect(page.locator("#page")).to_have_value("abc")
        expect(page.locator("#page-error")).to_contain_text("Skriv sidetallet med tal, fx 4.")
        assert page.title().startswith("Fejl:")
    elif name == "conflict":
        page.goto(live_server + BASE + "/afsnit/forord/ret")
        page.locator("#text").fill("Min udgave af forordet.")
        section = db.session.scalar(select(Section).where(Section.key == "forord"))
        section.body_html = "<p>En kollegas udgave af forordet.</p>"
        db.session.commit()
        page.locator("main form button[type=submit]").click()
        expect(page.locator("#error-summary")).to_contain_text("En anden har gemt en ændring")
        expect(page.locator("#saved_text")).to_have_value("En kollegas udgave af forordet.")
        expect(page.locator("#text")).to_have_value("Min udgave af forordet.")
    elif name == "split":
        page.goto(live_server + BASE + "/afsnit/forord/del")
        expect(page.locator("main input[type=radio]")).to_have_count(3)
    elif name in ("editor-open", "correction-error"):
        hearing = db.session.scalar(select(Hearing).where(Hearing.slug == SLUG))
        hearing.state = HearingState.OPEN
        db.session.commit()
        if name == "editor-open":
            page.goto(live_server + BASE + "/afsnit")
            expect(page.locator("main")).to_contain_text("bliver rettelsen en ny version")
            expect(page.locator("main button")).to_have_count(0)
        else:
            page.goto(live_server + BASE + "/afsnit/p84-omfang/ret")
            page.locator("#text").fill("Der ydes op til 70 døgn om året.")
            page.locator("main form button[type=submit]").click()
            expect(page.locator("#note-error")).to_contain_text("Skriv, hvad der er rettet.")
            expect(page.locator("#text")).to_have_value("Der ydes op til 70 døgn om året.")


@pytest.mark.parametrize("width", ["desktop", "mobile"])
@pytest.mark.parametrize("name", ["editor", "edit-error", "conflict", "split", "editor-open", "correction-error"])
def test_section_pages_are_accessible(page, live_server, draft, db, assert_no_axe_violations, screenshot, name,
                                      width):
    page.set_viewport_size(WIDTHS[width])
    log_in(page, live_server, OFFICER_EMAIL, "Mette Medarbejder")
    _open(page, live_server, name, db)

    expect(page.locator("h1")).to_have_count(1)
    assert_no_axe_violations(page)
    if width == "mobile":
        assert_fits_width(page)
    page.evaluate("document.activeElement && document.activeElement.blur()")
    screenshot(page, f"sections-{name}-da-{width}")
