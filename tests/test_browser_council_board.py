"""The 協議体 workshop board in real Chromium (tiles stubbed: tests/test_browser_map.py):

- a coordinator on a tablet (820 px, touch) places two cards on the map by tapping it and
  one by keyboard (arrow keys move the map under its ring, Enter puts the card there), then
  turns one card into a 地域課題;
- axe-core (WCAG 2.1 A/AA), 44 px targets and no sideways scrolling on the 協議体 pages at
  820 px and 1280 px, and on the public アイデア form at 390 px and 1280 px (also without JS);
- the A3 print of the board is one landscape A3 sheet.
"""

from __future__ import annotations

import io
import unicodedata

from playwright.sync_api import expect
from pypdf import PdfReader

from areas.models import Area
from fieldwork import board
from fieldwork.council_demo import load_council_demo
from fieldwork.council_models import BoardCard, Council, Meeting
from fieldwork.models import LocalIssue
from tests.test_browser import PC, PHONE, SMALL_TARGETS, TARGET, axe_violations, new_page
from tests.test_browser_fieldwork import SPHERE, check_pages
from tests.test_browser_map import Network
from tests.test_browser_office import TABLET, coordinator, log_in

TITLES = ["駅前の空き店舗", "公民館の和室", "送迎ボランティア"]


def new_meeting() -> Meeting:
    """The demo's council with a second meeting whose three cards are not placed yet."""
    load_council_demo(Area.objects.get(code="121002"))
    council = Council.objects.get()
    meeting = Meeting.objects.create(
        municipality=council.municipality,
        area=council.area,
        council=council,
        title="第2回 ワークショップ",
        held_on=council.meetings.get().held_on,
    )
    for title in TITLES:
        board.add_card(meeting, None, {"column": "resource", "title": title}, None)
    return meeting


def card(page, title: str):
    return page.locator(".board-card", has=page.get_by_role("heading", name=title))


def test_it_lets_a_coordinator_place_cards_by_touch_and_keyboard_and_make_an_issue(browser, site):
    coordinator("higashichiba", SPHERE)
    meeting = new_meeting()
    context, page = new_page(browser, TABLET)
    network = Network(context, site)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        log_in(page, site, "higashichiba")
        page.goto(f"{site}/office/fieldwork/meetings/{meeting.pk}/board/")
        expect(page.locator("[data-map-ready]")).to_have_count(1)
        expect(page.locator("[data-board-fallback]")).to_be_hidden()
        the_map = page.get_by_role("application", name="ワークショップの地図")
        status = page.locator("[data-board-status]")
        for title, spot in zip(
            TITLES[:2], ({"x": 200, "y": 150}, {"x": 500, "y": 300}), strict=True
        ):
            card(page, title).get_by_role("button", name="地図に置く").tap()
            expect(status).to_contain_text(f"「{title}」を置く場所を")
            the_map.tap(position=spot)
            expect(status).to_have_text(f"「{title}」を地図に置きました。")
        expect(page.locator(".board-pin")).to_have_count(2)
        # by keyboard: the button, then arrows move the map, Enter places at its middle
        card(page, TITLES[2]).get_by_role("button", name="地図に置く").focus()
        page.keyboard.press("Enter")
        expect(the_map).to_be_focused()
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowDown")
        page.keyboard.press("Enter")
        expect(status).to_have_text(f"「{TITLES[2]}」を地図に置きました。")
        expect(card(page, TITLES[2]).get_by_role("button", name="地図に置く")).to_be_focused()
        expect(page.locator(".board-pin")).to_have_count(3)
        with page.expect_navigation():
            card(page, TITLES[0]).get_by_role("button", name="地域課題にする").tap()
        expect(page.locator("h1")).to_contain_text(TITLES[0])
        expect(page.get_by_role("link", name="元になった協議体の会議")).to_be_visible()
    finally:
        context.close()
    assert not errors, errors
    assert not network.outside, network.outside
    cards = {c.title: c for c in BoardCard.objects.filter(meeting=meeting)}
    points = {(c.latitude, c.longitude) for c in cards.values()}
    assert all(c.has_point for c in cards.values()) and len(points) == 3
    issue = LocalIssue.objects.get(title=TITLES[0])
    assert (issue.source, issue.source_meeting) == (LocalIssue.Source.COUNCIL, meeting)
    assert cards[TITLES[0]].issue == issue


def council_pages() -> list[tuple[str, int]]:
    load_council_demo(Area.objects.get(code="121002"))
    council = Council.objects.get()
    meeting = council.meetings.get()
    one = meeting.cards.first()
    base = "/office/fieldwork"
    return [
        (f"{base}/councils/", 200),
        (f"{base}/councils/new/", 200),
        (f"{base}/councils/{council.pk}/", 200),
        (f"{base}/councils/{council.pk}/members/", 200),
        (f"{base}/councils/{council.pk}/meetings/new/", 200),
        (f"{base}/councils/{council.pk}/history/1/", 200),
        (f"{base}/meetings/{meeting.pk}/", 200),
        (f"{base}/meetings/{meeting.pk}/edit/", 200),
        (f"{base}/meetings/{meeting.pk}/board/", 200),
        (f"{base}/meetings/{meeting.pk}/board/print/", 200),
        (f"{base}/cards/{one.pk}/", 200),
        (f"{base}/cards/{one.pk}/history/", 200),
        (f"{base}/ideas/", 200),
    ]


def test_it_passes_axe_with_44px_targets_on_every_council_page(browser, site):
    coordinator("higashichiba", SPHERE)
    check_pages(browser, site, "higashichiba", council_pages(), tiles=True)


def test_it_passes_axe_on_the_public_idea_form_with_and_without_javascript(browser, site):
    pages = [("/ideas/", 200), ("/ideas/?sent=1", 200)]
    violations, small = [], []
    for label, viewport in (("phone", PHONE), ("pc", PC)):
        for javascript in (True, False):
            context, page = new_page(browser, viewport, java_script_enabled=javascript)
            try:
                violations += axe_violations(page, site, pages, label) if javascript else []
                page.goto(site + "/ideas/")
                overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
                assert overflow <= 0, f"[{label}] /ideas/ scrolls sideways by {overflow}px"
                # the honeypot is out of sight and out of the tab order: nobody aims at it
                small += [
                    f"[{label}] {s}"
                    for s in page.evaluate(SMALL_TARGETS, TARGET)
                    if 'name="website"' not in s
                ]
                if not javascript:
                    page.get_by_label("住民").check()
                    page.locator("textarea[name=body]").fill("公園でラジオ体操をしたい")
                    with page.expect_navigation():
                        page.get_by_role("button", name="アイデアを送る").click()
                    expect(page.locator("h1")).to_have_text("アイデアを受け付けました")
            finally:
                context.close()
    assert not violations, "axe-core found:\n" + "\n".join(violations)
    assert not small, f"targets smaller than {TARGET}×{TARGET} px:\n" + "\n".join(small)


def test_it_prints_the_board_on_one_a3_landscape_sheet(browser, site):
    coordinator("higashichiba", SPHERE)
    load_council_demo(Area.objects.get(code="121002"))
    meeting = Meeting.objects.get()
    context, page = new_page(browser, PC)
    Network(context, site)
    try:
        log_in(page, site, "higashichiba")
        page.goto(f"{site}/office/fieldwork/meetings/{meeting.pk}/board/print/")
        expect(page.locator("[data-map-ready]")).to_have_count(1)
        expect(page.locator(".board-pin")).to_have_count(10)
        page.emulate_media(media="print")
        pdf = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
        text = unicodedata.normalize("NFKC", "\n".join(p.extract_text() for p in pdf.pages))
    finally:
        context.close()
    assert len(pdf.pages) == 1
    width, height = (float(v) for v in pdf.pages[0].mediabox.upper_right)
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (420, 297)  # A3 landscape
    # (the PDF's text gives 「・」 as U+2027)
    assert "買い物支援が欲しい" in text and "介護予防体操教室開催" in text
    assert "ログアウト" not in text and "ボードに戻る" not in text
