"""「公園をさがす」 (/parks/): the parks whose coordinator chose fields to show, for residents
planning an activity. No account; works without JavaScript (the point's map is an extra)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from directory.forms import default_municipality
from directory.maps import DECIMALS
from fieldwork import park_public as public
from fieldwork.models import Park, ParkPhoto
from fieldwork.views.park_photos import photo_response

FILTERS = {
    "toilet": ("トイレがある", public.has_toilet),
    "benches": ("ベンチがある", public.has_benches),
}


@require_safe
def park_list(request: HttpRequest) -> HttpResponse:
    municipality = default_municipality()
    parks = public.public_parks(municipality)
    chosen = [key for key in FILTERS if request.GET.get(key) == "1"]
    for key in chosen:
        parks = [p for p in parks if FILTERS[key][1](p)]
    return render(
        request,
        "fieldwork/public/list.html",
        {
            "municipality": municipality,
            "groups": public.by_ward(municipality, parks) if municipality else [],
            "count": len(parks),
            "filters": [(key, label, key in chosen) for key, (label, _test) in FILTERS.items()],
        },
    )


def load(pk: int) -> Park:
    park = public.public_park(default_municipality(), pk)
    if park is None:
        raise Http404("この公園のページはありません。")
    return park


@require_safe
def park_detail(request: HttpRequest, pk: int) -> HttpResponse:
    park = load(pk)
    photos = park.photos.defer("image") if public.shows(park, "photos") else []
    point = None
    if public.shows(park, "point") and park.has_point:
        point = {
            "lat": f"{park.latitude:.{DECIMALS}f}",
            "lng": f"{park.longitude:.{DECIMALS}f}",
            "note": public.point_note(park),
        }
    return render(
        request,
        "fieldwork/public/detail.html",
        {
            "park": park,
            "facts": public.facts(park),
            "address": park.address if public.shows(park, "address") else "",
            "photos": photos,
            "point": point,
        },
    )


@require_safe
def park_photo(request: HttpRequest, pk: int, photo_id: int) -> HttpResponse:
    park = load(pk)
    photo = ParkPhoto.objects.filter(park=park, pk=photo_id).first()
    if photo is None or not public.shows(park, "photos"):
        raise Http404("この写真はありません。")
    # Short: a coordinator may take 写真 off the public fields at any time.
    return photo_response(photo, "public, max-age=600")
