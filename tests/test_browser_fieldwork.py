"""地域課題, 支援記録 and 公園カルテ in a real browser (Chromium through Playwright).

- a coordinator moves an issue on with a dated note, links a resource to it, and finds the
  issue on the resource's back-office page;
- axe-core (WCAG 2.1 A/AA), 44 px targets in the page's content and no sideways scrolling,
  on every fieldwork page at a tablet's and a PC's size.
"""

from __future__ import annotations

import io
import unicodedata

from playwright.sync_api import expect
from pypdf import PdfReader

from areas.models import Area
from directory.models import Resource
from fieldwork.demo import load_fieldwork_demo
from fieldwork.models import LocalIssue, Park, SupportRecord
from fieldwork.park_demo import load_park_demo
from tests.test_browser import PC, SMALL_TARGETS, TARGET, axe_violations, new_page
from tests.test_browser_map import Network
from tests.test_browser_office import TABLET, coordinator, log_in

SPHERE = "121002-弁天"


def targets_in(selector: str) -> str:
    """SMALL_TARGETS within one part of the page: fieldwork's own content (the shared header
    and menu, and the rest of office's resource page, are office's to measure)."""
    return SMALL_TARGETS.replace(
        "document.querySelectorAll(", f"document.querySelector({selector!r}).querySelectorAll("
    )


def demo_records() -> tuple[LocalIssue, SupportRecord]:
    load_fieldwork_demo(Area.objects.get(code="121002"))
    issue = LocalIssue.objects.get(title="徒歩圏内にラジオ体操を開催したい")
    return issue, SupportRecord.objects.get()


def fieldwork_pages(issue: LocalIssue, record: SupportRecord) -> list[tuple[str, int]]:
    resource = issue.resources.first() or Resource.objects.published().first()
    base = "/office/fieldwork"
    return [
        (f"{base}/issues/", 200),
        (f"{base}/issues/?area=abc", 200),
        (f"{base}/issues/new/", 200),
        (f"{base}/issues/{issue.pk}/", 200),
        (f"{base}/issues/{issue.pk}/edit/", 200),
        (f"{base}/issues/{issue.pk}/delete/", 200),
        (f"{base}/issues/{issue.pk}/history/", 200),
        (f"{base}/issues/{issue.pk}/history/1/", 200),
        (f"{base}/support/", 200),
        (f"{base}/support/new/?resource={resource.pk}", 200),
        (f"{base}/support/{record.pk}/", 200),
        (f"{base}/support/{record.pk}/edit/", 200),
        (f"{base}/support/{record.pk}/history/1/", 200),
        (f"/office/resources/{resource.pk}/", 200),
        ("/office/", 200),
    ]


def check_pages(browser, site, username: str, pages, *, tiles: bool = False) -> None:
    """axe-core at a tablet's and a PC's size, no sideways scrolling, and 44 px targets in
    the main part at the tablet's, on each of these back-office pages as username sees them
    (tiles: map tiles answered by the stub of tests/test_browser_map.py)."""
    violations, small = [], []
    for label, viewport in (("tablet", TABLET), ("pc", PC)):
        context, page = new_page(browser, viewport)
        if tiles:
            Network(context, site)
        try:
            log_in(page, site, username)
            violations += axe_violations(page, site, pages, label)
            for path, _ in pages:
                page.goto(site + path)
                overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
                assert overflow <= 0, f"[{label}] {path} scrolls sideways by {overflow}px"
                if label == "tablet":
                    small += [f"{path}: {s}" for s in page.evaluate(targets_in("main"), TARGET)]
        finally:
            context.close()
    assert not violations, "axe-core found:\n" + "\n".join(violations)
    assert not small, f"targets smaller than {TARGET}×{TARGET} px:\n" + "\n".join(small)


def test_it_passes_axe_with_44px_targets_on_every_fieldwork_page(browser, site):
    coordinator("higashichiba", SPHERE)
    issue, record = demo_records()
    pages = fieldwork_pages(issue, record)
    violations, small = [], []
    for label, viewport in (("tablet", TABLET), ("pc", PC)):
        context, page = new_page(browser, viewport)
        try:
            log_in(page, site, "higashichiba")
            violations += axe_violations(page, site, pages, label)
            for path, _ in pages:
                page.goto(site + path)
                overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
                assert overflow <= 0, f"[{label}] {path} scrolls sideways by {overflow}px"
                if label == "tablet":
                    office_page = path.startswith("/office/resources/") or path == "/office/"
                    part = "#fieldwork" if office_page else "main"
                    small += [f"{path}: {s}" for s in page.evaluate(targets_in(part), TARGET)]
        finally:
            context.close()
    assert not violations, "axe-core found:\n" + "\n".join(violations)
    assert not small, f"targets smaller than {TARGET}×{TARGET} px:\n" + "\n".join(small)


def test_it_lets_a_coordinator_move_an_issue_on_and_link_a_resource(browser, site):
    coordinator("higashichiba", SPHERE)
    issue, _ = demo_records()
    cafe = LocalIssue.objects.get(title="誰でも参加できるカフェが欲しい")
    sphere = Area.objects.get(code=SPHERE)
    salon = (
        Resource.objects.published()
        .filter(town__path__startswith=sphere.path)
        .exclude(pk__in=issue.resources.values("pk"))
        .order_by("pk")
        .first()
    )
    context, page = new_page(browser, TABLET)
    try:
        log_in(page, site, "higashichiba")
        with page.expect_navigation():
            page.get_by_role("link", name="地域課題・支援記録").click()
        with page.expect_navigation():
            page.get_by_role("link", name="誰でも参加できるカフェが欲しい").click()
        page.get_by_label("状態").select_option(label="検討中")
        page.get_by_label("日付").fill("2026-11-30")
        page.get_by_label("経過のメモ").fill("協議体で会場の候補を話し合った。")
        with page.expect_navigation():
            page.get_by_role("button", name="記録する").click()
        expect(page.locator(".status").first).to_have_text("検討中")
        expect(page.get_by_text("協議体で会場の候補を話し合った。")).to_be_visible()
        page.get_by_label("地域資源の番号").fill(str(salon.pk))
        with page.expect_navigation():
            page.get_by_role("button", name="つなげる").click()
        with page.expect_navigation():
            page.get_by_role("link", name=salon.name).click()
        panel = page.locator("section", has=page.get_by_role("heading", name="地域課題と支援記録"))
        expect(panel.get_by_role("link", name="誰でも参加できるカフェが欲しい")).to_be_visible()
    finally:
        context.close()
    cafe.refresh_from_db()
    assert cafe.status == LocalIssue.Status.CONSIDERING
    assert list(cafe.resources.all()) == [salon]


def park_pages() -> list[tuple[str, int]]:
    load_park_demo(Area.objects.get(code="121002"))
    park = Park.objects.get(name="見本 弁天なかよし公園")
    base = "/office/fieldwork/parks"
    return [
        (f"{base}/", 200),
        (f"{base}/?toilet=on&benches=2", 200),
        (f"{base}/?benches=abc", 200),
        (f"{base}/new/", 200),
        (f"{base}/import/", 200),
        (f"{base}/{park.pk}/", 200),
        (f"{base}/{park.pk}/edit/", 200),
        (f"{base}/{park.pk}/print/", 200),
        (f"{base}/{park.pk}/delete/", 200),
        (f"{base}/{park.pk}/history/", 200),
        (f"{base}/{park.pk}/history/1/", 200),
    ]


def test_it_passes_axe_with_44px_targets_on_every_park_page(browser, site):
    coordinator("higashichiba", SPHERE)
    check_pages(browser, site, "higashichiba", park_pages())


def test_it_prints_a_park_karte_on_one_a4_sheet_without_navigation(browser, site):
    coordinator("higashichiba", SPHERE)
    load_park_demo(Area.objects.get(code="121002"))
    park = Park.objects.get(name="見本 弁天なかよし公園")
    context, page = new_page(browser, PC)
    try:
        log_in(page, site, "higashichiba")
        page.goto(f"{site}/office/fieldwork/parks/{park.pk}/print/")
        page.emulate_media(media="print")
        expect(page.locator(".site-header")).to_be_hidden()
        pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))
        text = unicodedata.normalize("NFKC", "\n".join(p.extract_text() for p in pdf.pages))
    finally:
        context.close()
    assert len(pdf.pages) == 1
    assert "見本 弁天なかよし公園" in text and "多目的トイレあり" in text
    for navigation in ("文字の大きさ", "ログアウト", "公園カルテの一覧", "印刷できます"):
        assert navigation not in text, navigation
