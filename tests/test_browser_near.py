"""「近くを探す」 in real Chromium: a typed town name, the phone's position, and axe-core."""

import re

from playwright.sync_api import expect

from tests.test_browser import (
    PC,
    PHONE,
    assert_fits_the_width,
    axe_at_every_size,
    new_page,
    press,
)

INNAI = (35.612818, 140.120594)  # 院内一丁目's representative point (data/towns)


def test_it_searches_near_a_typed_town_name(browser, site):
    context, page = new_page(browser, PHONE)
    try:
        page.goto(site + "/")
        form = page.locator("form[data-near-form]")
        form.get_by_label("場所").fill("院内1丁目")
        form.get_by_label("距離").select_option("2000")
        press(page, form.get_by_role("button", name="この場所の近くを探す"))
        expect(page).to_have_url(re.compile(r"/search/\?near=.*within=2000"))
        expect(page.locator(".conditions")).to_contain_text("院内一丁目（中央区）から2km以内")
        expect(page.locator(".orders [aria-current]")).to_have_text("近い順")
        distances = page.locator(".card .distance").all_inner_texts()
        metres = [_metres(d) for d in distances if "m" in d]
        assert metres, distances
        assert metres == sorted(metres)  # nearest first
        assert all(m <= 2000 for m in metres)
        assert_fits_the_width(page)
    finally:
        context.close()


def _metres(text: str) -> float:
    if "以内" in text and "100m" in text:
        return 0
    number = re.search(r"約([\d.]+)(k?m)", text)
    value = float(number[1])
    return value * 1000 if number[2] == "km" else value


def test_it_searches_near_the_phones_position_after_a_tap(browser, site):
    context, page = new_page(
        browser,
        PHONE,
        permissions=["geolocation"],
        geolocation={"latitude": INNAI[0], "longitude": INNAI[1]},
    )
    try:
        page.goto(site + "/search/?category=5")
        # on a phone a result page's search forms fold under one summary (issue 13)
        page.locator(".change-search > summary").tap()
        button = page.get_by_role("button", name="今いる場所から探す")
        expect(button).to_be_visible()
        press(page, button)
        expect(page).to_have_url(re.compile(r"lat=35\.61282&lng=140\.12059"))
        expect(page.locator(".conditions")).to_contain_text("現在地から1km以内")
        expect(page.locator(".conditions")).to_contain_text("分類")  # kept the category
        expect(page.locator(".card .distance").first).to_be_visible()
    finally:
        context.close()


def test_it_says_so_when_the_position_is_refused(browser, site):
    context, page = new_page(browser, PC)  # no permission granted: the browser refuses
    try:
        page.goto(site + "/")
        page.get_by_role("button", name="今いる場所から探す").click()
        expect(page.locator("[data-near-status]")).to_contain_text("現在地がわかりませんでした")
        expect(page).to_have_url(site + "/")
    finally:
        context.close()


def test_it_works_without_javascript_and_hides_the_position_button(browser, site):
    context, page = new_page(browser, PHONE, java_script_enabled=False)
    try:
        page.goto(site + "/")
        expect(page.get_by_role("button", name="今いる場所から探す")).to_be_hidden()
        page.get_by_label("場所").fill("260-0852")
        press(page, page.get_by_role("button", name="この場所の近くを探す"))
        expect(page.locator(".conditions")).to_contain_text("郵便番号260-0852（青葉町）から1km以内")
        # a name several places answer to is asked, with plain links; on a phone the
        # result page's forms are folded (a <details>: opens without JavaScript too)
        page.locator(".change-search > summary").tap()
        page.get_by_label("場所").fill("稲毛")
        press(page, page.get_by_role("button", name="この場所の近くを探す"))
        expect(page.locator("h1")).to_have_text("「稲毛」はどの場所ですか")
        press(page, page.get_by_role("link", name=re.compile("^稲毛駅")))
        expect(page.locator("[data-near-understood]")).to_contain_text("「稲毛駅」の近く")
    finally:
        context.close()


def test_it_passes_axe_near_a_place(browser, site):
    pages = [
        ("/search/?near=院内1丁目&within=2000", 200),
        ("/search/?near=どこにもない町", 200),  # not found, no close name
        ("/search/?near=稲毛", 200),  # which place?
        ("/search/?near=新千葉4丁目", 200),  # close names
        ("/search/?q=存在しない言葉xyz&near=院内1丁目&within=500", 200),  # widen / drop
    ]
    violations = axe_at_every_size(browser, site, pages)
    assert not violations, "axe-core found:\n" + "\n".join(violations)


def test_it_draws_the_understood_place_on_the_map(browser, site):
    context, page = new_page(browser, PC)
    try:
        page.goto(site + "/search/?near=" + "しんちば" + "&within=2000&view=map")
        expect(page.locator("[data-near-understood]")).to_contain_text("「新千葉（中央区）」の近く")
        expect(page.locator("[data-map-ready]")).to_have_count(1)
        ring = page.locator("path.near-place")
        expect(ring).to_have_count(1)
        ring.hover()
        expect(page.locator(".leaflet-tooltip")).to_contain_text(
            "探している場所: 新千葉（中央区）（町の中心）"
        )
        expect(page.locator("[data-map-status]")).to_contain_text(
            "「新千葉（中央区）」の位置（町の中心）を丸い印で示しています。"
        )
    finally:
        context.close()


def test_it_gives_the_place_choices_44px_targets_on_a_phone(browser, site):
    from tests.test_browser import TARGET

    context, page = new_page(browser, PHONE)
    try:
        small = []
        for path in ("/search/?near=稲毛", "/search/?near=新千葉4丁目"):
            page.goto(site + path)
            links = page.locator(".place-choices a, a.button")
            expect(links.first).to_be_visible()
            for i in range(links.count()):
                box = links.nth(i).bounding_box()
                assert box is not None
                if box["width"] < TARGET - 0.5 or box["height"] < TARGET - 0.5:
                    small.append(f"{path}: {links.nth(i).inner_text()} {box}")
            assert_fits_the_width(page)
        assert not small, small
    finally:
        context.close()
