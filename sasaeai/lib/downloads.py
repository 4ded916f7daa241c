"""A download's file name: an ASCII fallback and the Japanese name, dated.

Every app that sends a file (the directory's PDFs, the back office's exports) names it the
same way, so the helpers live here rather than in any one app.
"""

from __future__ import annotations

import datetime
from urllib.parse import quote


def filename(
    ascii_stem: str, stem: str, extension: str, today: datetime.date | None = None
) -> tuple[str, str]:
    """(ASCII fallback, Japanese name) for a download, e.g. resources-121002-20261126.csv."""
    day = (today or datetime.date.today()).strftime("%Y%m%d")
    return f"{ascii_stem}-{day}.{extension}", f"{stem}_{day}.{extension}"


def content_disposition(ascii_name: str, name: str) -> str:
    """attachment; filename (ASCII, for old clients) and filename* (RFC 5987, UTF-8)."""
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
