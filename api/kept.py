"""Service objects kept as JSON text (issue 14): a page of 50 services spent most of its
time reading rows with their prefetches and building the nested objects, the same for
every request until the data changes.

Each object is kept per process under the resource and the stamps of every city's data
(directory.pagecache.data_stamp: any edit of a resource, its rules, categories, provider,
served areas or an area's name gives a new one). A page reads the ids of its slice first
and reads rows only for the objects not kept; the page is the very JSON JsonResponse
writes (the kept objects are spliced into its "contents").
"""

from __future__ import annotations

import hashlib
import json
import math
import secrets
from collections.abc import Callable
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse

from api.filters import Listed, Paging
from directory import cardcache
from directory.pagecache import data_stamp

KEPT_SECONDS = 3600  # a bound on memory only: the stamp in the key says when it is old
CONTENTS = "sasaeaicontents" + secrets.token_hex(12)


def dumps(data: Any) -> str:
    """As JsonResponse writes it (api.views.json_response)."""
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)


def page_ids(queryset: QuerySet | Listed, start: int, size: int) -> list[int]:
    if isinstance(queryset, Listed):
        return queryset.ids[start : start + size]
    return list(queryset.values_list("pk", flat=True)[start : start + size])


def rows(queryset: QuerySet | Listed, ids: list[int]) -> dict[int, Any]:
    base = queryset.queryset if isinstance(queryset, Listed) else queryset
    return {r.pk: r for r in base.filter(pk__in=ids).order_by()}


def objects(
    queryset: QuerySet | Listed, ids: list[int], serialize: Callable[[Any], dict], kind: str
) -> list[str]:
    """The JSON text of each id's object, in order: kept ones as kept, the others made
    (and kept) from one read of their rows."""
    stamp = data_stamp()
    keys = {pk: "api:" + hashlib.sha256(f"{kind}|{pk}|{stamp}".encode()).hexdigest() for pk in ids}
    cache = cardcache.kept()
    found: dict[str, str] = cache.get_many(list(keys.values())) if cardcache.enabled() else {}
    missing = [pk for pk in ids if keys[pk] not in found]
    if missing:
        made = {keys[pk]: dumps(serialize(r)) for pk, r in rows(queryset, missing).items()}
        if cardcache.enabled():
            cache.set_many(made, KEPT_SECONDS)
        found.update(made)
    return [found[keys[pk]] for pk in ids if keys[pk] in found]


def page_body(
    request: HttpRequest,
    total: int,
    paging: Paging,
    contents: Any,
    links: Callable[[HttpRequest, int, int], dict[str, str]],
) -> dict[str, Any]:
    """The spec's Page object (plus links to the neighbouring pages); size and empty
    read contents, which is a list."""
    total_pages = max(1, math.ceil(total / paging.per_page))
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": paging.page,
        "size": len(contents),
        "first_page": paging.page == 1,
        "last_page": paging.page >= total_pages,
        "empty": not contents,
        "contents": contents,
        "links": links(request, paging.page, total_pages),
    }


def page(
    request: HttpRequest,
    queryset: QuerySet | Listed,
    paging: Paging,
    serialize: Callable[[Any], dict],
    kind: str,
    links: Callable[[HttpRequest, int, int], dict[str, str]],
) -> HttpResponse:
    """The page api.views.page_of makes, its objects kept."""
    start = (paging.page - 1) * paging.per_page
    contents = objects(queryset, page_ids(queryset, start, paging.per_page), serialize, kind)
    body = page_body(request, queryset.count(), paging, contents, links)
    body["contents"] = CONTENTS
    text = dumps(body).replace(dumps(CONTENTS), "[" + ", ".join(contents) + "]", 1)
    return HttpResponse(text, content_type="application/json")
