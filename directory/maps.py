"""Maps of the public site: the result map (GeoJSON of a search) and a resource's own map.

Two kinds of resource are drawn differently (glossary: at a place / serving an area):

- held at a place: a pin at its point (lat/lng);
- comes to people's homes in its served areas (配食, 見守り, 移動販売): never a pin, which
  would send people to a kitchen or an office. It is drawn as the areas it covers.

We have no area outlines, only a representative point per 町丁目 (areas.models.Area). An
area is drawn as the convex hull of its towns' points, widened by PAD_METRES on every side:
a town's point is roughly its middle, so the outline reaches about as far as the towns on
the edge do. It is a guide, and the page says so. Hulls are cached per area.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

from areas.models import Area
from directory import schedules, search
from directory.models import Resource

MAP_CAP = search.COUNT_CAP  # resources a result map draws at most (the search counts to this)
MAP_TEXTS_DISTRICT = "（担当地区）"  # after a 相談機関's area on a map, never 「来てくれます」
PAD_METRES = 300.0
CIRCLE_STEPS = 16  # corners of the circle each hull corner is widened with
EARTH_RADIUS = 6_371_008.8  # metres (mean radius, as directory/near.py)
DECIMALS = 6  # about 10 cm: enough for a map, and keeps the JSON short
HULL_CACHE_SECONDS = 24 * 3600  # areas change when a municipality's data is reloaded, rarely

Point = tuple[float, float]  # (lat, lng)


# ---------------------------------------------------------------- tiles


def tile_attributes() -> SafeString:
    """The tile settings as data attributes (not an inline script: CSP-friendly)."""
    return format_html(
        ' data-tile-url="{}" data-tile-attribution="{}"',
        settings.SASAEAI_TILE_URL,
        settings.SASAEAI_TILE_ATTRIBUTION,
    )


# ---------------------------------------------------------------- hulls


def convex_hull(points: Iterable[tuple[float, float]]) -> list[tuple[float, float]]:
    """Andrew's monotone chain: the hull's corners counter-clockwise (x, y), no repeats."""
    pts = sorted(set(points))
    if len(pts) <= 2:
        return pts

    def cross(o: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list[tuple[float, float]] = []
    for p in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    upper: list[tuple[float, float]] = []
    for p in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]


def padded_hull(points: list[Point], pad: float = PAD_METRES) -> list[list[float]]:
    """The outline around these (lat, lng) points, widened by about `pad` metres.

    Returns a closed GeoJSON ring of [lng, lat], counter-clockwise (RFC 7946). Computed in
    a local flat projection (metres east and north of the points' middle), exact enough
    over a city. One point gives a circle, two a rounded strip.
    """
    if not points:
        raise ValueError("no points")
    lat0 = sum(lat for lat, _lng in points) / len(points)
    ky = EARTH_RADIUS * math.pi / 180  # metres per degree of latitude
    kx = ky * math.cos(math.radians(lat0))  # … and of longitude, at this latitude
    core = convex_hull((lng * kx, lat * ky) for lat, lng in points)
    # Each corner widened by a circle whose polygon lies outside the true circle (its edges
    # at `pad`, its corners a little further), so every town point is at least `pad` inside.
    radius = pad / math.cos(math.pi / CIRCLE_STEPS)
    circle = [
        (
            radius * math.cos(2 * math.pi * i / CIRCLE_STEPS),
            radius * math.sin(2 * math.pi * i / CIRCLE_STEPS),
        )
        for i in range(CIRCLE_STEPS)
    ]
    ring = convex_hull((x + dx, y + dy) for x, y in core for dx, dy in circle)
    coordinates = [[round(x / kx, DECIMALS), round(y / ky, DECIMALS)] for x, y in ring]
    return [*coordinates, coordinates[0]]


def town_points(area: Area) -> list[Point]:
    """The representative points of the towns in an area (itself, for a town)."""
    rows = (
        Area.objects.within(area)
        .towns()
        .filter(lat__isnull=False, lng__isnull=False)
        .values_list("lat", "lng")
    )
    points = list(rows)
    if not points and area.lat is not None and area.lng is not None:
        points = [(area.lat, area.lng)]  # an area with a point of its own but no towns
    return points


def served_label(area: Area) -> str:
    return f"{area.name}に来てくれます"


def hull_cache_key(area: Area) -> str:
    return f"sasaeai:map:hull:v1:{area.pk}:{area.path}"


def area_feature(area: Area) -> dict | None:
    """An area as a GeoJSON Feature (its padded hull), or None when it has no points.

    Cached per area: the key holds the area's path, so an area re-created under the same
    id elsewhere in the tree is not given another's outline.
    """
    key = hull_cache_key(area)
    ring = cache.get(key)
    if ring is None:
        points = town_points(area)
        ring = padded_hull(points) if points else []
        cache.set(key, ring, HULL_CACHE_SECONDS)
    if not ring:
        return None
    return {
        "type": "Feature",
        "id": area.pk,
        "geometry": {"type": "Polygon", "coordinates": [ring]},
        "properties": {
            "id": area.pk,
            "code": area.code,
            "name": area.name,
            "label": served_label(area),
        },
    }


def area_features(areas: Iterable[Area]) -> dict[int, dict]:
    found = {}
    for area in areas:
        if area.pk not in found and (feature := area_feature(area)) is not None:
            found[area.pk] = feature
    return found


# ---------------------------------------------------------------- the result map


def resource_properties(resource: Resource) -> dict:
    """What a popup or a list item shows: public fields only (never internal ones)."""
    today = timezone.localdate()
    next_date = resource.next_date if resource.next_date and resource.next_date >= today else None
    return {
        "id": resource.pk,
        "name": resource.name,
        "url": reverse("directory-detail", args=[resource.pk]),
        "categories": [c.label for c in resource.categories.all()],
        "schedule": resource.schedule_text(),
        "next_date": next_date.isoformat() if next_date else None,
        "next_date_text": schedules.format_date(next_date) if next_date else "",
        "fee": resource.fee_text,
        "sample": resource.is_sample,
    }


def result_map(criteria: search.Criteria, notices: Iterable[str] = ()) -> dict:
    """The map of a search: a GeoJSON FeatureCollection of the same results as the list.

    The search is the list's own (search.find), up to MAP_CAP results in the list's order.
    A resource at a place is a Point feature; one that serves an area has no geometry of
    its own (`"geometry": null`, `kind: "area"`) and names its areas, whose outlines are
    in the collection's `areas` member once each (many services share a 圏域).
    """
    outcome = search.find(criteria, 1, MAP_CAP)
    ids = outcome.resources
    # The index holds published resources only; checked again here all the same.
    points = {
        pk: (lat, lng)
        for pk, lat, lng in Resource.objects.published()
        .filter(pk__in=ids)
        .values_list("pk", "lat", "lng")
    }
    resources = search.cards([pk for pk in ids if pk in points])
    features: list[dict] = []
    served: dict[int, Area] = {}
    unplaced = 0
    for resource in resources:
        properties = resource_properties(resource)
        areas = list(resource.served_areas.all())
        lat, lng = points[resource.pk]
        if areas:
            served.update((a.pk, a) for a in areas)
            properties.update(
                kind="area",
                areas=[a.pk for a in areas],
                area_names="・".join(a.name for a in areas),
                # The list's line, as the card says it: a 相談機関's areas are its 担当地区,
                # never 「来てくれます」; 圏域 with their towns (issue 13).
                reach=f"{resource.reach_label}：{resource.served_names}"
                if resource.is_consultation
                else resource.reach_text,
                consultation=resource.is_consultation,
            )
            features.append(
                {"type": "Feature", "id": resource.pk, "geometry": None, "properties": properties}
            )
        elif lat is not None and lng is not None:
            properties["kind"] = "place"
            geometry = {
                "type": "Point",
                "coordinates": [round(lng, DECIMALS), round(lat, DECIMALS)],
            }
            features.append(
                {
                    "type": "Feature",
                    "id": resource.pk,
                    "geometry": geometry,
                    "properties": properties,
                }
            )
        else:
            unplaced += 1
    places = sum(1 for f in features if f["geometry"])
    homes = len(features) - places
    capped = outcome.capped or outcome.count > MAP_CAP
    place = near_place(criteria)
    lines = summary(places, homes, unplaced, capped)
    if place is not None:
        lines.insert(0, "「{name}」の位置（{precision}）を丸い印で示しています。".format(**place))
    return {
        "type": "FeatureCollection",
        "features": features,
        "areas": area_features(served.values()),
        "count": min(outcome.count, MAP_CAP),
        "capped": capped,
        "fallback": outcome.fallback,
        "places": places,
        "homes": homes,
        "unplaced": unplaced,
        "notices": [str(n) for n in notices] + [str(n) for n in outcome.notices],
        "summary": lines,
        "place": place,
    }


def near_place(criteria: search.Criteria) -> dict | None:
    """The place a near search measures from, as understood: name, point and precision."""
    if criteria.near is None:
        return None
    place = criteria.near.place
    return {
        "name": place.label,
        "lat": round(place.lat, DECIMALS),
        "lng": round(place.lng, DECIMALS),
        "precision": place.precision,
    }


def summary(places: int, homes: int, unplaced: int, capped: bool) -> list[str]:
    """What the map shows, in words (read out by screen readers as a status)."""
    lines = []
    if capped:
        lines.append(
            (
                "見つかった数が多いため、最初の{n}件だけを地図に表示しています。"
                "条件を加えて絞り込んでください。"
            ).format(n=f"{MAP_CAP:,}")
        )
    lines.append("地図に{n}件の場所を表示しています。".format(n=f"{places:,}"))
    if homes:
        lines.append(
            "家まで来てくれるサービス{n}件は、地図の下にまとめています。".format(n=f"{homes:,}")
        )
    if unplaced:
        lines.append(
            "場所が決まっていないもの{n}件は、地図には出ていません（一覧をご覧ください）。".format(
                n=f"{unplaced:,}"
            )
        )
    return lines


def empty_map(message: str) -> dict:
    return {
        "type": "FeatureCollection",
        "features": [],
        "areas": {},
        "count": 0,
        "capped": False,
        "fallback": False,
        "places": 0,
        "homes": 0,
        "unplaced": 0,
        "notices": [message],
        "summary": [message],
        "place": None,
    }


# ---------------------------------------------------------------- texts for the script


def texts() -> dict[str, str]:
    """Every word static/js/maps.js shows, translated here (the script holds none)."""
    return {
        "zoomIn": "地図を拡大",
        "zoomOut": "地図を縮小",
        "close": "閉じる",
        "loading": "地図を読み込んでいます…",
        "failed": "地図の情報を読み込めませんでした。下の一覧をご覧ください。",
        "tilesFailed": "地図の画像を読み込めませんでした。印と一覧はそのまま使えます。",
        "schedule": "日時",
        "scheduleUnknown": "お問い合わせください",
        "next": "次回",
        "fee": "料金",
        "more": "くわしく見る",
        "sample": "見本",
        "cluster": "%(n)s件の地域資源。押すと地図を拡大します",
        "homesHeading": "家まで来てくれるサービス",
        "homesIntro": (
            "配食・見守り・移動販売などは、決まった場所ではなく、対応地域のお宅に来て"
            "くれます。地図には印ではなく、来てくれる範囲で表します（町丁目の位置から求めた"
            "目安です）。"
        ),
        "districtsHeading": "担当地区のある相談機関",
        "districtsIntro": (
            "相談機関は、担当地区にお住まいの方の相談を受けています。地図には担当地区の範囲で"
            "表します（町丁目の位置から求めた目安です）。"
        ),
        "homesCount": "%(n)s件",
        "homesOpen": "%(n)s件の一覧を開く・閉じる",
        "areaLabel": "%(areas)sに来てくれます",
        "districtSuffix": MAP_TEXTS_DISTRICT,
        "showArea": "範囲を地図に表示",
        "showAreaOf": "%(name)sの来てくれる範囲を地図に表示",
        "areaShown": "%(name)sの来てくれる範囲（%(areas)s）を地図に表示しました。",
        "districtShown": "%(name)sの担当地区（%(areas)s）を地図に表示しました。",
        "areaNone": "この地域の範囲は地図に表示できません。",
        "placeLabel": "探している場所: %(name)s（%(precision)s）",
    }


# ---------------------------------------------------------------- a resource's own map


def resource_map(resource: Resource) -> dict | None:
    """What the detail page's map shows: the resource's point, or the areas it serves.

    None when there is nothing to draw (no point and no served area with towns).
    """
    served = list(resource.served_areas.all())
    if served:
        features = list(area_features(served).values())
        if not features:
            return None
        if resource.is_consultation:
            # A 相談機関's areas are whom it answers for, not homes it comes to.
            features = [
                {
                    **f,
                    "properties": {
                        **f["properties"],
                        "label": f"{f['properties']['name']}{MAP_TEXTS_DISTRICT}",
                    },
                }
                for f in features
            ]
        return {
            "kind": "area",
            "areas": {"type": "FeatureCollection", "features": features},
            "names": "・".join(a.name for a in served),
        }
    if resource.lat is None or resource.lng is None:
        return None
    return {
        "kind": "place",
        "lat": f"{resource.lat:.{DECIMALS}f}",
        "lng": f"{resource.lng:.{DECIMALS}f}",
        # Demo and imported points are mostly a town's middle: only a point from the
        # address or set on the map is shown as exact.
        "approximate": resource.point_precision
        not in (Resource.PointPrecision.ADDRESS, Resource.PointPrecision.MANUAL),
    }
