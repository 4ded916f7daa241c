"""Issue 12's story end to end in real Chromium (tiles stubbed: tests/test_browser_map.py):
the 東千葉圏域 coordinator records a park survey with a photo, places two workshop cards on
the map by tapping it, turns one into a 地域課題, links a resource to it and publishes it with
a point in a town that had no 通いの場 within walking distance, and sees that town's count on
the gap map go from 0 to 1. Then the area report: axe-core at 820 px and 1280 px.

The resource itself is written beforehand as a 下書き (the resource form is Chromium-tested in
tests/test_browser_office.py); everything after — linking, publishing, the gap map — is done
in the browser.
"""

from __future__ import annotations

import io

from PIL import Image
from playwright.sync_api import expect

from areas.models import Area
from directory.models import Category, Resource
from fieldwork import gaps
from fieldwork.models import LocalIssue, Park
from tests.test_browser import PC, axe_violations, new_page
from tests.test_browser_council_board import TITLES, card, new_meeting
from tests.test_browser_fieldwork import SPHERE
from tests.test_browser_map import Network
from tests.test_browser_office import TABLET, coordinator, log_in


def park_photo(tmp_path) -> str:
    path = tmp_path / "park.jpg"
    Image.new("RGB", (80, 60), (40, 130, 70)).save(path, "JPEG")
    return str(path)


def empty_town() -> Area:
    """A town of the sphere with a point and no 通いの場 within walking distance."""
    result = gaps.gap_map(Area.objects.get(code=SPHERE), Category.objects.get(code="5"))
    town = next(t for t in result.towns if t.count == 0)
    return Area.objects.get(pk=town.pk)


def draft_in(town: Area) -> Resource:
    resource = Resource.objects.create(
        municipality=town.municipality,
        name="坂の上のラジオ体操",
        kana="サカノウエノラジオタイソウ",
        town=town,
        lat=town.lat,
        lng=town.lng,
        point_precision=Resource.PointPrecision.TOWN,
        status=Resource.Status.DRAFT,
    )
    resource.categories.add(Category.objects.get(code="5.1.1"))
    return resource


def town_count(page, site: str, sphere: Area, town: Area) -> str:
    page.goto(f"{site}/office/fieldwork/gaps/?area={sphere.pk}&sort=name")
    row = page.locator("table.office-table tbody tr", has=page.locator("th", has_text=town.name))
    return row.locator("td").first.inner_text()


def test_a_coordinator_goes_from_a_park_survey_and_a_workshop_to_a_new_place_on_the_gap_map(
    browser, site, tmp_path
):
    coordinator("higashichiba", SPHERE)
    meeting = new_meeting()
    sphere = Area.objects.get(code=SPHERE)
    town = empty_town()
    resource = draft_in(town)
    context, page = new_page(browser, TABLET)
    network = Network(context, site)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        log_in(page, site, "higashichiba")
        # 1. a park survey, then its photo
        page.goto(f"{site}/office/fieldwork/parks/new/")
        page.get_by_label("公園の名前").fill("坂の上公園")
        page.locator("select[name=area]").select_option(str(sphere.pk))
        page.get_by_label("ベンチの数").fill("3")
        page.get_by_label("調査日").fill("2026-11-20")
        with page.expect_navigation():
            page.get_by_role("button", name="保存する").click()
        errors_shown = page.locator(".error-summary, .errorlist").all_inner_texts()
        expect(page.locator("h1"), str(errors_shown)).to_contain_text("坂の上公園")
        page.get_by_label("公園の写真").set_input_files(park_photo(tmp_path))
        page.get_by_label("写真の説明（代替テキスト）").fill("入口のベンチ")
        with page.expect_navigation():
            page.get_by_role("button", name="写真を追加する").click()
        expect(page.get_by_role("img", name="入口のベンチ")).to_be_visible()
        # 2. two workshop cards placed on the map by a tap; one becomes a 地域課題
        page.goto(f"{site}/office/fieldwork/meetings/{meeting.pk}/board/")
        expect(page.locator("[data-map-ready]")).to_have_count(1)
        the_map = page.get_by_role("application", name="ワークショップの地図")
        status = page.locator("[data-board-status]")
        for title, spot in zip(
            TITLES[:2], ({"x": 220, "y": 160}, {"x": 480, "y": 280}), strict=True
        ):
            card(page, title).get_by_role("button", name="地図に置く").tap()
            the_map.tap(position=spot)
            expect(status).to_have_text(f"「{title}」を地図に置きました。")
        expect(page.locator(".board-pin")).to_have_count(2)
        with page.expect_navigation():
            card(page, TITLES[0]).get_by_role("button", name="地域課題にする").tap()
        expect(page.locator("h1")).to_contain_text(TITLES[0])
        issue_url = page.url
        # 3. the gap map before: the town has none
        assert town_count(page, site, sphere, town) == "0件"
        # 4. the resource linked to the issue, then published
        page.goto(issue_url)
        page.get_by_label("地域資源の番号").fill(str(resource.pk))
        with page.expect_navigation():
            page.get_by_role("button", name="つなげる").click()
        expect(page.get_by_role("link", name="坂の上のラジオ体操")).to_be_visible()
        with page.expect_navigation():
            page.get_by_role("link", name="坂の上のラジオ体操").click()
        with page.expect_navigation():
            page.get_by_role("button", name="公開する").click()
        expect(page.locator(".status-published")).to_be_visible()
        # 5. the gap map after: one within walking distance
        assert town_count(page, site, sphere, town) == "1件"
    finally:
        context.close()
    assert not errors, errors
    assert not network.outside, network.outside
    park = Park.objects.get(name="坂の上公園")
    assert park.photos.count() == 1 and park.benches == 3 and park.area == sphere
    issue = LocalIssue.objects.get(title=TITLES[0])
    assert list(issue.resources.all()) == [resource]
    resource.refresh_from_db()
    assert resource.status == Resource.Status.PUBLISHED


def test_the_area_report_passes_axe_at_a_tablets_and_a_pcs_size(browser, site):
    coordinator("higashichiba", SPHERE)
    sphere = Area.objects.get(code=SPHERE)
    pages = [
        (f"/office/fieldwork/report/?area={sphere.pk}", 200),
        ("/office/fieldwork/report/?year=1999", 400),
        (f"/office/fieldwork/report/?area={sphere.pk}&year=2020", 200),
    ]
    violations = []
    for label, viewport in (("tablet", TABLET), ("pc", PC)):
        context, page = new_page(browser, viewport)
        Network(context, site)
        try:
            log_in(page, site, "higashichiba")
            violations += axe_violations(page, site, pages, label)
            for path, _ in pages:
                page.goto(site + path)
                overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
                assert overflow <= 0, f"[{label}] {path} scrolls sideways by {overflow}px"
        finally:
            context.close()
    assert not violations, "axe-core found:\n" + "\n".join(violations)


def test_the_area_report_prints_on_a4_without_the_navigation(browser, site):
    coordinator("higashichiba", SPHERE)
    sphere = Area.objects.get(code=SPHERE)
    context, page = new_page(browser, PC)
    Network(context, site)
    try:
        log_in(page, site, "higashichiba")
        page.goto(f"{site}/office/fieldwork/report/?area={sphere.pk}")
        page.emulate_media(media="print")
        assert page.locator("form.filters").is_hidden()
        pdf = page.pdf(prefer_css_page_size=True)
    finally:
        context.close()
    from pypdf import PdfReader

    first = PdfReader(io.BytesIO(pdf)).pages[0]
    width, height = float(first.mediabox.width), float(first.mediabox.height)
    assert (round(width), round(height)) == (595, 842)  # A4 in points
