"""マイリスト: resources a resident (or a care manager for one client) keeps, no account.

The list lives in the browser: a cookie `mylist` of resource ids in the order added
("12-34-56"; a hyphen, because a comma would make the cookie quoted). It is not HttpOnly
so JavaScript can read it, and it holds ids only, so it says nothing about the person.
A list is shared as /mylist/?ids=12,34,56.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.http import HttpRequest, HttpResponse

from directory.models import Resource
from sasaeai.lib.ids import parse_id

COOKIE = "mylist"
MAX_ITEMS = 50
MAX_AGE = 365 * 24 * 3600  # a year: a list kept for a client should not vanish in a week


def parse(text: str, separator: str = ",") -> tuple[list[int], int]:
    """The ids in text, in order, without duplicates, at most MAX_ITEMS; and how many
    items were dropped as malformed, duplicate or over the limit."""
    ids: list[int] = []
    dropped = 0
    for part in text[:2000].split(separator):
        part = part.strip()
        if not part:
            continue
        value = parse_id(part)
        if value is None or value in ids or len(ids) >= MAX_ITEMS:
            dropped += 1
            continue
        ids.append(value)
    return ids, dropped


def from_cookie(request: HttpRequest) -> list[int]:
    return parse(request.COOKIES.get(COOKIE, ""), "-")[0]


def save(response: HttpResponse, ids: list[int]) -> None:
    if ids:
        response.set_cookie(
            COOKIE,
            "-".join(str(i) for i in ids[:MAX_ITEMS]),
            max_age=MAX_AGE,
            samesite="Lax",
            httponly=False,
        )
    else:
        response.delete_cookie(COOKIE, samesite="Lax")


def share_query(ids: list[int]) -> str:
    return "ids=" + ",".join(str(i) for i in ids)


@dataclass
class Loaded:
    """The public resources of a list in its order, and how many ids were dropped."""

    resources: list[Resource] = field(default_factory=list)
    dropped: int = 0

    @property
    def ids(self) -> list[int]:
        return [r.pk for r in self.resources]


def load(ids: list[int], dropped: int = 0) -> Loaded:
    """Public resources only (公開 and 休止中): drafts, ended and deleted ones never show."""
    found = (
        Resource.objects.public()
        .filter(pk__in=ids)
        .select_related("town", "place_area", "provider", "municipality")
        .prefetch_related("categories", "schedule_rules", "served_areas__children")
        .in_bulk()
    )
    resources = [found[i] for i in ids if i in found]
    return Loaded(resources, dropped + len(ids) - len(resources))
