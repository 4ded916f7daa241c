"""Query parameters of the API: parsed strictly, each failure an ApiError in Japanese.

A public search page forgives a bad value (it drops it with a notice); an API answers
400 instead, so a client never mistakes an ignored filter for an empty result.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterator
from dataclasses import dataclass

from django.http import QueryDict
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from api.serializers import TAXONOMY_ID
from areas import addresses, places
from areas.models import Area
from directory import near, search
from directory.forms import MAX_QUERY_CHARS, WEEKDAYS, default_municipality
from directory.models import Category, Provider, Resource, ResourceQuerySet
from directory.search.order import keys_of, sort_rows
from sasaeai.lib import ids

PER_PAGE_DEFAULT = 50
PER_PAGE_MAX = 100
PAGE_MAX = 100_000
PROXIMITY_MAX_METERS = 100_000


class ApiError(Exception):
    """A request the API refuses: 400 (bad parameter) or 404 (nothing with that id)."""

    def __init__(self, message: str, *, parameter: str | None = None, status: int = 400):
        super().__init__(message)
        self.message = message
        self.parameter = parameter
        self.status = status


def not_found() -> ApiError:
    return ApiError("指定されたIDのデータは見つかりません。", status=404)


def parse_id(value: str) -> int:
    """A numeric id from the path; anything else (or beyond any database integer) is a 404."""
    number = ids.parse_id(value)
    if number is None:
        raise not_found()
    return number


def _single(params: QueryDict, name: str) -> str | None:
    values = params.getlist(name)
    if not values:
        return None
    if len(values) > 1:
        raise ApiError(f"「{name}」は1回だけ指定してください。", parameter=name)
    value = values[0]
    if any(ch < " " for ch in value):
        raise ApiError(f"「{name}」に使えない文字があります。", parameter=name)
    return value.strip()


def _integer(params: QueryDict, name: str, default: int, low: int, high: int) -> int:
    value = _single(params, name)
    if value is None or value == "":
        return default
    if (
        not (value.isascii() and value.isdigit())
        or len(value) > 12
        or not low <= int(value) <= high
    ):
        raise ApiError(
            f"「{name}」は{low}から{high}までの整数で指定してください。",
            parameter=name,
        )
    return int(value)


@dataclass
class Paging:
    page: int
    per_page: int
    ndjson: bool

    @classmethod
    def parse(cls, params: QueryDict) -> Paging:
        fmt = _single(params, "format") or "json"
        if fmt not in ("json", "ndjson"):
            raise ApiError("「format」は json か ndjson で指定してください。", parameter="format")
        return cls(
            page=_integer(params, "page", 1, 1, PAGE_MAX),
            per_page=_integer(params, "per_page", PER_PAGE_DEFAULT, 1, PER_PAGE_MAX),
            ndjson=fmt == "ndjson",
        )


def _municipality(params: QueryDict) -> Area | None:
    code = _single(params, "city")
    if not code:
        return None
    found = Area.objects.municipalities().filter(code=code[:120]).first()
    if found is None:
        raise ApiError("指定された市区町村が見つかりません。", parameter="city")
    return found


def _days(params: QueryDict) -> tuple[int, ...]:
    """day=mon&day=tue or day=mon,tue (the site's URLs say both): any of these weekdays."""
    codes = [code.strip() for value in params.getlist("day") for code in value.split(",")]
    codes = [code for code in codes if code]
    unknown = [code for code in codes if code not in WEEKDAYS]
    if unknown:
        raise ApiError(
            "「day」は mon・tue・wed・thu・fri・sat・sun で指定してください"
            "（いくつでも：day=mon&day=tue）。",
            parameter="day",
        )
    return tuple(sorted({WEEKDAYS.index(code) for code in codes}))


def _modified_after(params: QueryDict) -> datetime.datetime | None:
    value = _single(params, "modified_after")
    if not value:
        return None
    # An unencoded "+09:00" arrives as " 09:00": put the plus sign back.
    if len(value) > 19 and value[-6] == " ":
        value = value[:-6] + "+" + value[-5:]
    try:
        moment = parse_datetime(value)
        if moment is None and (day := parse_date(value)):
            moment = datetime.datetime.combine(day, datetime.time())
    except (ValueError, OverflowError):
        moment = None
    if moment is None:
        raise ApiError(
            (
                "「modified_after」は 2026-11-01T09:00:00+09:00 のような日時"
                "（または 2026-11-01 のような日付）で指定してください。"
            ),
            parameter="modified_after",
        )
    try:
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        moment.astimezone(datetime.UTC)  # the database compares in UTC
    except (ValueError, OverflowError) as error:
        raise ApiError(
            "「modified_after」の日時が範囲外です。", parameter="modified_after"
        ) from error
    return moment


def _category(params: QueryDict) -> Category | None:
    code = _single(params, "taxonomy_term_id")
    if not code:
        return None
    found = Category.objects.filter(code=code[:20]).first()
    if found is None:
        raise ApiError(
            "指定された分類（taxonomy_term_id）が見つかりません。",
            parameter="taxonomy_term_id",
        )
    return found


def _taxonomy(params: QueryDict) -> bool:
    value = _single(params, "taxonomy_id")
    if value and value != TAXONOMY_ID:
        raise ApiError(
            "指定された分類体系（taxonomy_id）が見つかりません。", parameter="taxonomy_id"
        )
    return bool(value)


def _provider(params: QueryDict) -> int | None:
    value = _single(params, "organization_id")
    if not value:
        return None
    number = ids.parse_id(value)
    public = Provider.objects.filter(resources__status__in=Resource.PUBLIC_STATUSES)
    if number is not None and public.filter(pk=number).exists():
        return number
    raise ApiError(
        "指定された実施主体（organization_id）が見つかりません。", parameter="organization_id"
    )


@dataclass
class Place:
    """A postcode or a typed place: the areas it covers (when we hold them) and its point."""

    postal_code: str  # 「260-0013」; empty for a place given by name (`place`)
    towns: list[Area]
    lat: float | None
    lng: float | None


def _named_place(params: QueryDict, municipality: Area | None) -> Place | None:
    """`place`: a place as the site's 近くを探す reads it (町名, 住所, 駅, 区, 圏域 …). A name
    several places answer to, or none, is an error that names them: never a guess."""
    text = _single(params, "place")
    if not text:
        return None
    if len(text) > near.MAX_PLACE_CHARS:
        raise ApiError(
            f"「place」は{near.MAX_PLACE_CHARS}文字までで指定してください。", parameter="place"
        )
    cities = [municipality] if municipality else list(Area.objects.municipalities())
    understood = places.understand(cities, text)
    spot = understood.spot
    if spot is None:
        if understood.choices:
            names = "、".join(s.query for s in understood.choices)
            message = f"「{text}」に当てはまる場所がいくつかあります。次のどれかで指定してください：{names}"
        elif understood.suggestions:
            names = "、".join(s.query for s in understood.suggestions)
            message = f"「{text}」の場所が見つかりません。次のことですか：{names}"
        else:
            message = f"「{text}」の場所が見つかりません。町名・住所・郵便番号・駅の名前で指定してください。"
        raise ApiError(message, parameter="place")
    homes = places.home_of(spot)
    if not homes:  # a station or a venue: the town around it
        city = Area.objects.filter(pk=spot.municipality_id).first()
        town = near.nearest_town(city, spot.lat, spot.lng) if city else None
        homes = [town] if town else []
    return Place("", homes, spot.lat, spot.lng)


def _postcode(params: QueryDict) -> Place | None:
    value = _single(params, "postcode")
    if not value:
        return None
    digits = addresses.normalise_postal_code(value[:20])
    if digits is None:
        raise ApiError(
            "「postcode」は 260-0013 のような7桁の郵便番号で指定してください。",
            parameter="postcode",
        )
    code = f"{digits[:3]}-{digits[3:]}"
    towns = addresses.postal_code_towns(code)
    points = [(t.lat, t.lng) for t in towns if t.lat is not None and t.lng is not None]
    if not points:
        return Place(code, towns, None, None)
    lat = sum(p[0] for p in points) / len(points)
    lng = sum(p[1] for p in points) / len(points)
    return Place(code, towns, lat, lng)


@dataclass
class Circle:
    lat: float
    lng: float
    meters: float


def _proximity(params: QueryDict, place: Place | None) -> Circle | None:
    value = _single(params, "proximity")
    if not value:
        return None
    message = (
        "「proximity」は郵便番号（postcode）からの距離をメートルで（例：1000）、"
        "または「緯度,経度,メートル」（例：35.61,140.12,1000）で指定してください。"
        "距離は{max}メートルまでです。"
    ).format(max=f"{PROXIMITY_MAX_METERS:,}")
    parts = [p.strip() for p in value.split(",")]
    try:
        numbers = [float(p) for p in parts]
    except ValueError:
        raise ApiError(message, parameter="proximity") from None
    if not all(math.isfinite(n) for n in numbers) or len(numbers) not in (1, 3):
        raise ApiError(message, parameter="proximity")
    meters = numbers[-1]
    if not 0 < meters <= PROXIMITY_MAX_METERS:
        raise ApiError(message, parameter="proximity")
    if len(numbers) == 3:
        lat, lng = numbers[0], numbers[1]
        if not (-90 <= lat <= 90 and -180 <= lng <= 180):
            raise ApiError(message, parameter="proximity")
        return Circle(lat, lng, meters)
    if place is None:
        raise ApiError(
            "「proximity」を距離だけで指定するときは「postcode」か「place」も指定してください。",
            parameter="proximity",
        )
    if place.lat is None or place.lng is None:
        raise ApiError(
            "この郵便番号の位置がわからないため、距離で絞り込めません。", parameter="postcode"
        )
    return Circle(place.lat, place.lng, meters)


def distances(queryset: ResourceQuerySet, circle: Circle) -> dict[int, float]:
    """Metres from the circle's centre of the resources whose point lies in it: a bounding
    box in SQL, then the exact test."""
    south, north, west, east = near.bbox(circle.lat, circle.lng, circle.meters)
    box = queryset.filter(lat__gte=south, lat__lte=north, lng__gte=west, lng__lte=east)
    found = {}
    for pk, lat, lng in box.prefetch_related(None).values_list("pk", "lat", "lng").order_by():
        metres = near.distance(circle.lat, circle.lng, lat, lng)
        if metres <= circle.meters:
            found[pk] = metres
    return found


# `sort` is the same parameter as `order` under the name HSDS clients look for: one parser,
# one set of values (the site's orders, search.ORDERS).
ORDER_PARAMS = ("order", "sort")


def _order(params: QueryDict) -> str | None:
    given = {name: value for name in ORDER_PARAMS if (value := _single(params, name))}
    if len(set(given.values())) > 1:
        raise ApiError(
            "「order」と「sort」は同じものです。どちらか1つで指定してください。", parameter="sort"
        )
    for name, value in given.items():
        if value not in search.ORDERS:
            raise ApiError(
                f"「{name}」は " + "、".join(search.ORDERS) + " のいずれかで指定してください。",
                parameter=name,
            )
        return value
    return None


class Listed:
    """Rows of a queryset in the order of a list of its ids (a search's ranking, 近い順),
    paged and streamed by api.views as a queryset is: a list of any length costs no more
    than its ids (an ORDER BY over it would have to name every one)."""

    def __init__(self, queryset: ResourceQuerySet, ids: list[int]) -> None:
        self.queryset = queryset
        self.ids = ids

    def count(self) -> int:
        return len(self.ids)

    def __getitem__(self, part: slice) -> list[Resource]:
        ids = self.ids[part]
        found = {r.pk: r for r in self.queryset.filter(pk__in=ids).order_by()}
        return [found[pk] for pk in ids if pk in found]

    def iterator(self, chunk_size: int) -> Iterator[Resource]:
        for start in range(0, len(self.ids), chunk_size):
            yield from self[start : start + chunk_size]


def _search_ids(params: QueryDict, municipality: Area | None, order: str) -> list[int] | None:
    """Ids the site's Japanese search finds (published only, at most search.COUNT_CAP), in
    the order asked for: with relevance, the very list the site's result pages show
    (search.ranked: its ranking, and its nearest matches when no resource holds every word)."""
    q = _single(params, "search")
    if not q:
        return None
    if len(q) > MAX_QUERY_CHARS:
        raise ApiError(
            f"「search」は{MAX_QUERY_CHARS}文字までで指定してください。",
            parameter="search",
        )
    municipality = municipality or default_municipality()
    if municipality is None:
        return []
    if search.parse(q) is None:  # nothing searchable in it (only spaces or punctuation): no filter
        return None
    # Condition words (午前, 平日, 無料 …) are conditions here too, as on the site's pages.
    rest, found = search.typed.split(q)
    criteria = search.Criteria(
        municipality=municipality, q=rest, order=order, **search.typed.criteria_fields(found)
    )
    return search.ranked(criteria)


def filter_services(queryset: ResourceQuerySet, params: QueryDict) -> ResourceQuerySet | Listed:
    """Apply every service filter of the query string (all must hold), in the order asked
    for (order= or sort=, the site's orders; without it: with search=, the site's おすすめ順,
    else by id)."""
    order = _order(params)
    municipality = _municipality(params)
    if municipality:
        queryset = queryset.filter(municipality=municipality)
    ids = None
    if order != "distance":
        ids = _search_ids(params, municipality, order or "relevance")
        if ids is not None and order is None:
            order = "relevance"
    else:
        ids = _search_ids(params, municipality, "relevance")
    if ids is not None:
        queryset = queryset.filter(pk__in=ids)
    if category := _category(params):
        queryset = queryset.in_category(category)
    if _taxonomy(params):
        queryset = queryset.filter(pk__in=Resource.categories.through.objects.values("resource_id"))
    if (provider_id := _provider(params)) is not None:
        queryset = queryset.filter(provider_id=provider_id)
    if moment := _modified_after(params):
        queryset = queryset.filter(updated_at__gte=moment)
    if days := _days(params):
        queryset = queryset.on_any_day(days)
    place = _postcode(params)
    if (named := _named_place(params, municipality)) is not None:
        if place is not None:
            raise ApiError(
                "「place」と「postcode」は、どちらか一つだけ指定してください。", parameter="place"
            )
        place = named
    circle = _proximity(params, place)
    metres: dict[int, float] = {}
    if circle:
        metres = distances(queryset, circle)
        queryset = queryset.filter(pk__in=list(metres))
    elif place:
        # The postcode's own resources, and those whose served areas cover its town.
        matches = (
            queryset.filter(postal_code=place.postal_code) if place.postal_code else queryset.none()
        )
        for town in place.towns:
            matches = matches | queryset.in_area(town)
        queryset = matches
    if order is None:
        return queryset
    if order == "distance":
        if not circle:
            raise ApiError(
                "「order=distance」は「proximity」と一緒に指定してください。", parameter="order"
            )
        return Listed(queryset, sorted_ids(queryset, order, metres))
    if ids is not None and order != "distance":
        # The search's own order (search.ranked sorted them as asked): kept, less what the
        # other filters leave out.
        kept = set(queryset.values_list("pk", flat=True))
        return Listed(queryset, [pk for pk in ids if pk in kept])
    return queryset.in_order(order)


def sorted_ids(queryset: ResourceQuerySet, order: str, metres: dict[int, float]) -> list[int]:
    """The queryset's ids in an order, as the site's near-me search sorts them."""
    names = [name for name, _descending in keys_of(order)]
    rows = list(queryset.prefetch_related(None).order_by().values_list("pk", *names))
    columns = {name: i + 1 for i, name in enumerate(names)}
    sort_rows(rows, order, lambda row, name: row[columns[name]], lambda row: metres.get(row[0]))
    return [row[0] for row in rows]
