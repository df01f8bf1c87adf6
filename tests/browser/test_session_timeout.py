"""Issue #9, item 3: a time-out warns before it happens and can be extended, in a real browser.

The real settings (30 minutes, warned 2 minutes before): the browser's clock is Playwright's, moved
forward by the test, and the log-in's last use is moved back in the database by as much, so
nothing waits and nothing depends on how fast the machine is.
A case officer is writing a reply when the warning comes: a dialog with focus on its heading,
without axe violations; "Forbliv logget ind" by keyboard extends the log-in on the server, gives
focus back to the field, and the typed text is still there and can be saved. When nobody answers,
the dialog says that the log-in has ended and that the text is still on the page, which stays as
it is; after logging in again in another window, the text can be saved from this page.
"""

from datetime import timedelta

from playwright.sync_api import expect
from sqlalchemy import select, update

from app.accounts.models import LoginSession
from app.db_types import utcnow
from app.extensions import db
from tests.browser.helpers import LOADED, assert_focus_visible, focus_info, log_in, tab_to

REPLY = "Forvaltningen fastholder 60 døgn, som svarer til niveauet i nabokommunerne."


def _write_a_reply(page, live_server, case) -> None:  # noqa: F811 (the fixture's value)
    page.clock.install()  # the page's timers run on a clock the test can move
    log_in(page, live_server, case["email"], "Søren Sagsbehandler", keyboard=True, timeout=LOADED)
    page.goto(f"{live_server}/medarbejder/hoeringer/{case['slug']}/besvarelse/{case['key']}")
    tab_to(page, 'button[name="comment"]')
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Svar på 1 bemærkning", timeout=LOADED)
    tab_to(page, "#text")
    page.keyboard.type(REPLY)


def _save_the_reply(page) -> None:
    tab_to(page, 'input[name="outcome"]')
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Svaret er gemt.")).to_be_visible(timeout=LOADED)


def _unused_for(minutes: float) -> None:
    """The server's side of the clock: the log-in was last used `minutes` ago."""
    db.session.execute(update(LoginSession).values(last_seen_at=utcnow() - timedelta(minutes=minutes)))
    db.session.commit()


def _last_seen():
    db.session.expire_all()
    return db.session.scalar(select(LoginSession.last_seen_at).order_by(LoginSession.id.desc()))


def test_the_warning_comes_before_the_time_out_and_the_keyboard_extends_the_log_in(
    live_server, page, case, assert_no_axe_violations, screenshot  # noqa: F811
):
    _write_a_reply(page, live_server, case)
    url = page.url
    _unused_for(28.5)
    before = _last_seen()
    page.clock.fast_forward("28:00")  # the page asks the server just before the warning is due

    dialog = page.get_by_role("dialog", name="Du bliver snart logget ud")
    expect(dialog).to_be_visible(timeout=LOADED)
    expect(page.locator("#session-warning-heading")).to_be_focused()
    expect(dialog).to_contain_text("Du bliver logget ud kl. ")
    expect(dialog).to_contain_text("Det, du har skrevet, bliver stående på siden.")
    assert page.evaluate("document.querySelector('main').inert"), "the page behind the dialog is inert"
    assert_no_axe_violations(page)
    screenshot(page, "session-warning-da-desktop")
    page.set_viewport_size({"width": 320, "height": 256})  # 400 % zoom: the dialog reflows, its buttons reachable
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    for name in ("Forbliv logget ind", "Log ud"):
        button = dialog.get_by_role("button", name=name)
        button.scroll_into_view_if_needed()
        expect(button).to_be_in_viewport()
        assert button.evaluate("el => el.getBoundingClientRect().right <= window.innerWidth")
    screenshot(page, "session-warning-da-zoom400")
    page.set_viewport_size({"width": 1280, "height": 900})

    tab_to(page, "#session-warning form[data-session-extend] button")
    expect(page.locator("#session-warning form[data-session-extend] button")).to_have_text("Forbliv logget ind")
    page.keyboard.press("Enter")
    expect(dialog).to_be_hidden(timeout=LOADED)
    expect(page.locator("#text")).to_be_focused()
    assert_focus_visible(focus_info(page))
    expect(page.locator("#text")).to_have_value(REPLY)
    expect(page.locator("[data-session-status]")).to_contain_text("Du er stadig logget ind.", timeout=LOADED)
    assert page.url == url
    assert _last_seen() > before, "the server counts the choice as activity"

    _save_the_reply(page)


def test_after_the_time_out_the_text_stays_on_the_page_and_can_be_saved_after_logging_in_again(
    live_server, page, case, assert_no_axe_violations, screenshot  # noqa: F811
):
    _write_a_reply(page, live_server, case)
    url = page.url
    _unused_for(28.5)
    page.clock.fast_forward("28:00")
    expect(page.get_by_role("dialog", name="Du bliver snart logget ud")).to_be_visible(timeout=LOADED)
    _unused_for(31)
    page.clock.fast_forward("02:30")  # the page asks again when the time is up
    ended = page.get_by_role("dialog", name="Du er logget ud")
    expect(ended).to_be_visible(timeout=LOADED)
    expect(page.get_by_role("dialog", name="Du bliver snart logget ud")).to_be_hidden()
    expect(page.locator("#session-ended-heading")).to_be_focused()
    expect(ended).to_contain_text("Du blev logget ud kl. ")
    expect(ended).to_contain_text("Det, du har skrevet, står stadig på siden.")
    assert page.url == url, "nothing navigates away from the typed text"
    assert_no_axe_violations(page)
    screenshot(page, "session-ended-da-desktop")

    tab_to(page, "#session-ended button[data-modal-close]")
    page.keyboard.press("Enter")
    expect(ended).to_be_hidden()
    expect(page.locator("#text")).to_be_focused()
    expect(page.locator("#text")).to_have_value(REPLY)

    # Log in again in another window of the same browser, then come back to this one.
    other = page.context.new_page()
    log_in(other, live_server, case["email"], "Søren Sagsbehandler", keyboard=True, timeout=LOADED)
    other.close()
    page.bring_to_front()
    page.evaluate("window.dispatchEvent(new Event('focus'))")  # what a window switch fires
    expect(page.locator("[data-session-status]")).to_contain_text("Du er logget ind igen.", timeout=LOADED)
    page.locator("#text").focus()
    _save_the_reply(page)
    assert utcnow() - _last_seen() < timedelta(minutes=1)
