"""Refusals that hold for every page, public, back office and API alike."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render


def permissions_policy(
    get_response: Callable[[HttpRequest], HttpResponseBase],
) -> Callable[[HttpRequest], HttpResponseBase]:
    """Permissions-Policy on every answer: which browser features the pages may use."""
    policy = str(getattr(settings, "SASAEAI_PERMISSIONS_POLICY", ""))

    def middleware(request: HttpRequest) -> HttpResponseBase:
        response = get_response(request)
        if policy:
            response.headers.setdefault("Permissions-Policy", policy)
        return response

    return middleware


class RefuseNulCharacters:
    """A U+0000 in a query-string parameter is refused with 400, naming the parameter.

    PostgreSQL cannot hold or even compare a NUL in text, so a search for 「?area=%00」
    failed with a 500 there while SQLite answered: refusing it before any view runs keeps
    the two databases alike and no query ever sees it. Uploaded files are bytes, not
    parameters, and are not checked here (the importer reads them itself).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponseBase | None:
        name = _nul_parameter(request)
        if name is None:
            return None
        message = f"「{name}」に使えない文字（NUL）が含まれています。入力を確かめてください。"
        match = request.resolver_match
        if match is not None and match.url_name and match.url_name.startswith("api-"):
            # The API's own error shape and CORS headers, so a browser app can read it.
            from api.filters import ApiError
            from api.views import cors, error_response

            return cors(error_response(ApiError(message, parameter=name)))
        if getattr(view, "answers_json", False):  # sasaeai.lib.http.answers_json
            return JsonResponse(
                {"error": message, "parameter": name},
                status=400,
                json_dumps_params={"ensure_ascii": False},
            )
        return render(request, "400.html", {"message": message}, status=400)


def _nul_parameter(request: HttpRequest) -> str | None:
    for key, values in request.GET.lists():
        if "\x00" in key:
            return key.replace("\x00", "")[:40] or "?"
        if any("\x00" in value for value in values):
            return key[:40]
    return None
