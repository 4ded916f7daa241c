"""Public pages: TOP → 条件を選ぶ → 対象リスト → 詳細を表示. No log-in, no JavaScript needed."""

from __future__ import annotations

from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
    QueryDict,
)
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

from areas.models import Area, with_towns
from directory import cardcache, home, maps, near, search
from directory.context_processors import TEXT_SIZES
from directory.forms import (
    CONDITION_LABELS,
    DAYPARTS,
    FLAGS,
    KNOWN_PARAMS,
    NEAR_PARAMS,
    WEEKDAY_LABELS,
    WEEKDAYS,
    WORKDAYS,
    SearchForm,
    city_of,
    day_param,
    days_label,
    default_municipality,
)
from directory.models import Category, Resource
from directory.pagecache import keep_public_page
from sasaeai.lib.http import answers_json

PRINT_MAX = 200  # a printed list holds the whole result up to this many entries


def search_url(params: QueryDict, **changes: str | None) -> str:
    """/search/ with the given parameters changed (None removes one); page always resets."""
    return with_params(reverse("directory-results"), params, **changes)


def with_params(base: str, params: QueryDict, **changes: str | None) -> str:
    query = params.copy()
    query.pop("page", None)
    query.pop("print", None)  # a link from the printable list leads back to the pages
    for key, value in changes.items():
        query.pop(key, None)
        if value is not None:
            query[key] = value
    encoded = query.urlencode()
    return base + (f"?{encoded}" if encoded else "")


def removed(key: str) -> dict[str, None]:
    """The parameter changes that drop one condition: 「近く」 is several parameters, and
    「近い順」 means nothing without it."""
    if key == "near":
        return dict.fromkeys((*NEAR_PARAMS, "order"))
    return {key: None}


def near_label(place: near.Near) -> str:
    return f"{place.place.label}から{near.WITHIN[place.within]}以内"


def near_understood(criteria: search.Criteria) -> dict | None:
    """「新千葉（中央区）の近く」 and how precise its point is, for the page to say. A postal
    code is an area, not a point: 「郵便番号260-0031（新千葉一丁目〜三丁目）のあたり」."""
    if criteria.near is None:
        return None
    place = criteria.near.place
    said = f"{place.label}のあたり" if place.kind == "postal" else f"「{place.label}」の近く"
    return {"name": place.label, "precision": place.precision, "said": said}


def near_unknown(request: HttpRequest, criteria: search.Criteria) -> HttpResponse | None:
    """A typed place that is not one place: ask which (choices) or offer close names, rather
    than search the whole city. None when the place was understood or none was typed."""
    params = request.GET
    typed = params.get("near", "")
    if criteria.near is not None or not typed.strip() or params.get("lat") or params.get("lng"):
        return None
    understood = near.understand(criteria.municipality, typed)
    if understood.found:
        return None

    def links(spots: list) -> list[dict]:
        return [
            {"name": s.name, "precision": s.precision, "url": search_url(params, near=s.query)}
            for s in spots
        ]

    context = {
        "typed": typed[: near.MAX_PLACE_CHARS],
        "choices": links(understood.choices),
        "suggestions": links(understood.suggestions),
        "suggestion_names": "・".join(s.name for s in understood.suggestions),
        "without_place_url": search_url(params, **removed("near")),
        "conditions_url": reverse("directory-conditions")
        + (f"?{params.urlencode()}" if params else ""),
        **near_form(params, criteria),
    }
    return render(request, "directory/near_choices.html", context)


def active_conditions(criteria: search.Criteria, params: QueryDict) -> list[dict]:
    """Each active condition with the link that removes it."""
    values = {
        "q": criteria.q,
        "category": criteria.category.label if criteria.category else "",
        "area": criteria.area.name_with_towns() if criteria.area else "",
        "day": days_label(criteria.days),
        "time": next((lbl for v, lbl in DAYPARTS.values() if v == criteria.daypart), ""),
        "near": near_label(criteria.near) if criteria.near else "",
    }
    items = [(key, f"{CONDITION_LABELS[key]}：{value}") for key, value in values.items() if value]
    for flag, attr in (("free", "free"), ("nobooking", "no_booking"), ("carers", "carers")):
        if getattr(criteria, attr):
            items.append((flag, str(FLAGS[flag])))
    return [
        {"label": label, "remove_url": search_url(params, **removed(key))} for key, label in items
    ]


def near_form(params: QueryDict, criteria: search.Criteria | None = None) -> dict:
    """What templates/directory/_near_form.html needs: the other conditions ride along."""
    return {
        "within_choices": near.WITHIN,
        "within_current": criteria.near.within
        if criteria and criteria.near
        else near.DEFAULT_WITHIN,
        "near_text": params.get("near", "")[: near.MAX_PLACE_CHARS],
        "keep": [
            (key, value)
            for key, value in params.items()
            if key not in (*NEAR_PARAMS, "page") and key in KNOWN_PARAMS
        ],
    }


def person_key(person: home.Home | None) -> str:
    """What a card says to this person depends on their place (home.reach): part of the
    key of a kept card (cardcache), like the place searched near."""
    return repr((person.homes, person.town, person.where)) if person else ""


def consultation(
    request: HttpRequest,
    municipality: Area,
    area: Area | None,
    near_place: str = "None",
    person: home.Home | None = None,
) -> list:
    """The 相談機関 of an area as cards (search.consultation_for), kept ones as kept, the
    others told what they say to this person."""
    ids = search.kept_consultation_ids(municipality, area)
    cardcache.for_person(request, person_key(person))
    cards = cardcache.prepare(ids, municipality.pk, {}, cardcache.Variant(), request, near_place)
    tell(cards, person)
    return cards


def tell(cards: list, person: home.Home | None) -> None:
    """home.tell for the cards drawn afresh; a kept card holds its words already."""
    home.tell([c for c in cards if not isinstance(c, cardcache.Kept)], person)


def area_trail(area: Area | None) -> list[Area]:
    """The areas from the ward down to this one, 圏域 with their towns read."""
    if area is None:
        return []
    by_id = with_towns(area.ancestor_ids)
    trail = [by_id[i] for i in area.ancestor_ids if i in by_id]
    return [a for a in trail if a.kind != Area.Kind.MUNICIPALITY]


def not_ready(request: HttpRequest) -> HttpResponse:
    """No municipality has been loaded yet: say so instead of failing."""
    return render(request, "directory/empty.html", status=503)


@require_GET
@home.remember_home
@keep_public_page(per_cookie=home.COOKIE)
def top(request: HttpRequest) -> HttpResponse:
    # ?city=12204 (5 or 6 digits), or the city of the area chosen, or the site's own.
    chosen = city_of(request.GET.get("city", ""))
    area = None
    if code := request.GET.get("area", ""):
        area = Area.objects.filter(code=code[:120]).exclude(municipality=None).first()
        if area is not None and chosen is not None and area.municipality_id != chosen.pk:
            area = None
    default = default_municipality()
    municipality = chosen or (area.municipality if area else None) or default
    if municipality is None:
        return not_ready(request)
    home.note(request, area)
    # The area this browser remembers (directory/home.py): its 相談機関 come first.
    remembered = None if area else home.remembered(request, municipality)
    consultation_cards = consultation(
        request, municipality, area or remembered, person=home.of_area(area or remembered)
    )
    wards = Area.objects.filter(parent=municipality).order_by("sort_order", "code")
    context = {
        "municipality": municipality,
        # Kept on every link of the page when this is not the site's own city.
        "city": municipality.code if default is None or municipality.pk != default.pk else "",
        "categories": Category.objects.filter(parent=None),
        "wards": wards,
        **near_form(QueryDict()),
        "area": area,
        "area_children": (
            area.children.exclude(kind=Area.Kind.TOWN).prefetch_related("children") if area else []
        ),
        "remembered": remembered,
        "consultation": consultation_cards,
        # The planner's cached statistic: no count of a whole city on every visit to TOP.
        "resource_count": search.published_total(municipality.pk),
    }
    return render(request, "directory/top.html", context)


@require_GET
@keep_public_page
def conditions(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    criteria, _page = form.criteria()
    if criteria is None:
        return not_ready(request)
    area = criteria.area
    children = (
        (area or criteria.municipality)
        .children.order_by("sort_order", "code")
        .prefetch_related("children")
    )
    trail = area_trail(area)
    here = reverse("directory-conditions")
    context = {
        "criteria": criteria,
        "notices": form.notices,
        "categories": Category.objects.all(),
        "area": area,
        "area_trail": trail,
        "area_children": [
            {"name": a.name_with_towns(), "url": with_params(here, request.GET, area=a.code)}
            for a in children
        ],
        "area_up": [
            {"name": a.name_with_towns(), "url": with_params(here, request.GET, area=a.code)}
            for a in trail[:-1]
        ],
        "area_clear_url": with_params(here, request.GET, area=None),
        "dayparts": [(key, label) for key, (_v, label) in DAYPARTS.items()],
        "day_choices": day_choices(criteria.days),
        "time_code": next((k for k, (v, _l) in DAYPARTS.items() if v == criteria.daypart), ""),
        # 「近く」 rides along and is said, with the link that drops it (issue 13).
        "near_label": near_label(criteria.near) if criteria.near else "",
        "near_clear_url": with_params(here, request.GET, **removed("near")),
        "params": request.GET,
        "orders": search.ORDERS,
        # the place (and its order) and the map view are chosen elsewhere: they ride along
        "kept": [
            (k, request.GET[k]) for k in (*NEAR_PARAMS, "order", "view") if request.GET.get(k)
        ],
    }
    return render(request, "directory/conditions.html", context)


DAY_SHORTCUTS = (("平日（月〜金）", WORKDAYS), ("土日", (5, 6)))


def day_choices(days: tuple[int, ...]) -> list[dict[str, object]]:
    """The weekday checkboxes of 条件を選ぶ, 平日 and 土日 first. The days asked for are the
    union of the boxes ticked (no script needed), so a shortcut whose days are all chosen is
    ticked and its days are not ticked again: unticking it then drops them."""
    chosen = set(days)
    covered: set[int] = set()
    out: list[dict[str, object]] = []
    for label, group in DAY_SHORTCUTS:
        on = chosen.issuperset(group)
        covered |= set(group) if on else set()
        out.append({"value": day_param(group), "label": label, "checked": on, "shortcut": True})
    for d, (code, label) in enumerate(zip(WEEKDAYS, WEEKDAY_LABELS, strict=True)):
        out.append({"value": code, "label": label, "checked": d in chosen - covered})
    return out


@require_GET
@home.remember_home
@keep_public_page
def results(request: HttpRequest) -> HttpResponse:
    # Conditions typed as words (「体操 午前」) move into the URL, so they show as conditions
    # with remove links and are not also required as text (directory/search/typed.py).
    if (changes := search.typed.moved(request.GET)) is not None:
        return HttpResponseRedirect(search_url(request.GET, **changes))
    form = SearchForm(request.GET)
    criteria, page = form.criteria()
    if criteria is None:
        return not_ready(request)
    if len(request.GET.getlist("day")) > 1 and criteria.days:
        # The 条件を選ぶ page sends one day= per ticked box; the stable URL holds them as one
        # (day=mon,tue,…), which the chips and their remove links read.
        return HttpResponseRedirect(search_url(request.GET, day=day_param(criteria.days)))
    if (asked := near_unknown(request, criteria)) is not None:
        return asked
    print_all = request.GET.get("print") == "all"
    outcome = search.find(criteria, 1, PRINT_MAX) if print_all else search.find(criteria, page)
    place = criteria.near.place if criteria.near else None
    home.note(request, place.home if place and not place.from_phone else criteria.area)
    person = home.of_place(place) if place else home.of_area(criteria.area)
    # The cards kept as HTML are served as they are; only the others' rows are read.
    near_place = repr(near_understood(criteria))
    cardcache.for_person(request, person_key(person))
    outcome.resources = cardcache.prepare(
        outcome.resources,
        criteria.municipality.pk,
        outcome.distances,
        cardcache.RESULT_CARD,
        request,
        near_place,
    )
    tell(outcome.resources, person)
    params = request.GET
    conditions = active_conditions(criteria, params)
    consultation_cards = (
        # A near search: the 相談機関 of the place's own area (its あんしんケアセンター).
        consultation(request, criteria.municipality, place.home, near_place, person)
        if place and place.home and not criteria.area
        else consultation(request, criteria.municipality, criteria.area, near_place, person)
        if outcome.count == 0 or outcome.fallback or criteria.area
        else []
    )
    context = {
        "criteria": criteria,
        "outcome": outcome,
        "notices": form.notices + outcome.notices,
        "conditions": conditions,
        # What was searched, in words, for the printed heading (言葉・分類・地域・曜日・近く).
        "searched": "、".join(c["label"] for c in conditions) or "すべて",
        "print_all": print_all,
        "print_all_url": with_params(reverse("directory-results"), params, print="all"),
        "print_max": PRINT_MAX,
        "orders": [
            {
                "key": key,
                "label": label,
                "url": search_url(params, order=key),
                "current": key == criteria.order,
            }
            for key, label in search.ORDERS.items()
            if key != "distance" or criteria.near
        ],
        "relaxations": (
            [
                {
                    "text": f"もっと広く探す（{near.WITHIN[within]}以内）",
                    "count": n,
                    "url": search_url(params, within=str(within)),
                }
                for within, n in search.wider(criteria)
            ]
            + [
                {
                    "text": f"「{CONDITION_LABELS[key]}」を外す",
                    "count": n,
                    "url": search_url(params, **removed(key)),
                }
                for key, n in search.relaxations(criteria)
            ]
            if outcome.count == 0 or outcome.fallback
            else []
        ),
        **near_form(params, criteria),
        "near_place": near_understood(criteria),
        "consultation": consultation_cards,
        "page_links": page_links(params, outcome.page, outcome.pages),
        **view_links(params),
        "conditions_url": reverse("directory-conditions")
        + (f"?{params.urlencode()}" if params else ""),
        # The whole result, not this page of it: with_params drops "page".
        "downloads": [
            ("CSV（UTF-8）", with_params(reverse("directory-export"), params, format="csv")),
            (
                "CSV（Shift_JIS）",
                with_params(reverse("directory-export"), params, format="csv-cp932", check="1"),
            ),
            ("Excel", with_params(reverse("directory-export"), params, format="xlsx")),
            (
                "オープンデータ（CSV）",
                with_params(reverse("directory-export"), params, format="opendata-csv"),
            ),
        ],
    }
    return render(request, "directory/results.html", context)


def view_links(params: QueryDict) -> dict:
    """「一覧で見る」「地図で見る」: the same search as a list, or as a list under a map."""
    return {
        "map_view": params.get("view") == "map",
        "list_url": with_params(reverse("directory-results"), params, view=None),
        "map_url": with_params(reverse("directory-results"), params, view="map"),
        "map_data_url": with_params(reverse("directory-map-data"), params, view=None),
    }


@require_GET
@answers_json
def map_data(request: HttpRequest) -> JsonResponse:
    """The result map's GeoJSON: the same search as /search/ with the same parameters."""
    form = SearchForm(request.GET)
    criteria, _page = form.criteria()
    if criteria is None:
        data, status = maps.empty_map("まだ地域のデータがありません。"), 503
    else:
        data, status = maps.result_map(criteria, form.notices), 200
    return JsonResponse(
        data,
        status=status,
        content_type="application/geo+json",
        json_dumps_params={"ensure_ascii": False, "separators": (",", ":")},
    )


def page_links(params: QueryDict, page: int, pages: int) -> dict:
    def url(n: int) -> str:
        query = params.copy()
        query["page"] = str(n)
        return reverse("directory-results") + "?" + query.urlencode()

    window = range(max(1, page - 2), min(pages, page + 2) + 1)
    return {
        "prev": url(page - 1) if page > 1 else None,
        "next": url(page + 1) if page < pages else None,
        "numbers": [{"n": n, "url": url(n), "current": n == page} for n in window],
        "first": url(1) if page - 2 > 1 else None,
        "last": url(pages) if page + 2 < pages else None,
        "pages": pages,
    }


def load_public_resource(pk: int) -> Resource:
    resource = (
        Resource.objects.public()
        .select_related("town", "place_area", "provider", "municipality")
        .prefetch_related("categories__parent", "schedule_rules", "served_areas__children")
        .filter(pk=pk)
        .first()
    )
    if resource is None:
        raise Http404("この地域資源は見つかりません。")
    return resource


@require_GET
@keep_public_page
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    resource = load_public_resource(pk)
    back = request.GET.get("back", "")
    if not (
        back.startswith(reverse("directory-results"))
        and url_has_allowed_host_and_scheme(back, None)
    ):
        back = ""
    categories = list(resource.categories.all())
    context = {
        "resource": resource,
        "upcoming": resource.upcoming(count=5),
        "categories": categories,
        "photos": resource.photos.filter(removed_at__isnull=True).defer("image"),
        "top_category": (
            Category.objects.filter(code=categories[0].top()).first() if categories else None
        ),
        "area_trail": area_trail(resource.town) if resource.town else [],
        "back_url": back,
        "resource_map": maps.resource_map(resource),
        "consultation": consultation(request, resource.municipality, resource.town)
        if resource.town
        else [],
    }
    return render(request, "directory/detail.html", context)


@require_GET
def text_size(request: HttpRequest) -> HttpResponse:
    """標準・大・特大: a cookie, so it works without JavaScript and stays across pages."""
    target = request.GET.get("next", reverse("directory-top"))
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("directory-top")
    response = HttpResponseRedirect(target)
    size = request.GET.get("size", "")
    if size in TEXT_SIZES:
        response.set_cookie("textsize", size, max_age=365 * 24 * 3600, samesite="Lax")
    return response


@require_GET
@keep_public_page
def about(request: HttpRequest) -> HttpResponse:
    return render(request, "directory/about.html", {"municipality": default_municipality()})
