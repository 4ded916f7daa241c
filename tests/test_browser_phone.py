"""The resident's path on a phone at 特大 and on a PC (issue 13), in Chromium:

- the first result card's top edge on the first screen at 標準 and 大, within the second at 特大;
- no sideways scroll on any public page at 320 px and 390 px, at every text size;
- the detail page's call button above its map; Tab presses from the results heading to the
  first card, and the 「結果へ移動」 skip link;
- print: the whole result (up to 200) in Chromium's A4 PDF, at least 6 entries a page, headed
  with what was searched in words;
- without JavaScript, 「リストに追加」 comes back to the same card, which says so.
"""

from __future__ import annotations

import io
import re
import unicodedata

from playwright.sync_api import expect
from pypdf import PdfReader

from directory.models import Resource
from tests.test_browser import CHUO, PC, PHONE, new_page, press, public_pages

SIZES = ("standard", "large", "xlarge")
PHONE_320 = {**PHONE, "viewport": {"width": 320, "height": 640}}


def with_size(context, site: str, size: str) -> None:
    context.add_cookies([{"name": "textsize", "value": size, "url": site}])


def test_it_shows_the_first_card_on_the_first_screen(browser, site):
    found = []
    for viewport in (PHONE, PC):
        for size in SIZES:
            context, page = new_page(browser, viewport)
            try:
                with_size(context, site, size)
                page.goto(site + "/search/?q=体操")
                top = page.locator("#results > li.card").first.evaluate(
                    "e => e.getBoundingClientRect().top"
                )
                count = page.locator(".result-count").evaluate(
                    "e => e.getBoundingClientRect().bottom"
                )
                height = page.evaluate("innerHeight")
                screens = 2 if size == "xlarge" else 1
                found.append((viewport["viewport"]["width"], size, round(top)))
                assert count <= height, (size, count)
                assert top < screens * height, (viewport, size, top)
            finally:
                context.close()
    print("first card top:", found)


def test_it_never_scrolls_sideways_at_320_and_390_px(browser, site):
    paths = [path for path, status in public_pages() if status == 200 and "export" not in path]
    paths += ["/guide/", "/mylist/", f"/search/?area={CHUO}&print=all"]
    wide = []
    for viewport in (PHONE_320, PHONE):
        for size in SIZES:
            context, page = new_page(browser, viewport)
            try:
                with_size(context, site, size)
                for path in paths:
                    page.goto(site + path)
                    over = page.evaluate("document.documentElement.scrollWidth - innerWidth")
                    if over > 0:
                        wide.append(f"{viewport['viewport']['width']} {size} {path}: {over}px")
            finally:
                context.close()
    assert not wide, "\n".join(wide)


def test_it_puts_the_call_button_above_the_map(browser, site):
    resource = (
        Resource.objects.published()
        .filter(is_sample=True, served_areas__isnull=True, town__isnull=False)
        .exclude(phone="")
        .order_by("pk")
        .first()
    )
    for size in SIZES:
        context, page = new_page(browser, PHONE)
        try:
            with_size(context, site, size)
            page.goto(site + f"/resources/{resource.pk}/")
            call = page.locator(".call .tel")
            expect(call).to_have_attribute("href", re.compile(r"^tel:"))
            call_top = call.evaluate("e => e.getBoundingClientRect().top")
            map_top = page.locator(".resource-map, [data-resource-map], .map").first.evaluate(
                "e => e.getBoundingClientRect().top"
            )
            assert call_top < map_top, (size, call_top, map_top)
            assert call_top < 2 * page.evaluate("innerHeight"), (size, call_top)
        finally:
            context.close()


def test_it_reaches_the_first_card_in_a_few_tab_presses(browser, site):
    context, page = new_page(browser, PC)
    try:
        page.goto(site + "/search/?q=体操")
        first = page.locator("#results > li.card h3 a").first
        page.locator("h1").evaluate(
            "h => { h.tabIndex = -1; h.focus(); }"
        )  # start at the results heading
        presses = 0
        while presses < 40:
            page.keyboard.press("Tab")
            presses += 1
            if first.evaluate("e => e === document.activeElement"):
                break
        print("Tab presses from the results heading to the first card:", presses)
        assert presses <= 15, presses

        # and the skip link goes straight to the list
        page.goto(site + "/search/?q=体操")
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        expect(page.locator("a.skip-link:focus")).to_have_text("結果へ移動")
        page.keyboard.press("Enter")
        page.keyboard.press("Tab")
        assert first.evaluate("e => e === document.activeElement")
    finally:
        context.close()


def pdf_pages(page) -> list[str]:
    reader = PdfReader(io.BytesIO(page.pdf(format="A4")))
    # NFKC: Chromium's PDF names some kanji by their Kangxi radical forms (⾦ for 金)
    return [unicodedata.normalize("NFKC", p.extract_text()) for p in reader.pages]


def test_it_prints_the_whole_result_compactly_with_what_was_searched(browser, site):
    context, page = new_page(browser, PC)
    try:
        page.goto(site + f"/search/?area={CHUO}")
        total = int(re.sub(r"\D", "", page.locator(".result-count").inner_text().split("件")[0]))
        assert total > 20  # more than one page of results
        press(page, page.get_by_role("link", name=re.compile("印刷用の一覧")))
        assert "print=all" in page.url
        assert page.locator("#results > li.card").count() == min(total, 200)
        page.emulate_media(media="print")
        texts = pdf_pages(page)
        assert "探した条件:地域:中央区" in texts[0].replace("\n", "")
        entries = [t.count("料金:") for t in texts]
        print("entries per printed A4 page:", entries)
        # every entry is on paper (and the area's 相談機関 after them)
        assert sum(entries) >= min(total, 200)
        assert all(n >= 6 for n in entries[:-1]), entries
        assert "印刷日:" in texts[0]
    finally:
        context.close()


def test_it_prints_a_mylist_of_five_on_one_page(browser, site):
    ids = list(
        Resource.objects.published()
        .filter(is_sample=True)
        .order_by("pk")
        .values_list("pk", flat=True)[:5]
    )
    context, page = new_page(browser, PHONE)
    try:
        with_size(context, site, "xlarge")
        page.goto(site + "/mylist/?ids=" + ",".join(map(str, ids)))
        assert page.locator("#mylist > li").count() == 5
        page.emulate_media(media="print")
        assert len(pdf_pages(page)) == 1
    finally:
        context.close()


def test_it_comes_back_to_the_same_card_without_javascript(browser, site):
    context, page = new_page(browser, PHONE, java_script_enabled=False)
    try:
        page.goto(site + "/search/?q=体操")
        card = page.locator("#results > li.card").nth(4)
        card_id = card.get_attribute("id")
        press(page, card.get_by_role("button", name=re.compile("リストに追加")))
        assert page.url.endswith("#" + card_id), page.url
        again = page.locator(f"#{card_id}")
        expect(again.locator(".in-list")).to_have_text("リストに入っています")
        expect(again.locator(".in-list")).to_be_in_viewport()
        expect(page.locator(".notice")).to_contain_text("リストに追加しました")
    finally:
        context.close()
