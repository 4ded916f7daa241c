"""Whole public pages kept briefly: the answer to one URL is the same for every visitor
without a session, a waiting message or a マイリスト of their own (issue 14: the TOP cost
13 ms of CPU for a page that changes once a day; a results page ~20 ms at Chiba size).

A page is kept per process for PAGE_SECONDS under its host and full URL, the visitor's text
size (the only other cookie these pages read), the day, and the stamps of every city's
searchable data (IndexStamp): a change to a resource or an area's name shows at once, in
every worker. What the stamps do not follow shows within PAGE_SECONDS.

Pages with forms (「リストに追加」 on results and detail pages) carry a CSRF token, which is
the visitor's own: it is kept as a mark and each visitor's token is written in when the
page is served (Django's get_token, so the cookie is set as when the page is made).
Someone with a マイリスト sees which cards are in it, so their pages are made for them.

A page that reads one more cookie names it (`keep_public_page(per_cookie=…)`): the TOP
shows the remembered area's 相談機関 (directory/home.py), so it is kept once per value of
that cookie, and a visitor with an area is never served another's TOP, nor the anonymous one.

Every answer carries an ETag, and a browser that sends it back gets 304; `Vary: Cookie`
and `private` keep one visitor's page from another in a shared cache.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers

from directory import mylist
from directory.context_processors import TEXT_SIZES
from directory.models import IndexStamp

PAGE_SECONDS = 60
TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"')
MARK = b"@@sasaeai-csrf-token@@"  # never in a page: the escaper turns @@ into nothing else


def data_stamp() -> str:
    """Every city's IndexStamp at once (one row per city: a small table)."""
    row = IndexStamp.objects.aggregate(n=Count("pk"), latest=Max("changed_at"))
    return f"{row['n']}/{row['latest'].isoformat() if row['latest'] else '-'}"


def keepable(request: HttpRequest) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and not mylist.from_cookie(request)
        and settings.SASAEAI_KEEP_PAGES
    )


def page_key(request: HttpRequest, per_cookie: str = "") -> str:
    size = request.COOKIES.get("textsize", "standard")
    parts = [
        f"{per_cookie}={request.COOKIES.get(per_cookie, '')}" if per_cookie else "",
        request.get_host(),
        request.get_full_path(),
        size if size in TEXT_SIZES else "standard",
        timezone.localdate().isoformat(),
        data_stamp(),
    ]
    return "page:" + hashlib.sha256("|".join(parts).encode()).hexdigest()


def keep_public_page(
    view: Callable[..., HttpResponse] | None = None, *, per_cookie: str = ""
) -> Any:
    """@keep_public_page, or @keep_public_page(per_cookie="name") for a page that also reads
    that cookie (kept apart per value)."""
    if view is None:
        return functools.partial(keep_public_page, per_cookie=per_cookie)

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not keepable(request):
            return view(request, *args, **kwargs)
        key = page_key(request, per_cookie)
        kept = cache.get(key)
        if kept is None:
            response = view(request, *args, **kwargs)
            if response.status_code != 200 or response.streaming or response.cookies:
                return response
            content = response.content
            if token := TOKEN.search(content):
                content = content.replace(token.group(1), MARK)
            etag = '"' + hashlib.sha256(content).hexdigest()[:32] + '"'
            kept = (content, response["Content-Type"], etag)
            cache.set(key, kept, PAGE_SECONDS)
        content, content_type, etag = kept
        if MARK in content:
            content = content.replace(MARK, get_token(request).encode())
        if etag in request.headers.get("If-None-Match", ""):
            response = HttpResponseNotModified()
        else:
            response = HttpResponse(content, content_type=content_type)
        response["ETag"] = etag
        patch_cache_control(response, private=True, max_age=PAGE_SECONDS)
        patch_vary_headers(response, ["Cookie"])
        return response

    return wrapped
