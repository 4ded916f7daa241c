"""What every page may ask of fieldwork: whether the city has a public park (the about page
links 「公園をさがす」 only then). Lazy: a page that does not ask runs no query."""

from __future__ import annotations

from django.http import HttpRequest

from directory.forms import default_municipality
from fieldwork.park_public import has_public_parks


def parks(request: HttpRequest) -> dict:
    return {"has_public_parks": lambda: has_public_parks(default_municipality())}
