"""What the search index holds of a resource, and what a query word looks for in it.

A resource's fields, folded (japanese.fold_for_search), give the bigram tokens of the index and the
search columns its candidates are proven against; its conditions (category, area,
weekday …) are tokens of the same index. A word of a query becomes variants: index tokens
to find candidates with, and the substring that proves one on the row.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.db.models import Q

from areas.models import Area
from directory import japanese
from directory.models import Category, Resource

NAME_WEIGHT, TAG_WEIGHT, TEXT_WEIGHT = 3, 2, 1


@functools.lru_cache(maxsize=4)
def _load_synonyms(path: str, mtime: float) -> japanese.Synonyms:
    return japanese.load_synonyms(path)


def synonyms() -> japanese.Synonyms:
    """The city's synonym file, re-read when it changes (applied at query time, no reindex)."""
    path: Path = settings.SASAEAI_SYNONYMS_FILE
    try:
        mtime = path.stat().st_mtime
    except OSError:
        mtime = 0.0
    return _load_synonyms(str(path), mtime)


# ---------------------------------------------------------------- a resource's text


def resource_fields(resource: Resource) -> list[tuple[str, int]]:
    fields = [(resource.name, NAME_WEIGHT), (resource.kana, NAME_WEIGHT)]
    for category in resource.categories.all():
        fields.append((category.name, TAG_WEIGHT))
        fields.append((category.short_name, TAG_WEIGHT))
    fields.append((resource.keywords, TAG_WEIGHT))
    if resource.provider:
        fields.append((resource.provider.name, TAG_WEIGHT))
    for text in (resource.description, resource.venue_name, resource.address, resource.eligibility):
        fields.append((text, TEXT_WEIGHT))
    # Where it is held: the town, or only the area when the exact place is unknown.
    for place in (resource.town, resource.place_area):
        if place:
            fields.append((place.name, TEXT_WEIGHT))
    for area in resource.served_areas.all():
        fields.append((area.name, TEXT_WEIGHT))
    return [(text, weight) for text, weight in fields if text]


# Conditions are tokens in the same index as the words ("@" never survives folding), so
# one planner sees the size of every condition of a search and can start from the rarest.
ALL = "@all"


def area_token(area_id: int) -> str:
    return f"@a{area_id}"


def category_token(code: str) -> str:
    return f"@c{code}"


def weekday_token(weekday: int) -> str:
    return f"@d{weekday}"


def daypart_token(daypart: int) -> str:
    return f"@t{daypart}"


FREE, NO_BOOKING, CARERS = "@free", "@nobook", "@carers"


class AreaTree:
    """The areas of one municipality in memory: an area's ancestors without queries."""

    def __init__(self, municipality_id: int):
        self.paths = dict(
            Area.objects.filter(
                Q(municipality_id=municipality_id) | Q(pk=municipality_id)
            ).values_list("pk", "path")
        )

    def up(self, area_id: int) -> list[int]:
        return [int(a) for a in self.paths.get(area_id, "").strip("/").split("/") if a]


def served_token(area_id: int) -> str:
    return f"@s{area_id}"


def condition_tokens(resource: Resource, tree: AreaTree) -> set[str]:
    """The condition tokens of a published resource (others are not indexed at all)."""
    tokens = {ALL}
    for category in resource.categories.all():
        parts = category.code.split(".")
        tokens.update(category_token(".".join(parts[:i])) for i in range(1, len(parts) + 1))
    # @a: lies in, or serves part of, this area (the ancestors of the town or the area it is
    # held in, and of the served areas);
    # @s: serves the whole of this area, so also every area below it (see area_variants).
    areas: set[int] = set()
    for place in (resource.town_id, resource.place_area_id):
        if place:
            areas.update(tree.up(place))
    for served in resource.served_areas.all():
        areas.update(tree.up(served.pk))
        tokens.add(served_token(served.pk))
    tokens.update(area_token(a) for a in areas)
    tokens.update(weekday_token(d) for d in range(7) if resource.weekday_mask & (1 << d))
    tokens.update(daypart_token(p) for p in (1, 2) if resource.daypart_mask & p)
    if resource.fee_amount == 0:
        tokens.add(FREE)
    if resource.booking == Resource.Booking.NONE:
        tokens.add(NO_BOOKING)
    if resource.for_carers:
        tokens.add(CARERS)
    return tokens


def word_tokens(fields: list[tuple[str, int]]) -> dict[str, int]:
    """The whole-word tokens of a resource's fields (as written: the analyser reads the
    text before folding) → the highest weight of a field holding the word. Beside the
    bigrams: they find nothing, they rank (Search.scores): a word of the query that is a
    whole word of the resource ranks above one found only inside another word."""
    tokens: dict[str, int] = {}
    for text, weight in fields:
        for form in japanese.word_forms(text):
            token = japanese.word_token(form)
            if tokens.get(token, 0) < weight:
                tokens[token] = weight
    return tokens


SEPARATOR = "|"  # never survives folding, so a phrase cannot run from one field into the next


def search_columns(folded: list[tuple[str, int]], conditions: set[str]) -> tuple[str, str, str]:
    """(search_text, search_name, search_tags) of a resource from its folded fields: what
    candidates are checked against, with a plain substring test on the row."""

    def joined(texts: Iterable[str]) -> str:
        return SEPARATOR + SEPARATOR.join(texts) + SEPARATOR

    return (
        joined([f for f, _w in folded] + sorted(conditions)),
        joined(f for f, w in folded if w >= NAME_WEIGHT),
        joined(f for f, w in folded if w == TAG_WEIGHT),
    )


# ---------------------------------------------------------------- a query's words

_category_names: tuple[list[tuple[str, str, str]], dict[str, str], dict[str, str]] = ([], {}, {})
_NOTE = re.compile(r"[（(][^）)]*[）)]")


def category_names() -> dict[str, str]:
    """Folded category name → code, so a word that names a category (家事支援, 介護者支援 —
    what need lines expand to) also finds what is filed under it.

    Read for every search (a few dozen rows; folded again only when they changed), never
    kept: a category renamed in another process must not go on being found by its old name.
    """
    global _category_names
    table = connection.ops.quote_name(Category._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT code, name, short_name FROM {table} ORDER BY sort_order, code")
        rows = cursor.fetchall()
    if rows != _category_names[0]:
        names: dict[str, str] = {}
        for code, name, short in rows:
            for text in (name, short):
                if text:
                    names.setdefault(japanese.fold_for_search(text), code)
        kinds = {code: japanese.fold_for_search(_NOTE.sub("", name)) for code, name, _s in rows}
        _category_names = (rows, names, kinds)
    return _category_names[1]


def kind_names() -> dict[str, str]:
    """Code → the category's name folded, without a bracketed note (「日用品・食事の宅配
    （見守りなし）」 is not about 見守り), as last read by category_names()."""
    return _category_names[2]


def text_tokens(word: str) -> list[str]:
    if len(word) == 1:
        return [word] if japanese.is_kanji(word) else []
    return sorted(set(japanese.query_bigrams(word)))


@dataclass
class Variant:
    """One way to satisfy a requirement: its index tokens (to find candidates, and for
    sizes) and the substring that proves it on the row."""

    tokens: list[str]
    pattern: str

    @classmethod
    def of_token(cls, token: str) -> Variant:
        return cls([token], SEPARATOR + token + SEPARATOR)


def word_variants(word: str, names: dict[str, str] | None = None) -> list[Variant]:
    """The ways a word of a query is satisfied: the word in the text and, when it names a
    category, being filed under that category (sub-categories included). Either: 移動販売
    finds the 移動販売 category and a サロン whose description says a 移動販売 car comes."""
    names = category_names() if names is None else names
    variants = []
    if word in names:
        variants.append(Variant.of_token(category_token(names[word])))
    if tokens := text_tokens(word):
        variants.append(Variant(tokens, japanese.fold_for_search(word)))
    return variants


def term_variants(words: list[str], names: dict[str, str] | None = None) -> list[Variant]:
    """The variants of a term (its word and synonyms: any of them), each pattern once."""
    unique: dict[str, Variant] = {}
    for word in words:
        for variant in word_variants(word, names):
            unique.setdefault(variant.pattern, variant)
    return list(unique.values())
