"""Back-office helpers for places: the postal code look-up behind the resource form's button."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_safe

from areas.addresses import (
    PostalAddress,
    lookup_postal_code,
    match_town,
    normalise_postal_code,
    sphere_of,
)
from areas.models import Area
from office.access import staff_required
from sasaeai.lib.http import answers_json

MAX_PARAM_CHARS = 40


def _error(message: str) -> JsonResponse:
    return JsonResponse({"error": message}, status=400, json_dumps_params={"ensure_ascii": False})


def _municipality_for(found: PostalAddress, code: str) -> Area | None:
    """The municipality named by `code`, or else the one the postal address lies in."""
    municipalities = Area.objects.municipalities()
    if code:
        return municipalities.filter(code=code).first()
    for municipality in municipalities.filter(prefecture=found.prefecture):
        # 「千葉市中央区」 (a 政令市's ward) or 「印旛郡酒々井町」 (a town in a 郡)
        if found.city.startswith(municipality.name) or found.city.endswith(municipality.name):
            return municipality
    return None


def _town_json(town: Area | None) -> dict | None:
    if town is None:
        return None
    sphere = sphere_of(town)
    return {
        "id": town.pk,
        "code": town.code,
        "name": town.name,
        "sphere": sphere.name if sphere else None,
        "lat": town.lat,
        "lng": town.lng,
    }


@staff_required
@require_safe
@answers_json
def postal_code(request: HttpRequest) -> JsonResponse:
    """GET ?code=260-0013[&municipality=121002] → the address and, if one fits, its 町丁目."""
    code = request.GET.get("code", "").strip()[:MAX_PARAM_CHARS]
    municipality_code = request.GET.get("municipality", "").strip()[:MAX_PARAM_CHARS]
    if not code:
        return _error("郵便番号を入力してください。")
    if normalise_postal_code(code) is None:
        return _error("郵便番号は7桁の数字で入力してください（例：260-0013）。")
    found = lookup_postal_code(code)
    if found is None:
        return _error("この郵便番号は見つかりません。番号を確かめてください。")
    municipality = _municipality_for(found, municipality_code)
    if municipality_code and municipality is None:
        return _error("指定された市区町村が見つかりません。")
    town = match_town(municipality, found.address) if municipality else None
    return JsonResponse(
        {"postal_code": found.postal_code, "address": found.address, "town": _town_json(town)},
        json_dumps_params={"ensure_ascii": False},
    )
