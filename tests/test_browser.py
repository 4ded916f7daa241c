"""The public site in a real browser (Chromium through Playwright), at a phone's and a PC's size.

- the resident's path: TOP → 分類 → 検索結果 → 条件を選ぶ (区 → 圏域) → 検索結果 → 詳細 → back;
- axe-core (WCAG 2.1 A/AA) on every public page at both sizes, and once with 「特大」 text;
- without JavaScript: the search form and the text size switch;
- 44 px tap targets on a phone.

These use pytest-django's ``live_server``, so they run after the TestCase tests on a database
that is flushed after each test: every test loads its own (smaller) demo.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Browser, BrowserContext, Page, expect

from areas.models import Area
from directory.models import Resource
from tests.chromium import watch_csp

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}
PC = {"viewport": {"width": 1280, "height": 800}}
VIEWPORTS = {"phone": PHONE, "pc": PC}
CHUO = "121011"  # 中央区
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
TARGET = 44  # px, both ways (WCAG 2.5.5, and the site's own rule)


# Everything but the live server: map tiles above all, which would hang the page's load
# event on this offline machine (tests/test_browser_map.py stubs them with its own route).
OUTSIDE = re.compile(r"^https?://(?!(localhost|127\.0\.0\.1)[:/])")


def new_page(browser: Browser, viewport: dict, **options) -> tuple[BrowserContext, Page]:
    """A page in its own context that never reaches the internet."""
    context = browser.new_context(locale="ja-JP", **viewport, **options)
    # `make test` runs both databases' suites at once on two cores: a page may take a while to
    # come under that load (no test measures time; this only bounds a wait that never ends).
    context.set_default_timeout(30_000)
    context.route(OUTSIDE, lambda route: route.abort())
    watch_csp(context)
    return context, context.new_page()


def press(page: Page, locator) -> None:
    """Tap on a phone (its context has touch), click on a PC; either way a page loads."""
    with page.expect_navigation():
        if page.viewport_size["width"] < 600:
            locator.tap()
        else:
            locator.click()


def assert_fits_the_width(page: Page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px"


def query_of(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def area_with_results(ward: str, category: str) -> Area:
    """The ward's first 圏域 in which the demo has something of the category."""
    client = Client()
    for sphere in Area.objects.get(code=ward).children.order_by("sort_order", "code"):
        response = client.get("/search/", {"category": category, "area": sphere.code})
        if response.context["outcome"].count:
            return sphere
    raise AssertionError(f"no 圏域 of {ward} has anything in category {category}")


# ------------------------------------------------------------------ 1. the resident's path


@pytest.mark.parametrize("size", ["phone", "pc"])
def test_it_leads_a_resident_from_the_top_to_a_resource_and_back(browser, site, size):
    sphere = area_with_results(CHUO, "5")
    context, page = new_page(browser, VIEWPORTS[size])
    try:
        # TOP → the 「集いの場・体操」 tile
        page.goto(site + "/")
        expect(page.locator("h1")).to_contain_text("ささえあい・地域の活動を探す")
        assert_fits_the_width(page)
        press(page, page.locator(".tiles a.tile", has_text="集いの場・体操"))
        assert query_of(page.url) == {"category": ["5"]}
        expect(page.locator("h1")).to_have_text("検索結果")
        expect(page.locator(".conditions a")).to_have_text(["分類：集いの場・体操"])
        expect(page.locator(".result-count")).to_contain_text("見つかりました")
        assert_fits_the_width(page)

        # 条件を変える・追加する → 中央区 → its 圏域
        press(page, page.get_by_role("link", name="条件を変える・追加する"))
        expect(page.locator("h1")).to_have_text("条件を選ぶ")
        assert urlsplit(page.url).path == "/search/conditions/"
        expect(page.locator('input[name="category"][value="5"]')).to_be_checked()
        area_panel = page.locator('section[aria-labelledby="area-legend"]')
        expect(area_panel).to_contain_text("千葉市全体")
        press(page, area_panel.locator(".link-list a", has_text="中央区"))
        assert query_of(page.url)["area"] == [CHUO]
        expect(area_panel.locator("strong")).to_have_text("中央区")
        expect(area_panel).to_contain_text("日常生活圏域")
        press(page, area_panel.locator(".link-list a", has_text=sphere.name))
        assert query_of(page.url)["area"] == [sphere.code]
        # 圏域 are named with their towns wherever a resident meets them (issue 13)
        expect(area_panel.locator("strong")).to_have_text(f"中央区 › {sphere.name_with_towns()}")
        expect(area_panel).to_contain_text("町丁目")  # the next level down is offered
        expect(page.locator('input[name="category"][value="5"]')).to_be_checked()
        assert_fits_the_width(page)

        # この条件で探す → the list
        press(page, page.get_by_role("button", name="この条件で探す"))
        query = query_of(page.url)
        assert query["category"] == ["5"] and query["area"] == [sphere.code], page.url
        results_url = page.url
        expect(page.locator("h1")).to_have_text("検索結果")
        expect(page.locator(".conditions a")).to_have_text(
            ["分類：集いの場・体操", f"地域：{sphere.name_with_towns()}"]
        )
        count_text = page.locator(".result-count").inner_text()
        match = re.match(r"([\d,]+)件", count_text)
        assert match, count_text
        count = int(match.group(1).replace(",", ""))
        cards = page.locator("#results > li.card")
        assert count > 0
        expect(cards).to_have_count(min(count, settings.SASAEAI_PAGE_SIZE))
        expect(page.locator("#consult-heading")).to_have_text(f"{sphere.name}の相談できるところ")
        assert_fits_the_width(page)

        # a card → its detail page
        card = cards.first
        name = card.locator("h3 a").inner_text().strip()
        card_schedule = card.locator("dt", has_text="日時").locator(
            "xpath=following-sibling::dd[1]"
        )
        card_schedule_text = card_schedule.inner_text()
        press(page, card.locator("h3 a"))
        assert re.fullmatch(r"/resources/\d+/", urlsplit(page.url).path), page.url
        h1_name = page.locator("h1").evaluate("h => h.firstChild.textContent.trim()")
        assert h1_name == name
        expect(page.locator("article h2")).to_contain_text(["日時", "くわしい情報", "問い合わせ先"])
        schedule = page.locator("article h2", has_text="日時").locator(
            "xpath=following-sibling::p[1]"
        )
        schedule_text = schedule.inner_text().strip()
        assert schedule_text and schedule_text in card_schedule_text
        expect(page.locator("article")).to_contain_text(
            re.compile(r"最終確認日：\d{4}年\d{1,2}月\d{1,2}日")
        )
        assert_fits_the_width(page)

        # breadcrumbs: back to the same list, then to 条件を選ぶ and TOP
        crumbs = page.locator("nav.breadcrumbs")
        expect(crumbs.locator("[aria-current=page]")).to_have_text(name)
        press(page, crumbs.get_by_role("link", name="検索結果に戻る"))
        assert page.url == results_url
        expect(cards.first.locator("h3 a")).to_have_text(name)
        press(page, page.locator("nav.breadcrumbs").get_by_role("link", name="条件を選ぶ"))
        assert query_of(page.url)["area"] == [sphere.code]
        expect(page.locator("h1")).to_have_text("条件を選ぶ")
        press(page, page.locator("nav.breadcrumbs").get_by_role("link", name="トップ"))
        assert urlsplit(page.url).path == "/"
    finally:
        context.close()


# ------------------------------------------------------------------ 2. axe-core

AXE_RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
  return result.violations.map(v => ({
    id: v.id, help: v.help, targets: v.nodes.map(n => n.target.join(' ')),
  }));
}"""


def public_pages() -> list[tuple[str, int]]:
    """(path, expected status) for every kind of public page."""
    samples = Resource.objects.filter(is_sample=True).order_by("pk")
    detail = samples.published().filter(schedule_rules__isnull=False).exclude(phone="").first()
    paused = samples.filter(status=Resource.Status.PAUSED).first()
    consultation = Resource.objects.published().filter(is_sample=False).order_by("pk").first()
    return [
        ("/", 200),
        ("/search/?q=体操", 200),
        (f"/search/?category=5.1.1&area={CHUO}", 200),
        ("/search/?q=存在しない言葉xyz&day=sun", 200),
        ("/search/?page=3", 200),  # pagination with a "last page" link
        (f"/search/conditions/?area={CHUO}", 200),
        ("/search/conditions/?day=mon,tue,wed,thu,fri,sat", 200),  # several weekdays ticked
        (f"/resources/{detail.pk}/", 200),
        (f"/resources/{paused.pk}/", 200),  # the 休止中 notice
        (f"/resources/{consultation.pk}/", 200),  # an あんしんケアセンター
        ("/about/", 200),
        ("/parks/", 200),  # 「公園をさがす」 (tests/test_browser_parks.py: with parks, maps)
        ("/opendata/columns/", 200),
        ("/search/export/?q=体操&format=csv-cp932&check=1", 200),
        ("/resources/999999999/", 404),
    ]


# The heading outline once the scripts have run (tests/test_headings.py reads the server's
# HTML): one h1, no level skipped on the way down, a card's heading one below its section's.
OUTLINE = """() => {
  const problems = [];
  const headings = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].map(h => ({
    level: Number(h.tagName[1]), text: h.textContent.trim(), card: !!h.closest('li.card'),
  }));
  const h1s = headings.filter(h => h.level === 1).length;
  if (h1s !== 1) problems.push(`${h1s} h1`);
  let section = null;
  headings.forEach((h, i) => {
    if (i > 0 && h.level > headings[i - 1].level + 1) {
      problems.push(`h${headings[i - 1].level} → h${h.level} 「${h.text}」 skips a level`);
    }
    if (!h.card) section = h;
    else if (!section || h.level !== section.level + 1) {
      problems.push(`card h${h.level} 「${h.text}」 under h${section ? section.level : 0}`);
    }
  });
  return problems;
}"""


def inject_axe(page: Page) -> None:
    """axe-core into the page through DevTools: the site's CSP refuses any script tag the
    test would add (and must: a violation fails the test, tests/conftest.py)."""
    session = page.context.new_cdp_session(page)
    try:
        result = session.send("Runtime.evaluate", {"expression": AXE.read_text()})
        assert "exceptionDetails" not in result, result
    finally:
        session.detach()


def axe_violations(page: Page, site: str, pages: list[tuple[str, int]], label: str) -> list[str]:
    found = []
    for path, status in pages:
        response = page.goto(site + path)
        assert response.status == status, f"{path}: {response.status}"
        inject_axe(page)
        for v in page.evaluate(AXE_RUN, WCAG_TAGS):
            found.append(f"[{label}] {path}: {v['id']} ({v['help']}) at {v['targets']}")
        found += [f"[{label}] {path}: outline: {p}" for p in page.evaluate(OUTLINE)]
    return found


def axe_at_every_size(browser: Browser, site: str, pages: list[tuple[str, int]]) -> list[str]:
    """axe-core on these pages at phone and PC widths, each size in a fresh context."""
    found = []
    for size, viewport in VIEWPORTS.items():
        context, page = new_page(browser, viewport)
        try:
            found += axe_violations(page, site, pages, size)
        finally:
            context.close()
    return found


def test_it_passes_axe_on_every_public_page(browser, site):
    pages = public_pages()
    violations = axe_at_every_size(browser, site, pages)

    # once more on a phone with 「特大」 chosen through the switch in the header
    context, page = new_page(browser, PHONE)
    try:
        page.goto(site + "/")
        press(page, page.locator(".textsize").get_by_role("link", name="特大"))
        expect(page.locator("html")).to_have_class(re.compile(r"\btextsize-xlarge\b"))
        violations += axe_violations(page, site, pages, "phone 特大")
        for path in ("/", "/search/?q=体操", f"/search/conditions/?area={CHUO}"):
            page.goto(site + path)
            assert_fits_the_width(page)
    finally:
        context.close()
    assert not violations, "axe-core and the heading outline found:\n" + "\n".join(violations)


# ------------------------------------------------------------------ 3. without JavaScript


def test_it_works_without_javascript(browser, site):
    context, page = new_page(browser, PHONE, java_script_enabled=False)
    try:
        page.goto(site + "/")
        page.get_by_label("言葉で探す").fill("体操")
        press(page, page.locator("form[role=search]").get_by_role("button", name="探す"))
        assert urlsplit(page.url).path == "/search/"
        assert query_of(page.url) == {"q": ["体操"]}
        expect(page.locator(".result-count")).to_contain_text("見つかりました")
        assert page.locator("#results > li.card").count() > 0

        # 条件を選ぶ: a plain form too
        press(page, page.get_by_role("link", name="条件を変える・追加する"))
        page.locator(".choices label", has_text="水曜日").click()
        press(page, page.get_by_role("button", name="この条件で探す"))
        query = query_of(page.url)
        assert query["q"] == ["体操"] and query["day"] == ["wed"], page.url
        expect(page.locator(".conditions a")).to_contain_text(["言葉：体操", "曜日：水曜日"])

        # 文字の大きさ: a link that sets a cookie and comes back to the same page
        here = page.url
        expect(page.locator("html")).to_have_class("textsize-standard")
        press(page, page.locator(".textsize").get_by_role("link", name="特大"))
        assert page.url == here
        expect(page.locator("html")).to_have_class("textsize-xlarge")
        expect(page.locator('.textsize a[aria-current="true"]')).to_have_text("特大")
        # on a phone the menu folds into 「メニュー」 (a <details>: no script needed)
        expect(page.locator(".global-nav")).to_be_hidden()
        page.locator(".menu > summary").tap()
        press(page, page.locator(".global-nav").get_by_role("link", name="このサイトについて"))
        expect(page.locator("h1")).to_have_text("このサイトについて")
        expect(page.locator("html")).to_have_class("textsize-xlarge")
        press(page, page.locator(".textsize").get_by_role("link", name="標準"))
        expect(page.locator("html")).to_have_class("textsize-standard")
    finally:
        context.close()


# ------------------------------------------------------------------ 4. tap targets

# Every control a finger aims at. Links inside a sentence are exempt (WCAG 2.5.5/2.5.8
# "inline"), and a radio button or check box counts through its label, which is the target.
SMALL_TARGETS = """(minimum) => {
  const controls = document.querySelectorAll(
    'a[href], button, select, input:not([type=hidden]):not([type=radio]):not([type=checkbox]),'
    + ' label:has(input[type=radio]), label:has(input[type=checkbox])');
  const small = [];
  for (const el of controls) {
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (!box.width || !box.height || style.visibility === 'hidden') continue;
    if (box.bottom + window.scrollY <= 0) continue;  // the skip link, until it is focused
    if (el.tagName === 'A' && style.display === 'inline') {
      const block = el.parentElement.closest('p, li, dd, td, h1, h2, h3, div') || el.parentElement;
      const around = block.textContent.replace(el.textContent, '').replace(/[\\s（）()／・、。]/g, '');
      if (around) continue;  // in a sentence
    }
    if (box.width < minimum - 0.5 || box.height < minimum - 0.5) {
      small.push(`${el.outerHTML.slice(0, 100)} is ${Math.round(box.width)}×${Math.round(box.height)}`);
    }
  }
  return small;
}"""


def test_it_gives_every_control_a_44px_target_on_a_phone(browser, site):
    context, page = new_page(browser, PHONE)
    small = []
    try:
        # results with condition chips, orders, cards with phone numbers, and pagination
        pages = ["/search/?category=5&page=2", "/", f"/search/conditions/?area={CHUO}"]
        for path in pages:
            page.goto(site + path)
            if path.startswith("/search/?"):
                expect(page.locator(".conditions a")).to_have_count(1)
                expect(page.locator(".pagination a[rel=next]")).to_have_count(1)
                expect(page.locator(".card .tel").first).to_be_visible()
            small += [f"{path}: {s}" for s in page.evaluate(SMALL_TARGETS, TARGET)]
        radio_labels = page.locator(".choices label").count()
        assert radio_labels > 30  # the last page measured every radio and check box label
    finally:
        context.close()
    assert not small, f"targets smaller than {TARGET}×{TARGET} px:\n" + "\n".join(small)
