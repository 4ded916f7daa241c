"""Small readers for the CSV files cities publish (landmark lists, park lists): the text in
UTF-8 (with or without a BOM) or cp932, and a number kept only inside its range."""

from __future__ import annotations

import math


def decode(data: bytes) -> str | None:
    """The file's text, or None when it is neither UTF-8 nor cp932 (never a guess)."""
    for encoding in ("utf-8-sig", "cp932"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def number_within(text: str, low: float, high: float) -> float | None:
    """A finite number between low and high, else None (「abc」, NaN, a latitude of 200)."""
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) and low <= value <= high else None
