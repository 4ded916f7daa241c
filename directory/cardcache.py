"""Resource cards kept as HTML (issue 14): twenty cards were ~60 % of a results page's CPU,
and fetching their rows another 6 ms, for text that changes only when the data does.

A card (templates/directory/_card.html, drawn by ``{% card %}`` in directory/templatetags)
is kept per process under everything it is made from:

- the resource and its city's IndexStamp, which changes with any edit of a resource, its
  rules, categories, provider or served areas (directory/signals.py), and with an area's
  name (areas named on cards: the stamp of the area's city is touched too);
- the day (「次回」 shows only a date still to come);
- how it is drawn: heading level, with or without 「リストに追加」 and a way back;
- what the search adds: the distance, 「来てくれます」 and the place searched near;
- whether the resource is in the visitor's マイリスト;
- the person's place when it is known (directory/home.py: 「お住まいの…に来てくれます」),
  as ``for_person`` put it on the request.

What differs per visitor or page is written in when the card is served: the page it links
back to (``?back=`` and the form's ``next``) and the visitor's CSRF token. They are rendered
as marks no text can hold (random per process), so a kept card is the made card to the byte.

``prepare`` reads the kept cards of a results page before its rows are fetched: a page whose
cards are all kept reads no resource row at all.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest
from django.template import defaultfilters
from django.utils import timezone
from django.utils.html import conditional_escape

from directory import mylist, near, search
from directory.search.index import stamp

CARD_SECONDS = 3600  # a bound on memory only: the stamp and the day in the key say when it is old
BACK_MARK = "sasaeaiback" + secrets.token_hex(12)
PATH_MARK = "sasaeaipath" + secrets.token_hex(12)
CSRF_MARK = "sasaeaicsrf" + secrets.token_hex(12)


def kept() -> Any:
    """The cards' own cache (settings.CACHES["cards"]), or the default one where a
    configuration has none."""
    return caches["cards" if "cards" in settings.CACHES else "default"]


@dataclass(frozen=True)
class Variant:
    """How a card is drawn on a page (the arguments of ``{% card %}``)."""

    level: int = 3
    back: bool = False
    mylist_buttons: bool = False


RESULT_CARD = Variant(level=3, back=True, mylist_buttons=True)


@dataclass
class Kept:
    """A card found kept before its resource was read: what ``{% card %}`` needs to serve
    it, and to read the resource after all if it is drawn another way."""

    pk: int
    municipality_id: int
    key: str
    html: str
    distance_text: str = ""
    walk_text: str = ""
    comes_home: bool = False


def city_stamp(request: HttpRequest | None, municipality_id: int) -> str:
    """The city's IndexStamp, read once per request."""
    memo: dict[int, str] | None = getattr(request, "_sasaeai_stamps", None) if request else None
    if memo is None:
        memo = {}
        if request is not None:
            request._sasaeai_stamps = memo  # type: ignore[attr-defined]
    if municipality_id not in memo:
        memo[municipality_id] = stamp(municipality_id)
    return memo[municipality_id]


def in_list(request: HttpRequest | None) -> frozenset[int]:
    if request is None:
        return frozenset()
    memo = getattr(request, "_sasaeai_mylist", None)
    if memo is None:
        memo = frozenset(mylist.from_cookie(request))
        request._sasaeai_mylist = memo  # type: ignore[attr-defined]
    return memo


def card_key(
    pk: int,
    city: str,
    variant: Variant,
    *,
    distance_text: str = "",
    walk_text: str = "",
    comes_home: bool = False,
    near: str = "",
    listed: bool = False,
    token: bool = True,
    person: str = "",
) -> str:
    parts = (
        pk,
        city,
        timezone.localdate().isoformat(),
        variant.level,
        variant.back,
        variant.mylist_buttons,
        distance_text,
        walk_text,
        comes_home,
        near,
        listed,
        token,
        person,
    )
    return "card:" + hashlib.sha256(repr(parts).encode()).hexdigest()


def key_for(
    r: Any, variant: Variant, request: HttpRequest | None, near: str, token: bool = True
) -> str:
    """near: repr() of the page's near_place (what the card says of the place searched);
    token: whether the page has a CSRF token to put in the form."""
    return card_key(
        r.pk,
        city_stamp(request, r.municipality_id),
        variant,
        distance_text=getattr(r, "distance_text", ""),
        walk_text=getattr(r, "walk_text", ""),
        comes_home=bool(getattr(r, "comes_home", False)),
        near=near,
        listed=variant.mylist_buttons and r.pk in in_list(request),
        token=token,
        person=getattr(request, "_sasaeai_person", ""),
    )


def for_person(request: HttpRequest, key: str) -> None:
    """Cards of this request say things to a person at this place (home.reach): ``key``
    names it, and is part of every card key of the request."""
    request._sasaeai_person = key  # type: ignore[attr-defined]


def enabled() -> bool:
    return bool(settings.SASAEAI_KEEP_CARDS)


def prepare(
    ids: list[int],
    municipality_id: int,
    distances: dict[int, float | None],
    variant: Variant,
    request: HttpRequest | None,
    near_place: str = "None",
) -> list[Any]:
    """The cards of a page in order: Kept where the card is kept as drawn by ``variant``,
    else the Resource read for it (with its distance), in one read for all of them."""

    def distance(pk: int) -> dict[str, Any]:
        if pk not in distances:
            return {}
        metres = distances[pk]
        if metres is None:
            return {"comes_home": True}
        return {"distance_text": near.distance_text(metres), "walk_text": near.walk_text(metres)}

    out: list[Any] = []
    if enabled():
        keys = {}
        for pk in ids:
            stub = Kept(pk, municipality_id, "", "", **distance(pk))
            keys[pk] = key_for(stub, variant, request, near_place)
        found = kept().get_many(list(keys.values()))
        for pk in ids:
            html = found.get(keys[pk])
            out.append(Kept(pk, municipality_id, keys[pk], html, **distance(pk)) if html else None)
    else:
        out = [None] * len(ids)
    missing = [pk for pk, item in zip(ids, out, strict=True) if item is None]
    read = {r.pk: r for r in search.cards(missing)}
    for i, pk in enumerate(ids):
        if out[i] is None and pk in read:
            r = read[pk]
            for name, value in distance(pk).items():
                setattr(r, name, value)
            out[i] = r
    return [item for item in out if item is not None]


def serve(html: str, request: HttpRequest | None, back: str, csrf_token: Any) -> str:
    """A kept card with this page's way back and this visitor's token written in."""
    if BACK_MARK in html:
        html = html.replace(BACK_MARK, conditional_escape(defaultfilters.urlencode(back)))
    if PATH_MARK in html and request is not None:
        html = html.replace(PATH_MARK, conditional_escape(request.get_full_path()))
    if CSRF_MARK in html:
        html = html.replace(CSRF_MARK, str(csrf_token))
    return html
