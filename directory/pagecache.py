"""Whole public pages kept briefly, for pages whose answer is the same for every visitor:
the TOP, 条件を選ぶ and the about page (issue 14: the TOP cost 13 ms of CPU for a page that
changes once a day).

A page is kept per process for PAGE_SECONDS under its full URL, the visitor's text size
(the only cookie these pages read), the day, and the stamps of every city's searchable data
(IndexStamp): a change to a resource shows at once, in every worker. What the stamps do not
follow (an area renamed in the admin) shows within PAGE_SECONDS. Only for visitors without
a session or a message waiting (staff see their own pages; a message is shown once), and
only 200 answers are kept. Every answer carries an ETag, and a browser or proxy that sends
it back gets 304; `Vary: Cookie` keeps one text size's page from another's visitor.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers

from directory.context_processors import TEXT_SIZES
from directory.models import IndexStamp

PAGE_SECONDS = 60


def data_stamp() -> str:
    """Every city's IndexStamp at once (one row per city: a small table)."""
    row = IndexStamp.objects.aggregate(n=Count("pk"), latest=Max("changed_at"))
    return f"{row['n']}/{row['latest'].isoformat() if row['latest'] else '-'}"


def keep_public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if (
            request.method not in ("GET", "HEAD")
            or settings.SESSION_COOKIE_NAME in request.COOKIES
            or "messages" in request.COOKIES
        ):
            return view(request, *args, **kwargs)
        size = request.COOKIES.get("textsize", "standard")
        parts = [
            request.get_full_path(),
            size if size in TEXT_SIZES else "standard",
            timezone.localdate().isoformat(),
            data_stamp(),
        ]
        key = "page:" + hashlib.sha256("|".join(parts).encode()).hexdigest()
        kept = cache.get(key)
        if kept is None:
            response = view(request, *args, **kwargs)
            if response.status_code != 200 or response.streaming:
                return response
            etag = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
            kept = (response.content, response["Content-Type"], etag)
            cache.set(key, kept, PAGE_SECONDS)
        content, content_type, etag = kept
        if etag in request.headers.get("If-None-Match", ""):
            response = HttpResponseNotModified()
        else:
            response = HttpResponse(content, content_type=content_type)
        response["ETag"] = etag
        patch_cache_control(response, max_age=PAGE_SECONDS)
        patch_vary_headers(response, ["Cookie"])
        return response

    return wrapped
