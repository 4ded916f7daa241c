"""公園カルテ's map and the public 「公園をさがす」 in a real browser (Chromium, Playwright).

- the back office's parks map: a pin per park with a point (the demo's two, placed by their
  addresses), a popup leading to the karte, the park without a point listed apart, axe-core
  at a tablet's and a PC's size; tiles answered by a stub, every other outside URL refused;
- the public /parks/ pages at 320, 390 and 1280 px: axe-core, 44 px targets, no sideways
  scrolling, the filter without JavaScript, and a public park's map.
"""

from __future__ import annotations

from playwright.sync_api import expect

from areas.models import Area
from fieldwork.models import Park
from fieldwork.park_demo import load_park_demo
from tests.test_browser import (
    AXE_RUN,
    PC,
    PHONE,
    SMALL_TARGETS,
    TARGET,
    WCAG_TAGS,
    assert_fits_the_width,
    inject_axe,
    new_page,
    press,
)
from tests.test_browser_map import Network, pins
from tests.test_browser_office import TABLET, coordinator, log_in

SPHERE = "121002-弁天"
NARROW = {**PHONE, "viewport": {"width": 320, "height": 640}}


def axe(page, label: str) -> list[str]:
    inject_axe(page)
    return [
        f"[{label}] {page.url}: {v['id']} ({v['help']}) at {v['targets']}"
        for v in page.evaluate(AXE_RUN, WCAG_TAGS)
    ]


def test_it_shows_the_parks_on_a_map_with_pins_and_lists_the_unplaced(browser, site):
    coordinator("higashichiba", SPHERE)
    load_park_demo(Area.objects.get(code="121002"))
    placed = Park.objects.get(name="見本 弁天なかよし公園")
    violations = []
    for label, viewport in (("tablet", TABLET), ("pc", PC)):
        context, page = new_page(browser, viewport)
        network = Network(context, site)
        errors: list[str] = []
        page.on("pageerror", lambda error, errors=errors: errors.append(str(error)))
        try:
            log_in(page, site, "higashichiba")
            page.goto(site + "/office/fieldwork/parks/")
            with page.expect_navigation(timeout=30_000):
                page.get_by_role("link", name="この条件で地図で見る").click()
            expect(page.locator("[data-map-ready]")).to_have_count(1)
            expect(pins(page)).to_have_count(2)
            expect(page.locator("[data-map-status]")).to_contain_text("地図に2か所の公園")
            unplaced = page.locator(
                "section", has=page.get_by_role("heading", name="地図に出せない公園（1か所）")
            )
            expect(unplaced.get_by_role("link", name="見本 みどり児童公園")).to_be_visible()
            pins(page).and_(page.locator(f'[title="{placed.name}"]')).click()
            popup = page.locator(".leaflet-popup")
            expect(popup).to_contain_text("住所の町の中心（おおよそ）")
            expect(popup).to_contain_text("多目的トイレあり")
            violations += axe(page, label)
            assert network.tile_requests, "no tile was asked for"
            assert not network.outside and not errors, (network.outside, errors)
            # a filter narrows the map: only the park with a toilet
            page.goto(site + "/office/fieldwork/parks/map/?toilet=on")
            expect(page.locator("[data-map-ready]")).to_have_count(1)
            expect(pins(page)).to_have_count(1)
            if label == "pc":
                pins(page).first.click()
                link = page.locator(".leaflet-popup").get_by_role("link", name=placed.name)
                expect(link).to_be_visible()
                # both suites share the machine's two cores under `make test`: room to load
                with page.expect_navigation(timeout=30_000):
                    link.click()
                expect(page.locator("h1")).to_contain_text(placed.name)
        finally:
            context.close()
    assert not violations, "axe-core found:\n" + "\n".join(violations)


def test_it_serves_the_public_park_pages_to_residents_on_a_phone(browser, site):
    load_park_demo(Area.objects.get(code="121002"))
    park = Park.objects.get(name="見本 弁天なかよし公園")
    paths = ["/parks/", "/parks/?toilet=1&benches=1", f"/parks/{park.pk}/", "/about/"]
    violations, small = [], []
    for label, viewport in (("phone", PHONE), ("narrow", NARROW), ("pc", PC)):
        context, page = new_page(browser, viewport)
        network = Network(context, site)
        try:
            for path in paths:
                page.goto(site + path)
                if path.startswith(f"/parks/{park.pk}/"):
                    expect(page.locator("[data-map-ready]")).to_have_count(1)
                    expect(page.locator(".leaflet-marker-icon")).to_have_count(1)
                assert_fits_the_width(page)
                if label != "narrow":
                    violations += axe(page, label)
                if label == "phone":
                    small += [f"{path}: {s}" for s in page.evaluate(SMALL_TARGETS, TARGET)]
            assert not network.outside, network.outside
        finally:
            context.close()
    assert not violations, "axe-core found:\n" + "\n".join(violations)
    assert not small, f"targets smaller than {TARGET}×{TARGET} px:\n" + "\n".join(small)


def test_it_finds_a_park_from_the_about_page_without_javascript(browser, site):
    load_park_demo(Area.objects.get(code="121002"))
    context, page = new_page(browser, PHONE, java_script_enabled=False)
    try:
        page.goto(site + "/about/")
        press(page, page.get_by_role("link", name="公園をさがす"))
        page.locator(".choices label", has_text="トイレがある").tap()
        press(page, page.get_by_role("button", name="この条件で表示する"))
        assert "toilet=1" in page.url
        expect(page.locator(".result-count")).to_have_text("1か所の公園があります。")
        press(page, page.get_by_role("link", name="見本 弁天なかよし公園"))
        expect(page.locator("h1")).to_contain_text("見本 弁天なかよし公園")
        expect(page.locator("h1 .sample")).to_have_text("見本")
        expect(page.locator(".facts")).to_contain_text("多目的トイレあり")
        expect(page.locator("body")).not_to_contain_text("コーディネーター（見本）")  # who surveyed
    finally:
        context.close()
