"""Where the person lives, when they have said it, and what a card then says to them.

A place is known from a near search (what they typed, or the town around the phone's
position), an area chosen (?area=), or the area remembered in this browser (the cookie
below: the TOP shows that area's 相談機関 first). Nothing else about the person is kept.

A home service then says 「お住まいの弁天圏域（新千葉など）に来てくれます」 — the area it
serves, named with the person's own town, so nobody needs to know which 圏域 新千葉 lies in
— and a 相談機関 says 「お住まいの新千葉は担当地区です」, never 「来てくれます」 (issue 13).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, unquote

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views.decorators.http import require_GET

from areas.loader import town_base
from areas.models import Area
from directory import near

# The remembered area: its public code (the same as ?area=), URL-quoted. Read by the TOP
# only; sent by the browser with every request to this site and nowhere else.
COOKIE = "home_area"
COOKIE_DAYS = 90
MAX_CODE = 120  # Area.code's length


@dataclass(frozen=True)
class Home:
    homes: tuple[int, ...]  # the person's own areas (the 丁目 of a town, a ward, a 圏域)
    chain: frozenset[int]  # those and every area above them: a service serving one comes
    town: str  # the town they gave (「新千葉」, 「新千葉二丁目」); "" for a ward or 圏域
    where: str  # the place in words, for a 相談機関 (the town, else the area's name)


def _towns_said(areas: list[Area]) -> str:
    """「新千葉」 for its three 丁目, 「新千葉二丁目」 for one, 「蘇我・蘇我町」 for two towns."""
    towns = [a for a in areas if a.kind == Area.Kind.TOWN]
    if not towns or len(towns) != len(areas):
        return ""
    if len(towns) == 1:
        return towns[0].name
    bases = list(dict.fromkeys(town_base(t.name) for t in towns))
    return "・".join(bases[:2])


def _home(areas: list[Area]) -> Home | None:
    areas = [a for a in areas if a.kind != Area.Kind.MUNICIPALITY]
    if not areas:
        return None
    chain = frozenset(pk for a in areas for pk in a.ancestor_ids)
    town = _towns_said(areas)
    where = town or "・".join(a.name_with_towns() for a in areas)
    return Home(tuple(a.pk for a in areas), chain, town, where)


def of_place(place: near.Place) -> Home | None:
    ids = place.homes or ((place.home.pk,) if place.home else ())
    return _home(list(Area.objects.filter(pk__in=ids).order_by("sort_order", "code")))


def of_area(area: Area | None) -> Home | None:
    return _home([area]) if area is not None else None


def reach(resource: Any, home: Home) -> str:
    """What the card says to this person about coming to them; "" when it does not serve
    their place (its general 「…のお宅に来てくれます」 stands then)."""
    served = [a for a in resource.served_areas.all() if a.pk in home.chain]
    if not served:
        return ""
    if resource.is_consultation:
        return f"お住まいの{home.where}は担当地区です"
    area = max(served, key=lambda a: a.depth)  # the closest to the person
    if area.pk in home.homes and len(home.homes) > 1:
        # one 丁目 of the several the person named: it may not be theirs
        return f"{area.name}のお宅に来てくれます"
    if home.town and area.kind != Area.Kind.TOWN:
        return f"お住まいの{area.name}（{home.town}など）に来てくれます"
    return f"お住まいの{area.name_with_towns()}に来てくれます"


def tell(resources: Iterable[Any], home: Home | None) -> None:
    """Put on each card (as `home_reach`) what it says to this person."""
    for resource in resources:
        resource.home_reach = reach(resource, home) if home else ""


# ---------------------------------------------------------------- the remembered area


def remembered(request: HttpRequest, municipality: Area) -> Area | None:
    code = unquote(request.COOKIES.get(COOKIE, ""))[:MAX_CODE]
    if not code:
        return None
    return (
        Area.objects.filter(code=code, municipality=municipality)
        .exclude(kind=Area.Kind.MUNICIPALITY)
        .first()
    )


def note(request: HttpRequest, area: Area | None) -> None:
    """A view says which area the person searched with; remember_home sets the cookie."""
    request.sasaeai_home = area  # type: ignore[attr-defined]


def _searched_area(request: HttpRequest) -> Area | None:
    """The area a request names, for a page served from the page cache (its view did not
    run): the home of a typed place, else ?area=. A phone's position is never remembered."""
    from directory.forms import default_municipality

    phone = request.GET.get("lat") or request.GET.get("lng")
    typed = "" if phone else request.GET.get("near", "").strip()
    code = request.GET.get("area", "")[:MAX_CODE]
    if not (typed or code) or (municipality := default_municipality()) is None:
        return None  # most pages name no place: no query
    if typed:
        place = near.resolve(municipality, typed)
        return place.home if place else None
    return Area.objects.filter(code=code, municipality=municipality).first()


def remember_home(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Outside keep_public_page: the cookie is set whether the page was made or kept."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code not in (200, 304):
            return response
        area = getattr(request, "sasaeai_home", None)
        if not hasattr(request, "sasaeai_home"):
            area = _searched_area(request)
        if area is None or area.kind == Area.Kind.MUNICIPALITY:
            return response
        value = quote(area.code)
        if request.COOKIES.get(COOKIE) != value:
            response.set_cookie(
                COOKIE,
                value,
                max_age=COOKIE_DAYS * 24 * 3600,
                samesite="Lax",
                httponly=True,
                secure=request.is_secure(),
            )
        return response

    return wrapped


@require_GET
def forget(request: HttpRequest) -> HttpResponse:
    """「地域を忘れる」: a plain link (works without JavaScript) back to the TOP's 相談機関."""
    response = HttpResponseRedirect(reverse("directory-top") + "#consult-heading")
    response.delete_cookie(COOKIE, samesite="Lax")
    return response
