"""The gap map in a real browser (Chromium through Playwright), tiles answered by a stub and
every other request off the test server refused: the coloured towns on the map, the table
without JavaScript, axe-core (WCAG 2.1 A/AA), 44 px targets and no sideways scrolling at a
tablet's and a PC's size."""

from __future__ import annotations

from django.contrib.auth.models import User
from playwright.sync_api import expect

from areas.models import Area
from office.models import Staff
from tests.test_browser import PC, SMALL_TARGETS, TARGET, axe_violations, new_page
from tests.test_browser_map import Network
from tests.test_browser_office import PASSWORD, TABLET, log_in

SPHERE = "121002-弁天"


def city_admin() -> None:
    user = User.objects.create_user("gap-admin", password=PASSWORD, last_name="高齢福祉課")
    Staff.objects.create(user=user, role=Staff.Role.ADMIN)


def gap_pages() -> list[tuple[str, int]]:
    sphere = Area.objects.get(code=SPHERE)
    base = "/office/fieldwork/gaps"
    return [
        (f"{base}/?area={sphere.pk}", 200),
        (f"{base}/?area={sphere.pk}&sort=name", 200),
        (f"{base}/?category=abc", 200),
        (f"{base}/population/", 200),
    ]


def test_it_passes_axe_with_44px_targets_on_the_gap_pages(browser, site):
    city_admin()
    pages = gap_pages()
    violations, small = [], []
    for label, viewport in (("tablet", TABLET), ("pc", PC)):
        context, page = new_page(browser, viewport)
        network = Network(context, site)
        try:
            log_in(page, site, "gap-admin")
            violations += axe_violations(page, site, pages, label)
            for path, _ in pages:
                page.goto(site + path)
                overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
                assert overflow <= 0, f"[{label}] {path} scrolls sideways by {overflow}px"
                if label == "tablet":
                    small += [
                        f"{path}: {s}"
                        for s in page.evaluate(
                            SMALL_TARGETS.replace(
                                "document.querySelectorAll(",
                                "document.querySelector('main').querySelectorAll(",
                            ),
                            TARGET,
                        )
                    ]
        finally:
            context.close()
        assert not network.outside, network.outside
    assert not violations, "axe-core found:\n" + "\n".join(violations)
    assert not small, f"targets smaller than {TARGET}×{TARGET} px:\n" + "\n".join(small)


def test_it_colours_each_town_on_the_map(browser, site):
    city_admin()
    sphere = Area.objects.get(code=SPHERE)
    context, page = new_page(browser, PC)
    network = Network(context, site)
    try:
        log_in(page, site, "gap-admin")
        page.goto(f"{site}/office/fieldwork/gaps/?area={sphere.pk}")
        expect(page.locator("[data-gap-map]")).to_be_visible()
        towns = page.evaluate("JSON.parse(document.getElementById('gap-towns').textContent)")
        circles = page.locator("[data-gap-map] path.leaflet-interactive, [data-gap-map] svg path")
        expect(circles).to_have_count(len(towns))
        red = [t for t in towns if t["level"] == "none"]
        fills = page.eval_on_selector_all(
            "[data-gap-map] svg path", "ps => ps.map(p => p.getAttribute('fill'))"
        )
        assert fills.count("#c0172c") == len(red)
    finally:
        context.close()
    assert network.tile_requests, "the map asked for no tiles"
    assert not network.outside, network.outside


def test_it_is_the_table_without_javascript(browser, site):
    city_admin()
    sphere = Area.objects.get(code=SPHERE)
    context, page = new_page(browser, TABLET, java_script_enabled=False)
    try:
        log_in(page, site, "gap-admin")
        page.goto(f"{site}/office/fieldwork/gaps/?area={sphere.pk}")
        expect(page.locator("[data-gap-map]")).to_be_hidden()
        expect(page.get_by_role("rowheader", name="院内一丁目")).to_be_visible()
        with page.expect_navigation():
            page.get_by_role("link", name="町丁目の順").click()
        expect(page.locator("tbody th").first).to_have_text("道場北町")
    finally:
        context.close()
