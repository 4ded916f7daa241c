"""The read-only HSDS 3.0 API (Open Referral) under /api/hsds/: public resources only.

Every view answers JSON, also for errors ({"error": "<日本語>", ...}), allows GET, HEAD and
OPTIONS from any origin (CORS), and takes paths with or without a trailing slash.
docs/api.md describes the parameters; /api/hsds/openapi.json is the machine description.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt

from api import kept, openapi
from api import serializers as s
from api.filters import ApiError, Listed, Paging, filter_services, not_found, parse_id
from directory.models import Category, Provider, Resource

ALLOWED = "GET, HEAD, OPTIONS"
NDJSON = "application/x-ndjson; charset=utf-8"
CHUNK = 200

# A view answers with a page (HttpResponse) or a stream of ndjson (StreamingHttpResponse).
View = Callable[..., HttpResponseBase]


def cors(response: HttpResponseBase) -> HttpResponseBase:
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Allow-Methods"] = ALLOWED
    response["Access-Control-Allow-Headers"] = "Accept, Content-Type"
    return response


def json_response(data: Any, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, safe=False, json_dumps_params={"ensure_ascii": False})


def error_response(error: ApiError) -> HttpResponse:
    body: dict[str, Any] = {"error": error.message, "status": error.status}
    if error.parameter:
        body["parameter"] = error.parameter
    return json_response(body, status=error.status)


def api_view(view: View) -> View:
    """GET/HEAD/OPTIONS only, CORS on every answer, ApiError → a JSON error."""

    @csrf_exempt
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response: HttpResponseBase
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
        elif request.method not in ("GET", "HEAD"):
            response = error_response(
                ApiError("このAPIは読み取り専用です（GET のみ）。", status=405)
            )
        else:
            try:
                response = view(request, *args, **kwargs)
            except ApiError as error:
                response = error_response(error)
        response["Allow"] = ALLOWED
        return cors(response)

    return wrapper


# ---------------------------------------------------------------- pages and streams


def page_links(request: HttpRequest, page: int, total_pages: int) -> dict[str, str]:
    def url(n: int) -> str:
        query = request.GET.copy()
        query["page"] = str(n)
        return request.build_absolute_uri(request.path.rstrip("/") + "?" + query.urlencode())

    links = {"self": url(page), "first": url(1), "last": url(total_pages)}
    if page > 1:
        links["prev"] = url(min(page - 1, total_pages))
    if page < total_pages:
        links["next"] = url(page + 1)
    return links


def page_of(
    request: HttpRequest,
    queryset: QuerySet | Listed,
    paging: Paging,
    serialize: Callable[[Any], dict],
) -> dict[str, Any]:
    """The spec's Page object (plus links to the neighbouring pages)."""
    start = (paging.page - 1) * paging.per_page
    contents = [serialize(item) for item in queryset[start : start + paging.per_page]]
    return kept.page_body(request, queryset.count(), paging, contents, page_links)


def ndjson_lines(items: Iterable[Any], serialize: Callable[[Any], dict]) -> Iterator[bytes]:
    for item in items:
        yield (json.dumps(serialize(item), ensure_ascii=False) + "\n").encode()


def listing(
    request: HttpRequest,
    queryset: QuerySet | Listed,
    serialize: Callable[[Any], dict],
    kept_as: str = "",
) -> HttpResponseBase:
    """A page as JSON, or with format=ndjson every match streamed one object per line.
    kept_as: a page's objects are kept as JSON under this name until the data changes
    (api/kept.py)."""
    paging = Paging.parse(request.GET)
    if paging.ndjson:
        # iterator(): rows are fetched (and prefetched) CHUNK at a time, never all at once.
        rows = queryset.iterator(chunk_size=CHUNK)
        return StreamingHttpResponse(ndjson_lines(rows, serialize), content_type=NDJSON)
    if kept_as:
        return kept.page(request, queryset, paging, serialize, kept_as, page_links)
    return json_response(page_of(request, queryset, paging, serialize))


def detail(queryset: QuerySet, **lookup: Any) -> Any:
    found = queryset.filter(**lookup).first()
    if found is None:
        raise not_found()
    return found


# ---------------------------------------------------------------- endpoints


@api_view
def root(request: HttpRequest) -> HttpResponseBase:
    return json_response(
        {
            "version": "3.0",
            "profile": openapi.PROFILE_URL,
            "openapi_url": request.build_absolute_uri(reverse("api-openapi")),
        }
    )


@api_view
def openapi_document(request: HttpRequest) -> HttpResponseBase:
    return json_response(openapi.document())


@api_view
def services(request: HttpRequest) -> HttpResponseBase:
    ctx = functools.cache(s.Context.load)  # read only when an object is made
    queryset = filter_services(s.services_queryset(), request.GET)
    return listing(request, queryset, lambda r: s.service(r, ctx()), "service")


@api_view
def service(request: HttpRequest, pk: str) -> HttpResponseBase:
    resource = detail(s.services_queryset(), pk=parse_id(pk))
    return json_response(s.service(resource, s.Context.load()))


@api_view
def service_at_locations(request: HttpRequest) -> HttpResponseBase:
    ctx = functools.cache(s.Context.load)
    queryset = filter_services(s.services_queryset().filter(s.HAS_LOCATION), request.GET)
    return listing(
        request,
        queryset,
        lambda r: s.service_at_location(r, ctx(), with_service=True),
        "service_at_location",
    )


@api_view
def service_at_location(request: HttpRequest, pk: str) -> HttpResponseBase:
    queryset = s.services_queryset().filter(s.HAS_LOCATION)
    resource = detail(queryset, pk=parse_id(pk))
    return json_response(s.service_at_location(resource, s.Context.load(), with_service=True))


def public_services_of(provider: Provider) -> list[Resource]:
    return list(provider.resources.public().order_by("pk").only("pk", "name", "status", "provider"))


@api_view
def organizations(request: HttpRequest) -> HttpResponseBase:
    queryset = s.public_providers()
    if words := search_words(request):
        queryset = queryset.filter(Q(name__icontains=words) | Q(kana__icontains=words))
    return listing(request, queryset, s.organization)


@api_view
def organization(request: HttpRequest, pk: str) -> HttpResponseBase:
    provider = detail(s.public_providers(), pk=parse_id(pk))
    return json_response(s.organization(provider, public_services_of(provider)))


@api_view
def taxonomies(request: HttpRequest) -> HttpResponseBase:
    paging = Paging.parse(request.GET)
    words = search_words(request)
    items = [t for t in [s.taxonomy()] if not words or words in t["name"]]
    if paging.ndjson:
        return StreamingHttpResponse(ndjson_lines(items, lambda t: t), content_type=NDJSON)
    page_items = items if paging.page == 1 else []
    return json_response(
        {
            "total_items": len(items),
            "total_pages": 1,
            "page_number": paging.page,
            "size": len(page_items),
            "first_page": paging.page == 1,
            "last_page": True,
            "empty": not page_items,
            "contents": page_items,
            "links": page_links(request, paging.page, 1),
        }
    )


@api_view
def taxonomy(request: HttpRequest, pk: str) -> HttpResponseBase:
    if pk != s.TAXONOMY_ID:
        raise not_found()
    return json_response(s.taxonomy())


def flag(request: HttpRequest, name: str) -> bool:
    value = request.GET.get(name, "")
    if value in ("", "false", "0"):
        return False
    if value in ("true", "1"):
        return True
    raise ApiError(f"「{name}」は true か false で指定してください。", parameter=name)


def search_words(request: HttpRequest) -> str:
    words = request.GET.get("search", "").strip()
    if len(words) > 100 or any(ch < " " for ch in words):
        raise ApiError("「search」の指定が正しくありません。", parameter="search")
    return words


@api_view
def taxonomy_terms(request: HttpRequest) -> HttpResponseBase:
    queryset = Category.objects.order_by("code")
    taxonomy_id = request.GET.get("taxonomy_id", "")
    if taxonomy_id and taxonomy_id != s.TAXONOMY_ID:
        raise ApiError(
            "指定された分類体系（taxonomy_id）が見つかりません。", parameter="taxonomy_id"
        )
    if flag(request, "top_only"):
        queryset = queryset.filter(parent=None)
    if parent := request.GET.get("parent_id", ""):
        if not Category.objects.filter(code=parent[:20]).exists():
            raise ApiError(
                "指定された親の分類（parent_id）が見つかりません。", parameter="parent_id"
            )
        queryset = queryset.filter(parent__code=parent[:20])
    if words := search_words(request):
        queryset = queryset.filter(
            Q(name__icontains=words) | Q(short_name__icontains=words) | Q(code=words)
        )
    ctx = s.Context.load()
    return listing(request, queryset, lambda c: s.taxonomy_term(c, ctx))


@api_view
def taxonomy_term(request: HttpRequest, pk: str) -> HttpResponseBase:
    category = detail(Category.objects.all(), code=pk[:20]) if len(pk) <= 20 else None
    if category is None:
        raise not_found()
    return json_response(s.taxonomy_term(category, s.Context.load()))


@api_view
def unknown(request: HttpRequest, rest: str = "") -> HttpResponseBase:
    raise ApiError("このURLはありません。/api/hsds/ をご覧ください。", status=404)
