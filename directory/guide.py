"""地域資源ガイド: a printable PDF booklet of an area's published resources by category.

One renderer (WeasyPrint, HTML + CSS paged media → PDF) makes both the guide of an area and
the PDF of a マイリスト. Booklets are cached as bytes in Django's "guides" cache (file based,
so every gunicorn worker and `manage.py make_guides` share it) under a key of the area, the
sorted categories, the site address, a fingerprint of the municipality's resources and the
date: any change to a resource, or a new day, makes a new key, and old ones expire.
"""

from __future__ import annotations

import datetime
import hashlib
import io
from dataclasses import dataclass, field
from typing import cast

from django.conf import settings
from django.core.cache import InvalidCacheBackendError, caches
from django.db.models import Count, Max, Q
from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils import timezone

from areas.models import Area
from directory import guide_map, printing
from directory.forms import SearchForm
from directory.models import Category, Resource

MAX_CATEGORIES = 40  # more codes than the tree has is no real request
GUIDE_KINDS = (Area.Kind.MUNICIPALITY, Area.Kind.WARD, Area.Kind.SPHERE)
# How many booklets were really rendered in this process: the tests read it to tell a cache
# hit from a new rendering without timing anything.
renders = 0
NO_AREA = "地域を選んでください。"


class TooLargeError(Exception):
    """A booklet with more entries than SASAEAI_GUIDE_MAX_ENTRIES: never rendered (the time
    and memory of a render grow with its entries); the message says so in Japanese."""

    def __init__(self, entries: int, limit: int) -> None:
        self.message = (
            f"載せる項目が多すぎます（{entries:,}件。1冊{limit:,}件まで）。"
            "区や日常生活圏域、分類をしぼって作ってください。"
        )
        super().__init__(self.message)


@dataclass
class Choice:
    """What a /guide/ request asks for, or why it cannot be made."""

    area: Area | None = None
    categories: list[Category] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def chosen_area(self) -> Area:
        """The area of a choice without errors, the only kind a guide is made of."""
        assert self.area is not None, "a guide is made of a choice without errors"
        return self.area

    @property
    def codes(self) -> list[str]:
        return sorted(c.code for c in self.categories)


def choose(params: QueryDict) -> Choice:
    """Area and categories from the query string; the area is resolved as the search does
    (SearchForm: `area` inside the municipality of `city`, or the default one)."""
    choice = Choice()
    wanted = QueryDict(mutable=True)
    for key in ("area", "city"):
        if value := params.get(key):
            wanted[key] = value
    form = SearchForm(wanted)
    criteria, _page = form.criteria()
    if criteria is None:
        choice.errors.append("まだ地域のデータがありません。")
        return choice
    area = criteria.area
    if not params.get("area"):
        choice.errors.append(str(NO_AREA))
    elif area is None or area.kind not in GUIDE_KINDS:
        choice.errors.append(
            "地域の指定が正しくありません。市全体・区・日常生活圏域から選んでください。"
        )
    choice.area = area if area is not None and area.kind in GUIDE_KINDS else None
    raw = params.getlist("category")
    codes = [c for c in dict.fromkeys(raw) if c]
    if len(raw) > MAX_CATEGORIES:
        choice.errors.append("分類の指定が多すぎます。")
        return choice
    # Only what can be a code reaches the database (PostgreSQL refuses NUL in a string).
    plausible = [c for c in codes if len(c) <= 20 and c.isascii() and c.replace(".", "").isdigit()]
    found = {c.code: c for c in Category.objects.filter(code__in=plausible)}
    unknown = [c for c in codes if c not in found]
    if unknown:
        shown = "".join(ch for ch in "、".join(unknown[:5]) if ch.isprintable())[:80]
        choice.errors.append(f"分類の指定が正しくありません：{shown}")
    choice.categories = sorted(found.values(), key=lambda c: (c.sort_order, c.code))
    return choice


def area_title(area: Area) -> str:
    """「千葉市中央区」「千葉市中央区 東千葉圏域」「千葉市」 as the cover says it."""
    chain = [a for a in area.ancestors() if a.kind != Area.Kind.TOWN]
    wards = "".join(a.name for a in chain if a.kind != Area.Kind.SPHERE)
    return f"{wards} {area.name}" if area.kind == Area.Kind.SPHERE else wards


def fingerprint(municipality: Area) -> str:
    """Changes whenever a resource of the municipality is saved, published or withdrawn."""
    row = Resource.objects.filter(municipality=municipality).aggregate(
        published=Count("pk", filter=Q(status=Resource.Status.PUBLISHED)),
        total=Count("pk"),
        latest=Max("updated_at"),
    )
    latest = row["latest"].isoformat() if row["latest"] else "-"
    return f"{row['published']}/{row['total']}/{latest}"


def cache_key(choice: Choice, site_url: str, day: datetime.date) -> str:
    parts = [
        choice.chosen_area.code,
        ",".join(choice.codes),
        site_url,
        fingerprint(municipality_of(choice.chosen_area)),
        "map" if settings.SASAEAI_GUIDE_MAP else "",
        day.isoformat(),
    ]
    digest = hashlib.sha256("|".join(parts).encode()).hexdigest()[:40]
    return f"guide:{digest}"


def municipality_of(area: Area) -> Area:
    if area.kind == Area.Kind.MUNICIPALITY:
        return area
    # Every area below a municipality belongs to one (Area.save sets it).
    return Area.objects.get(pk=cast(int, area.municipality_id))


def guide_cache():
    try:
        return caches["guides"]
    except InvalidCacheBackendError:
        return caches["default"]


def resources_of(area: Area, category: Category) -> list[Resource]:
    return list(
        Resource.objects.published()
        .in_area(area)
        .in_category(category)
        .select_related("town", "place_area")
        .prefetch_related("schedule_rules", "served_areas__children", "categories")
        .order_by("kana", "name", "pk")
    )


def sections(choice: Choice) -> list[dict]:
    """One section per chosen category, in the tree's order. A resource in several chosen
    categories is listed under each: a reader who opens one section finds everything of
    that kind there. With no category chosen, every top category that has resources in
    the area (a chosen category with none says so on its page)."""
    categories = choice.categories or list(
        Category.objects.filter(parent=None).order_by("sort_order", "code")
    )
    parts = [
        {
            "id": f"cat-{c.code.replace('.', '-')}",
            "category": c,
            "resources": resources_of(choice.chosen_area, c),
        }
        for c in categories
    ]
    return parts if choice.categories else [p for p in parts if p["resources"]]


@dataclass
class Booklet:
    pdf: bytes
    pages: int
    cached: bool


def site_base(site_url: str) -> str:
    return site_url.rstrip("/")


def resource_entries(resources: list[Resource], site_url: str) -> list[dict]:
    base = site_base(site_url)
    return [
        {
            "r": r,
            "url": f"{base}/{printing.site_path('directory-detail', r.pk)}",
            "qr": printing.qr_svg(
                f"{base}/{printing.site_path('directory-detail', r.pk)}",
                scale=2,
                label=f"{r.name}のページを開くQRコード",
            ),
        }
        for r in resources
    ]


def make_fetcher():
    """WeasyPrint's URL fetcher: a booklet is made from what the database holds, never from
    the network — but for map tiles when SASAEAI_GUIDE_MAP is on (the tests must not call
    out, and nothing in a page should make the server fetch what a resource names)."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class GuideFetcher(URLFetcher):
        def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
            if settings.SASAEAI_GUIDE_MAP and guide_map.is_tile(url):
                return URLFetcherResponse(url, guide_map.fetch_tile(url))
            raise ValueError(f"not fetched: {url[:80]}")

    return GuideFetcher(timeout=guide_map.TIMEOUT)


def render_pdf(html: str) -> tuple[bytes, int]:
    """PDF bytes and page count of a booklet's HTML."""
    global renders
    from weasyprint import HTML  # imported here: it loads Pango, which only PDFs need

    document = HTML(
        string=html, url_fetcher=make_fetcher(), base_url=str(settings.BASE_DIR)
    ).render()
    renders += 1
    buffer = io.BytesIO()
    document.write_pdf(buffer)
    return buffer.getvalue(), len(document.pages)


def guide_html(choice: Choice, site_url: str, day: datetime.date) -> str:
    parts = sections(choice)
    entries = sum(len(p["resources"]) for p in parts)
    if entries > settings.SASAEAI_GUIDE_MAX_ENTRIES:
        raise TooLargeError(entries, settings.SASAEAI_GUIDE_MAX_ENTRIES)
    numbers: dict[int, int] = {}  # a map pin's number per resource held at a place
    for part in parts:
        part["entries"] = resource_entries(part["resources"], site_url)
        if settings.SASAEAI_GUIDE_MAP:
            for entry in part["entries"]:
                r = entry["r"]
                if r.lat is not None and r.lng is not None and not r.serves_an_area:
                    entry["number"] = numbers.setdefault(r.pk, len(numbers) + 1)
    municipality = municipality_of(choice.chosen_area)
    by_id = {e["r"].pk: e["r"] for p in parts for e in p["entries"]}
    area_map = (
        guide_map.map_page(choice.chosen_area, [(n, by_id[pk]) for pk, n in numbers.items()])
        if settings.SASAEAI_GUIDE_MAP
        else None
    )
    return render_to_string(
        "directory/guide_pdf.html",
        {
            "title": "地域資源ガイド",
            "area_title": area_title(choice.chosen_area),
            "municipality": municipality,
            "category_labels": [c.name for c in choice.categories] or ["すべての分類"],
            "sections": parts,
            "made": printing.printed_date(day),
            "site_name": settings.SASAEAI_SITE_NAME,
            "site_url": site_base(site_url) + "/",
            "map": area_map,
            "total": sum(len(p["resources"]) for p in parts),
        },
    )


def make_guide(choice: Choice, site_url: str, day: datetime.date | None = None) -> Booklet:
    """The booklet from the cache, or rendered and cached."""
    day = day or timezone.localdate()
    cache = guide_cache()
    key = cache_key(choice, site_url, day)
    hit = cache.get(key)
    if hit is not None:
        return Booklet(hit[0], hit[1], True)
    pdf, pages = render_pdf(guide_html(choice, site_url, day))
    cache.set(key, (pdf, pages))
    return Booklet(pdf, pages, False)


def filename_stem(choice: Choice) -> tuple[str, str]:
    """(ASCII stem, Japanese stem) of the download: guide-121011, 地域資源ガイド_中央区."""
    area = choice.chosen_area
    ascii_stem = f"guide-{area.code if area.code.isascii() else area.pk}"
    return ascii_stem, "地域資源ガイド" + f"_{area.name}"


def list_pdf(resources: list[Resource], site_url: str, share_url: str) -> bytes:
    """A マイリスト as PDF: the same blocks as the guide, in the list's order, no cache."""
    html = render_to_string(
        "directory/guide_pdf.html",
        {
            "title": "マイリスト",
            "list_mode": True,
            "sections": [
                {
                    "id": "list",
                    "category": None,
                    "resources": resources,
                    "entries": resource_entries(resources, site_url),
                }
            ],
            "made": printing.printed_date(),
            "site_name": settings.SASAEAI_SITE_NAME,
            "site_url": site_base(site_url) + "/",
            "share_url": share_url,
            "share_qr": printing.qr_svg(share_url, scale=3, label="このリストを開くQRコード"),
            "total": len(resources),
        },
    )
    return render_pdf(html)[0]
