"""The parks map of the back office: the list's filters on a map (static/js/maps.js with
the site's vendored Leaflet), its GeoJSON, and the parks without a point listed apart."""

from __future__ import annotations

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from fieldwork import park_places
from fieldwork.views.parks import filtered
from office.access import StaffRequest, staff_required


@staff_required
def park_map(request: StaffRequest) -> HttpResponse:
    """The page: filters, the map (drawn from park_map_data with the same query) and the
    parks it cannot show. Without JavaScript the list (「一覧で見る」) is the answer."""
    form, rows, deleted = filtered(request)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "fieldwork/parks/map.html",
        {
            "form": form,
            "deleted": deleted,
            "query": query.urlencode(),
            "unplaced": [p for p in rows if not p.has_point],
            "texts": park_places.map_texts(),
        },
    )


@require_GET
@staff_required
def park_map_data(request: StaffRequest) -> JsonResponse:
    """The map's GeoJSON: the list's own parks for the same filters (an unreadable filter is
    left out and named, as on the list)."""
    form, rows, _deleted = filtered(request)
    data = park_places.park_map(list(rows))
    if form.is_bound and not form.is_valid():
        data["notices"] = [
            f"{form.fields[name].label}：{'、'.join(str(e) for e in errors)}"
            for name, errors in form.errors.items()
            if name in form.fields
        ]
        data["summary"].insert(0, "絞り込みの条件に誤りがあるため、条件を使わずに表示しています。")
    return JsonResponse(
        data,
        content_type="application/geo+json",
        json_dumps_params={"ensure_ascii": False, "separators": (",", ":")},
    )
