"""The person's place on a 390×844 phone at 特大, in Chromium (issue 13): 圏域 named with
their towns, 「お住まいの…に来てくれます」 and 「担当地区」, the TOP's remembered area with its
「地域を変える」「地域を忘れる」 links, and postal codes said honestly; no sideways scroll and
axe-core WCAG 2.1 AA on each page, with and without JavaScript."""

from __future__ import annotations

from urllib.parse import quote

from playwright.sync_api import expect

from areas.models import Area
from directory.models import Resource
from tests.test_browser import PHONE, axe_violations, new_page, press

BENTEN = quote("121002-弁天")


def xlarge(browser, site, **options):
    context, page = new_page(browser, PHONE, **options)
    context.add_cookies([{"name": "textsize", "value": "xlarge", "url": site}])
    return context, page


def overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - innerWidth")


def test_it_says_the_persons_place_at_xlarge_without_sideways_scroll(browser, site):
    benten = Area.objects.get(code="121002-弁天")
    label = benten.name_with_towns()
    serving = (
        Resource.objects.published().serving_an_area().filter(served_areas=benten).order_by("pk")
    )
    office = serving.consultation().first()
    paths = [
        "/search/?category=3&near=" + quote("院内1丁目"),  # home services near the person
        "/search/?category=6&near=" + quote("院内1丁目"),  # 相談機関: 担当地区
        f"/search/?area={BENTEN}",  # the chip names the towns
        f"/search/conditions/?area={BENTEN}",
        f"/?area={BENTEN}",
        f"/resources/{office.pk}/",
        "/search/?near=260-0031",
        "/",  # with the area remembered (the cookie below)
    ]
    context, page = xlarge(browser, site)
    context.add_cookies([{"name": "home_area", "value": BENTEN, "url": site}])
    try:
        found = axe_violations(page, site, [(p, 200) for p in paths], "390 特大")
        wide = []
        for path in paths:
            page.goto(site + path)
            if (over := overflow(page)) > 0:
                wide.append(f"{path}: {over}px")
        assert not wide, wide
        assert not found, "\n".join(found)

        page.goto(site + paths[0])
        reach = page.locator(".home-reach").first
        expect(reach).to_contain_text("お住まいの")
        expect(reach).to_contain_text("（院内一丁目など）に来てくれます")
        page.goto(site + paths[1])
        expect(page.locator(".home-reach").first).to_have_text("お住まいの院内一丁目は担当地区です")
        page.goto(site + paths[2])
        expect(page.locator(".conditions")).to_contain_text(f"地域：{label}")
        page.goto(site + paths[3])
        expect(page.locator("#area-legend + p")).to_contain_text(label)
        page.goto(site + paths[5])
        expect(page.locator(".key-facts")).to_contain_text(label)
        page.goto(site + paths[6])
        expect(page.locator("[data-near-understood]")).to_have_text(
            "郵便番号260-0031（新千葉一丁目〜三丁目）のあたりを探しています"
            "（距離は町の中心から測っています）。"
        )
        page.goto(site + "/")
        expect(page.locator(".remembered")).to_contain_text(f"お住まいの地域：{label}")
    finally:
        context.close()


def test_it_remembers_the_area_and_forgets_it_without_javascript(browser, site):
    context, page = xlarge(browser, site, java_script_enabled=False)
    try:
        page.goto(site + "/")
        expect(page.locator(".remembered")).to_have_count(0)
        page.goto(site + f"/search/?area={BENTEN}")
        page.goto(site + "/")
        remembered = page.locator(".remembered")
        expect(remembered).to_contain_text("お住まいの地域：弁天圏域（")
        expect(page.locator("#consult-heading")).to_have_text("お住まいの地域の相談できるところ")
        expect(page.locator("#consult-heading ~ ul.cards").first).to_contain_text(
            "あんしんケアセンター弁天"
        )
        assert overflow(page) <= 0
        for name in ("地域を変える", "地域を忘れる"):  # 44 px targets
            box = page.get_by_role("link", name=name).bounding_box()
            assert box and box["height"] >= 44, (name, box)
        press(page, page.get_by_role("link", name="地域を忘れる"))
        expect(page.locator(".remembered")).to_have_count(0)
        assert not [c for c in context.cookies() if c["name"] == "home_area"]
    finally:
        context.close()
