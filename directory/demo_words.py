"""The demo's words: names, descriptions and kinds of resources, kept in demo_data/*.toml.

The generator asks for each value by a dotted key, ``file.table.key`` ("kinds.salon.fees").
A value's shape is checked the first time it is asked for, and a wrong or missing key names
itself, so a slip in a data file fails at once instead of writing odd demo rows.

A name is a template: a list of parts, each ``[written, reading]``, a kana-only or
punctuation-only string (its own reading), or a slot such as ``"{fancy}"`` that the
generator fills with a word it has picked (:func:`compose`).
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Callable, Mapping
from importlib import resources
from typing import TypeVar, cast

Pair = tuple[str, str]  # (written, reading in hiragana)
Fee = tuple[int, str]  # (yen, note)
Part = str | tuple[str, str | None]  # a name part: (written, reading or None if unknown)
Template = tuple[str | Pair, ...]

T = TypeVar("T")

_KANA_ONLY = re.compile(r"^[ぁ-ゖァ-ヺー・ 　]*$")
_PUNCT_ONLY = re.compile(r"^[（）「」()・、 　]*$")
_SLOT = re.compile(r"^\{(\w+)\}$")


def katakana(text: str) -> str:
    return "".join(chr(ord(ch) + 0x60) if "ぁ" <= ch <= "ゖ" else ch for ch in text)


def name_kana(*parts: Part) -> tuple[str, str]:
    """Join name parts; each is (text, reading) or a kana-only str. Reading "" if any is unknown."""
    texts: list[str] = []
    readings: list[str | None] = []
    for part in parts:
        if isinstance(part, str):
            text = part
            reading = "" if _PUNCT_ONLY.match(part) else part if _KANA_ONLY.match(part) else None
        else:
            text, reading = part
        texts.append(text)
        readings.append(reading)
    kana = "" if any(r is None for r in readings) else katakana("".join(r or "" for r in readings))
    return "".join(texts).strip(), re.sub(r"[ 　]", "", kana)


def compose(template: Template, **slots: Part) -> tuple[str, str]:
    """A name and its katakana reading from a template, its slots filled from ``slots``."""
    parts: list[Part] = []
    for part in template:
        slot = _SLOT.match(part) if isinstance(part, str) else None
        parts.append(slots[slot.group(1)] if slot else part)
    return name_kana(*parts)


# ---------------------------------------------------------------- shapes of values


class DataError(ValueError):
    """A key missing from demo_data/, or a value of the wrong shape."""


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _pair(value: object) -> Pair | None:
    if isinstance(value, list) and len(value) == 2:
        written, reading = value
        if isinstance(written, str) and isinstance(reading, str):
            return written, reading
    return None


def _fee(value: object) -> Fee | None:
    if isinstance(value, list) and len(value) == 2:
        amount, note = value
        if isinstance(amount, int) and not isinstance(amount, bool) and isinstance(note, str):
            return amount, note
    return None


def _template(value: object) -> Template | None:
    if not isinstance(value, list) or not value:
        return None
    parts: list[str | Pair] = []
    for item in value:
        part: str | Pair | None = _text(item)
        if part is None:
            part = _pair(item)
        if part is None:
            return None
        parts.append(part)
    return tuple(parts)


def _many(one: Callable[[object], T | None]) -> Callable[[object], tuple[T, ...] | None]:
    def convert(value: object) -> tuple[T, ...] | None:
        if not isinstance(value, list) or not value:
            return None
        items = [one(item) for item in value]
        return None if any(i is None for i in items) else tuple(cast(list[T], items))

    return convert


_texts = _many(_text)
_pairs = _many(_pair)
_fees = _many(_fee)
_templates = _many(_template)


# ---------------------------------------------------------------- the words


class Words:
    """One table of the data files; each getter checks and remembers the value's shape."""

    def __init__(self, table: Mapping[str, object], where: str) -> None:
        self._table = table
        self._where = where
        self._memo: dict[tuple[str, str], object] = {}

    def _get(self, key: str, shape: str, convert: Callable[[object], T | None]) -> T:
        memo_key = (key, shape)
        if memo_key in self._memo:
            return cast(T, self._memo[memo_key])
        value: object = self._table
        for name in key.split("."):
            if not isinstance(value, Mapping) or name not in value:
                raise DataError(f"{self._where}{key}: not in directory/demo_data/")
            value = value[name]
        converted = convert(value)
        if converted is None:
            raise DataError(f"{self._where}{key}: expected {shape}, found {value!r}")
        self._memo[memo_key] = converted
        return converted

    def text(self, key: str) -> str:
        return self._get(key, "a string", _text)

    def texts(self, key: str) -> tuple[str, ...]:
        return self._get(key, "a list of strings", _texts)

    def pair(self, key: str) -> Pair:
        return self._get(key, "[written, reading]", _pair)

    def pairs(self, key: str) -> tuple[Pair, ...]:
        return self._get(key, "a list of [written, reading]", _pairs)

    def fee(self, key: str) -> Fee:
        return self._get(key, "[yen, note]", _fee)

    def fees(self, key: str) -> tuple[Fee, ...]:
        return self._get(key, "a list of [yen, note]", _fees)

    def name(self, key: str) -> Template:
        return self._get(key, "a name template", _template)

    def names(self, key: str) -> tuple[Template, ...]:
        return self._get(key, "a list of name templates", _templates)

    def section(self, key: str) -> Words:
        """A table inside this one, for reading many keys of one kind."""
        return self._get(key, "a table", lambda value: self._child(value, key))

    def records(self, key: str) -> tuple[Words, ...]:
        """An array of tables ([[kind.records]] in TOML), each read with the same getters."""
        return self._get(
            key,
            "an array of tables",
            _many(lambda value: self._child(value, key)),
        )

    def _child(self, value: object, key: str) -> Words | None:
        if not isinstance(value, Mapping):
            return None
        return Words(cast(Mapping[str, object], value), f"{self._where}{key}.")


@functools.cache
def words() -> Words:
    """Every file of demo_data/, read once; its name without .toml is the first part of a key."""
    folder = resources.files(__package__ or "directory").joinpath("demo_data")
    tables: dict[str, object] = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            tables[entry.name.removesuffix(".toml")] = tomllib.loads(
                entry.read_text(encoding="utf-8")
            )
    return Words(tables, "")
