"""The maps in real Chromium: the result map (clusters, pins, popups, home services), a
resource's own map, no JavaScript, failing tiles, axe-core and tap targets.

Tiles never come from the internet: every request that leaves the live server is caught.
Tile requests are answered with a small PNG (or refused, to play failing tiles); any other
request going out is refused and makes the test fail.
"""

from __future__ import annotations

import base64
import re
from urllib.parse import quote, urlsplit

from django.conf import settings
from django.test import Client
from playwright.sync_api import BrowserContext, Page, Route, expect

from directory.models import CONSULTATION_CODE, Resource
from tests.test_browser import (
    AXE_RUN,
    PC,
    PHONE,
    SMALL_TARGETS,
    TARGET,
    VIEWPORTS,
    WCAG_TAGS,
    inject_axe,
    new_page,
    press,
)

# 1×1 grey PNG: the stand-in for every tile.
TILE_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4//8/AAX+Av4N70a4AAAAAElFTkSuQmCC"
)
TILE_HOST = urlsplit(settings.SASAEAI_TILE_URL).netloc
MAP_CATEGORY = "5"  # 交流の場・通いの場: many resources at a place
HOME_CATEGORY = "3"  # 宅配: every one comes to people's homes


class Network:
    """Keeps a browser context off the internet: the live server only, tiles stubbed."""

    def __init__(self, context: BrowserContext, site: str, tiles: str = "stub"):
        self.site, self.tiles = site, tiles
        self.tile_requests: list[str] = []
        self.outside: list[str] = []
        context.route("**/*", self.handle)

    def handle(self, route: Route) -> None:
        url = route.request.url
        if url.startswith(self.site + "/"):
            route.continue_()
        elif urlsplit(url).netloc == TILE_HOST:
            self.tile_requests.append(url)
            if self.tiles == "stub":
                route.fulfill(status=200, content_type="image/png", body=TILE_PNG)
            else:
                route.abort()
        else:
            self.outside.append(url)
            route.abort()


def map_page(browser, site: str, viewport: dict, path: str, tiles: str = "stub"):
    context, page = new_page(browser, viewport)
    network = Network(context, site, tiles)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(site + path)
    expect(page.locator("[data-map-ready]")).to_have_count(1)
    return context, page, network, errors


def single_place_query() -> tuple[Resource, str]:
    """A resource at a place whose name finds it alone (one pin, no cluster)."""
    client = Client()
    for resource in Resource.objects.published().at_a_place().order_by("pk"):
        query = f"/search/?q={quote(resource.name)}"
        data = client.get(query.replace("/search/", "/search/map.json")).json()
        if [f["id"] for f in data["features"]] == [resource.pk]:
            return resource, query + "&view=map"
    raise AssertionError("no resource at a place is found alone by its name")


def pins(page: Page):
    return page.locator(".leaflet-marker-icon:not(.map-cluster)")


def test_it_clusters_the_results_on_a_map_above_the_list(browser, site):
    path = f"/search/?category={MAP_CATEGORY}&view=map"
    data = Client().get(f"/search/map.json?category={MAP_CATEGORY}").json()
    context, page, network, errors = map_page(browser, site, PC, path)
    try:
        expect(page.get_by_role("region", name="検索結果の地図")).to_be_visible()
        expect(page.locator("[data-map-status]")).to_contain_text(
            f"地図に{data['places']:,}件の場所を表示しています。"
        )
        clusters = page.locator(".map-cluster")
        expect(clusters.first).to_be_visible()
        # every pin is in a cluster or on its own: none lost, none twice
        in_clusters = sum(
            int(n) for n in clusters.locator("span[aria-hidden=true]").all_inner_texts()
        )
        assert in_clusters + pins(page).count() == data["places"]
        expect(page.locator("[data-map-fallback]")).to_be_hidden()  # the no-JavaScript note
        expect(clusters.first).to_have_attribute("role", "button")
        expect(clusters.first.locator(".visually-hidden")).to_contain_text("押すと地図を拡大します")
        # the list is all there below the map
        expect(page.locator("#results > li.card")).to_have_count(settings.SASAEAI_PAGE_SIZE)
        assert page.locator(".map-section").evaluate(
            "(map) => !!(map.compareDocumentPosition(document.getElementById('results'))"
            " & Node.DOCUMENT_POSITION_FOLLOWING)"
        )
        # a cluster zooms in when pressed
        zoom = page.evaluate("document.querySelector('.leaflet-proxy').style.transform")
        clusters.first.click()
        page.wait_for_function(
            "(before) => document.querySelector('.leaflet-proxy').style.transform !== before",
            arg=zoom,
        )
        assert network.tile_requests, "the tiles were asked for (and stubbed)"
        assert not network.outside and not errors, (network.outside, errors)
    finally:
        context.close()


def test_it_opens_a_popup_that_leads_to_the_resource(browser, site):
    resource, path = single_place_query()
    context, page, network, errors = map_page(browser, site, PHONE, path)
    try:
        pin = pins(page)
        expect(pin).to_have_count(1)
        expect(pin).to_have_attribute("alt", resource.name)
        expect(page.locator(".map-cluster")).to_have_count(0)
        pin.tap()
        popup = page.locator(".leaflet-popup")
        expect(popup).to_be_visible()
        link = popup.get_by_role("link", name=resource.name)
        expect(link).to_be_focused()
        expect(popup).to_contain_text("日時")
        expect(popup).to_contain_text("料金")
        expect(popup).to_contain_text(resource.fee_text)
        expect(popup.get_by_role("button", name="閉じる")).to_be_visible()
        press(page, link)
        assert urlsplit(page.url).path == f"/resources/{resource.pk}/"
        expect(page.locator("h1")).to_contain_text(resource.name)
        # back to the same map view
        press(page, page.locator("nav.breadcrumbs").get_by_role("link", name="検索結果に戻る"))
        assert site + path == page.url
        assert not network.outside and not errors, (network.outside, errors)
    finally:
        context.close()


def test_it_opens_a_popup_from_the_keyboard(browser, site):
    resource, path = single_place_query()
    context, page, network, errors = map_page(browser, site, PC, path)
    try:
        pins(page).focus()
        page.keyboard.press("Enter")
        expect(
            page.locator(".leaflet-popup").get_by_role("link", name=resource.name)
        ).to_be_focused()
        page.keyboard.press("Escape")
        expect(page.locator(".leaflet-popup")).to_have_count(0)
        expect(pins(page)).to_be_focused()  # the keyboard is back on the pin
        assert not errors, errors
    finally:
        context.close()


def test_it_lists_home_services_beside_the_map_and_draws_their_areas(browser, site):
    path = f"/search/?category={HOME_CATEGORY}&view=map"
    data = Client().get(f"/search/map.json?category={HOME_CATEGORY}").json()
    assert data["homes"] > 0 and data["places"] == 0
    context, page, network, errors = map_page(browser, site, PHONE, path)
    try:
        box = page.locator(".map-homes")
        expect(box.locator("h3")).to_have_text(f"家まで来てくれるサービス（{data['homes']}件）")
        expect(pins(page)).to_have_count(0)  # never a pin
        expect(page.locator(".map-cluster")).to_have_count(0)
        expect(page.locator(".leaflet-overlay-pane path")).to_have_count(0)  # drawn on demand
        if data["homes"] > 8:
            box.locator("summary").tap()
        first = data["features"][0]["properties"]
        item = box.locator("li").first
        expect(item).to_contain_text(
            first["reach"]
        )  # as the card says it: 「…のお宅に来てくれます」
        assert first["reach"].endswith("のお宅に来てくれます"), first["reach"]
        button = item.get_by_role("button", name=re.compile("範囲を地図に表示"))
        expect(button).to_have_attribute("aria-pressed", "false")
        button.tap()
        expect(button).to_have_attribute("aria-pressed", "true")
        expect(page.locator(".leaflet-overlay-pane path")).to_have_count(len(first["areas"]))
        label = f"{first['area_names'].split('・')[0]}に来てくれます"
        expect(page.locator(".map-area-label").first).to_have_text(label)
        expect(page.locator("[data-map-status]")).to_contain_text("の来てくれる範囲")
        button.tap()  # pressed again: the area goes
        expect(page.locator(".leaflet-overlay-pane path")).to_have_count(0)
        expect(button).to_have_attribute("aria-pressed", "false")
        assert not network.outside and not errors, (network.outside, errors)
    finally:
        context.close()


def test_it_lists_consultation_offices_by_their_district_never_as_coming(browser, site):
    data = Client().get("/search/map.json?category=6.1").json()
    assert data["homes"] > 0
    context, page, network, errors = map_page(
        browser, site, PHONE, "/search/?category=6.1&view=map"
    )
    try:
        box = page.locator(".map-homes")
        expect(box.locator("h3")).to_have_text(f"担当地区のある相談機関（{data['homes']}件）")
        if data["homes"] > 8:
            box.locator("summary").tap()
        item = box.locator("li").first
        expect(item).to_contain_text("担当地区：")
        expect(item).not_to_contain_text("来てくれます")
        item.get_by_role("button", name=re.compile("範囲を地図に表示")).tap()
        expect(page.locator(".map-area-label").first).to_have_text(re.compile("（担当地区）$"))
        expect(page.locator("[data-map-status]")).to_contain_text("の担当地区")
        assert not errors, errors
    finally:
        context.close()


def test_it_maps_a_resource_at_its_place_or_over_its_areas(browser, site):
    place = Resource.objects.published().at_a_place().order_by("pk").first()
    home = (
        Resource.objects.published()
        .serving_an_area()
        .exclude(categories__code__startswith=CONSULTATION_CODE)
        .order_by("pk")
        .first()
    )
    office = Resource.objects.published().consultation().serving_an_area().order_by("pk").first()
    for resource in (place, home, office):
        context, page, network, errors = map_page(
            browser, site, PHONE, f"/resources/{resource.pk}/"
        )
        try:
            section = page.locator(".map-section")
            expect(section).to_be_visible()
            if resource == place:
                expect(section.locator("h2")).to_have_text("場所の地図")
                expect(pins(page)).to_have_count(1)
                expect(pins(page)).to_have_attribute("alt", resource.name)
                expect(page.locator(".leaflet-overlay-pane path")).to_have_count(0)
            elif resource == office:
                # A 相談機関's areas are its 担当地区, never 「来てくれます」 (issue 9).
                served = list(resource.served_areas.all())
                expect(section.locator("h2")).to_have_text("担当地区の地図")
                expect(page.locator(".map-area-label")).to_have_text(
                    [f"{a.name}（担当地区）" for a in served]
                )
            else:
                served = list(resource.served_areas.all())
                expect(section.locator("h2")).to_have_text("来てくれる地域の地図")
                expect(pins(page)).to_have_count(0)
                expect(page.locator(".leaflet-overlay-pane path")).to_have_count(len(served))
                expect(page.locator(".map-area-label")).to_have_text(
                    [f"{a.name}に来てくれます" for a in served]
                )
            assert network.tile_requests
            assert not network.outside and not errors, (network.outside, errors)
        finally:
            context.close()


def test_it_keeps_the_list_without_javascript(browser, site):
    context, page = new_page(browser, PHONE, java_script_enabled=False)
    network = Network(context, site)
    try:
        page.goto(site + f"/search/?category={MAP_CATEGORY}&view=map")
        expect(page.locator(".view-switch [aria-current]")).to_have_text("地図で見る")
        expect(page.locator(".map-section")).to_be_hidden()
        expect(page.get_by_text("地図を表示するには JavaScript が必要です")).to_be_visible()
        expect(page.locator("#results > li.card")).to_have_count(settings.SASAEAI_PAGE_SIZE)
        press(page, page.get_by_role("link", name="一覧で見る"))
        assert "view=" not in page.url
        expect(page.locator(".view-switch [aria-current]")).to_have_text("一覧で見る")
        page.goto(site + f"/resources/{Resource.objects.published().at_a_place().first().pk}/")
        expect(page.locator(".map-section")).to_be_hidden()
        assert not network.tile_requests and not network.outside
    finally:
        context.close()


def test_it_keeps_pins_and_areas_when_the_tiles_fail(browser, site):
    resource, path = single_place_query()
    context, page, network, errors = map_page(browser, site, PC, path, tiles="fail")
    try:
        expect(pins(page)).to_have_count(1)
        expect(page.locator("[data-map-status]")).to_contain_text(
            "地図の画像を読み込めませんでした"
        )
        pins(page).click()
        expect(
            page.locator(".leaflet-popup").get_by_role("link", name=resource.name)
        ).to_be_visible()
        expect(page.locator("#results > li.card")).to_have_count(1)
        home = Resource.objects.published().serving_an_area().order_by("pk").first()
        page.goto(site + f"/resources/{home.pk}/")
        expect(page.locator("[data-map-ready]")).to_have_count(1)
        expect(page.locator(".leaflet-overlay-pane path").first).to_be_visible()
        assert network.tile_requests
        assert not network.outside and not errors, (network.outside, errors)
    finally:
        context.close()


def axe_on_maps(page: Page, site: str, paths: list[str], label: str) -> list[str]:
    found = []
    for path in paths:
        page.goto(site + path)
        expect(page.locator("[data-map-ready]")).to_have_count(1)
        if "view=map" in path and pins(page).count():
            pins(page).first.click()  # with a popup open
            expect(page.locator(".leaflet-popup")).to_be_visible()
        inject_axe(page)
        for v in page.evaluate(AXE_RUN, WCAG_TAGS):
            found.append(f"[{label}] {path}: {v['id']} ({v['help']}) at {v['targets']}")
    return found


def test_it_passes_axe_and_gives_44px_targets_on_the_maps(browser, site):
    place = Resource.objects.published().at_a_place().order_by("pk").first()
    home = Resource.objects.published().serving_an_area().order_by("pk").first()
    _resource, single = single_place_query()
    paths = [
        f"/search/?category={MAP_CATEGORY}&view=map",
        f"/search/?category={HOME_CATEGORY}&view=map",
        single,
        f"/resources/{place.pk}/",
        f"/resources/{home.pk}/",
    ]
    violations, small = [], []
    for size, viewport in VIEWPORTS.items():
        context, page = new_page(browser, viewport)
        network = Network(context, site)
        try:
            violations += axe_on_maps(page, site, paths, size)
            if size == "phone":
                for path in paths:
                    page.goto(site + path)
                    expect(page.locator("[data-map-ready]")).to_have_count(1)
                    small += [f"{path}: {s}" for s in page.evaluate(SMALL_TARGETS, TARGET)]
            assert not network.outside, network.outside
        finally:
            context.close()
    assert not violations, "axe-core found:\n" + "\n".join(violations)
    assert not small, f"targets smaller than {TARGET}×{TARGET} px:\n" + "\n".join(small)
