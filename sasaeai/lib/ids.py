"""Database ids: the one bound, and the <id:…> path converter that applies it to URLs.

Every table's id is a 64-bit signed integer, so no row has an id above 2⁶³ − 1. A larger
number is not "no such row" to the database: SQLite raises OverflowError when it is
compared, PostgreSQL an out-of-range error. So it is refused before any query.

A URL module that routes by id imports this module (which registers the converter) and
writes <id:pk>: only 1 … MAX_ID match, anything else is the site's 404 page, and the view
never sees it. Ids from forms are read with parse_id(), others checked with is_id().
"""

from __future__ import annotations

from django.urls import register_converter

MAX_ID = 2**63 - 1


def is_id(value: int) -> bool:
    """Could a row have this id (1 … 2⁶³ − 1)?"""
    return 0 < value <= MAX_ID


def parse_id(text: str) -> int | None:
    """An id as a path, a form or a query string writes it (ASCII digits), else None."""
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(MAX_ID)):
        return None
    value = int(text)
    return value if is_id(value) else None


class IdConverter:
    """<id:name>: a database id in a path, as an int; any other number does not match."""

    regex = "[0-9]+"

    def to_python(self, value: str) -> int:
        number = parse_id(value)
        if number is None:
            raise ValueError(f"{value[:30]} is not a database id")  # to Django: no match
        return number

    def to_url(self, value: int) -> str:
        return str(value)


# At import, once (a module runs once): the URL modules import this one before path().
register_converter(IdConverter, "id")
