"""Cell text before any reading: NFKC, spaces collapsed, range separators unified."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

WEEKDAYS = "月火水木金土日"
TILDE = "~"  # every range separator (〜 ～ ~ - から) becomes this before parsing
SEPARATORS = re.compile(r"\s*(?:〜|～|~|－|−|‐|ｰ|から|-)\s*")
SPACES = re.compile(r"[\s\u3000]+")


def clean(value: Any) -> str:
    """A cell as text: NFKC (full-width digits and letters to ASCII), spaces collapsed."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFKC", str(value))
    return SPACES.sub(" ", text).strip()


def tidy(value: Any) -> str:
    """A cell as text kept as typed (① stays ①), only its spaces collapsed and trimmed."""
    if value is None:
        return ""
    return SPACES.sub(" ", str(value)).strip()
