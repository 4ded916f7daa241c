"""Printing, the 地域資源ガイド form and マイリスト in Chromium (Playwright), phone and PC.

- print media: no header or navigation, dark text on white, the QR code and printed date;
- マイリスト: add from two detail pages, open the list, print it, open its share link in a
  fresh browser and make it one's own; the same without JavaScript;
- axe-core (WCAG 2.1 A/AA) and 44 px targets on /guide/ and /mylist/ (empty, with items,
  shared).
"""

from __future__ import annotations

import io
import unicodedata
from urllib.parse import urlsplit

from playwright.sync_api import Page, expect
from pypdf import PdfReader

from directory import printing
from directory.models import Resource
from tests.test_browser import (
    PC,
    PHONE,
    SMALL_TARGETS,
    TARGET,
    VIEWPORTS,
    assert_fits_the_width,
    axe_violations,
    new_page,
    press,
)

BLACK = "rgb(0, 0, 0)"
WHITE = "rgb(255, 255, 255)"


def two_resources() -> list[Resource]:
    return list(Resource.objects.published().filter(is_sample=True).order_by("pk")[:2])


def style(page: Page, selector: str, prop: str) -> str:
    return page.eval_on_selector(selector, f"el => getComputedStyle(el).{prop}")


def test_it_prints_pages_without_navigation_in_dark_text_on_white(browser, site):
    resource = two_resources()[0]
    context, page = new_page(browser, PC)
    try:
        for path in (f"/resources/{resource.pk}/", "/search/?q=体操&page=2"):
            page.emulate_media(media="screen")
            page.goto(site + path)
            expect(page.locator(".site-header")).to_be_visible()
            expect(page.locator(".print-stamp")).to_be_hidden()  # only on paper

            page.emulate_media(media="print")
            expect(page.locator(".site-header")).to_be_hidden()
            expect(page.locator(".global-nav")).to_be_hidden()
            expect(page.locator(".site-footer")).to_be_hidden()
            expect(page.locator(".print-stamp")).to_be_visible()
            expect(page.locator(".print-stamp svg")).to_be_visible()
            expect(page.locator(".printed-date")).to_have_text(f"印刷日：{printing.printed_date()}")
            for selector in ("body", "h1", ".print-target"):
                assert style(page, selector, "color") == BLACK, (path, selector)
            assert style(page, "body", "backgroundColor") == WHITE
            target = page.locator(".print-target").inner_text()
            assert "page=" not in target and urlsplit(target).path == urlsplit(path).path

            # the A4 PDF Chromium makes of it: the date, and none of the navigation
            pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))
            # NFKC: Chromium's PDF maps some kanji to their radical look-alikes (⽇ for 日)
            text = unicodedata.normalize("NFKC", "\n".join(p.extract_text() for p in pdf.pages))
            assert "印刷日:" in text  # ： is : after NFKC
            for navigation in ("文字の大きさ", "条件を選んで探す", "本文へ移動"):
                assert navigation not in text, (path, navigation)
    finally:
        context.close()


def test_it_keeps_a_list_prints_it_and_shares_it(browser, site):
    first, second = two_resources()
    context, page = new_page(browser, PC)
    try:
        for resource in (first, second):
            page.goto(f"{site}/resources/{resource.pk}/")
            page.locator(".detail-actions").get_by_role("button", name="リストに追加").click()
            # with JavaScript: no reload, the button turns into its opposite
            expect(page.locator(".detail-actions .in-list")).to_have_text("リストに入っています")
            expect(
                page.locator(".detail-actions").get_by_role("button", name="リストから外す")
            ).to_be_visible()
        cookie = next(c for c in context.cookies() if c["name"] == "mylist")
        assert cookie["value"] == f"{first.pk}-{second.pk}"
        assert cookie["sameSite"] == "Lax" and not cookie["httpOnly"]

        press(page, page.locator(".global-nav").get_by_role("link", name="マイリスト"))
        expect(page.locator("h1")).to_have_text("マイリスト")
        expect(page.locator("#mylist > li h2 a")).to_have_text([first.name, second.name])
        expect(page.get_by_role("button", name="印刷する")).to_be_visible()
        share = page.locator("#share-url").input_value()
        assert share == f"{site}/mylist/?ids={first.pk},{second.pk}"

        page.emulate_media(media="print")
        expect(page.locator(".site-header")).to_be_hidden()
        expect(page.locator(".mylist-form").first).to_be_hidden()
        expect(page.locator(".print-target")).to_have_text(share)
        assert len(PdfReader(io.BytesIO(page.pdf(format="A4"))).pages) == 1  # one page
        page.emulate_media(media="screen")
    finally:
        context.close()

    # someone else opens the link: read-only, then 「自分のリストにする」
    context, page = new_page(browser, PHONE)
    try:
        page.goto(share)
        expect(page.locator("h1")).to_have_text("共有されたリスト")
        expect(page.locator("#mylist > li h2 a")).to_have_text([first.name, second.name])
        expect(page.locator(".mylist-form")).to_have_count(0)
        press(page, page.get_by_role("button", name="自分のリストにする"))
        expect(page.locator("h1")).to_have_text("マイリスト")
        expect(page.locator(".notice")).to_contain_text("2件を自分のリストにしました")
        expect(page.locator("#mylist > li")).to_have_count(2)
    finally:
        context.close()


def test_it_keeps_a_list_without_javascript(browser, site):
    first, _second = two_resources()
    context, page = new_page(browser, PHONE, java_script_enabled=False)
    try:
        page.goto(f"{site}/resources/{first.pk}/")
        expect(page.get_by_role("button", name="印刷する")).to_be_hidden()
        press(page, page.locator(".detail-actions").get_by_role("button", name="リストに追加"))
        assert urlsplit(page.url).path == f"/resources/{first.pk}/"  # back where it was
        expect(page.get_by_role("status").filter(has_text="リストに追加しました")).to_be_visible()
        expect(page.locator(".detail-actions .in-list")).to_have_text("リストに入っています")
        page.goto(f"{site}/mylist/")
        expect(page.locator("#mylist > li h2 a")).to_have_text([first.name])
        press(page, page.locator("#mylist").get_by_role("button", name="リストから外す"))
        expect(page.get_by_role("status").filter(has_text="リストから外しました")).to_be_visible()
        page.goto(f"{site}/mylist/")
        expect(page.locator(".notice")).to_contain_text("リストはまだ空です")
    finally:
        context.close()


def test_it_passes_axe_and_has_44px_targets(browser, site):
    first, second = two_resources()
    shared = f"/mylist/?ids={first.pk},{second.pk},abc"
    pages = [("/guide/", 200), ("/guide/?area=nowhere", 400), ("/mylist/", 200), (shared, 200)]
    with_items = [("/mylist/", 200), (f"/resources/{first.pk}/", 200)]
    violations: list[str] = []
    small: list[str] = []
    for size, viewport in VIEWPORTS.items():
        context, page = new_page(browser, viewport)
        try:
            violations += axe_violations(page, site, pages, size)
            cookie = {"name": "mylist", "value": f"{first.pk}-{second.pk}", "url": site}
            context.add_cookies([cookie])
            violations += axe_violations(page, site, with_items, f"{size}, with a list")
            for path, _status in [*pages, *with_items]:
                page.goto(site + path)
                assert_fits_the_width(page)
                small += [f"[{size}] {path}: {s}" for s in page.evaluate(SMALL_TARGETS, TARGET)]
        finally:
            context.close()
    assert not violations, "axe-core found:\n" + "\n".join(violations)
    assert not small, f"targets smaller than {TARGET}×{TARGET} px:\n" + "\n".join(small)
