"""What every printed page carries: a QR code to the live page and the date it was printed.

The QR code is drawn by segno (pure Python) as inline SVG, so it needs no image file, no
request of its own and prints sharp at any size; WeasyPrint draws the same SVG in the PDFs.
"""

from __future__ import annotations

import datetime
import functools
import io

import segno
from django.http import HttpRequest, QueryDict
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Parameters that change what is shown but not which page it is: a printed QR code leads
# to the whole list (not its 3rd page), a detail page without the way back to a search.
NOT_PRINTED_PARAMS = ("page", "back")
# Beyond this a QR code gets too dense to scan from 3 cm of paper (and past ~2,300 bytes
# there is none): a search of 100 characters of words is about 1,000 bytes percent-encoded.
MAX_QR_BYTES = 1200


@functools.lru_cache(maxsize=512)
def qr_svg(url: str, *, scale: int = 3, label: str = "") -> SafeString:
    """The QR code of url as an inline <svg> (error correction M: survives a smudge).

    Kept per URL (it depends on nothing else): segno's choice of the best mask took a
    third of a results page's time, and a shared list or a busy search is drawn again and
    again."""
    if len(url.encode()) > MAX_QR_BYTES:
        return mark_safe("")  # the URL is printed beside it in words anyway
    code = segno.make(url, error="m", micro=False)
    buffer = io.BytesIO()
    code.save(
        buffer,
        kind="svg",
        xmldecl=False,
        svgns=True,  # WeasyPrint and browsers alike then read it as SVG
        nl=False,
        scale=scale,
        border=2,
        svgclass="qr-code",
        lineclass=None,
    )
    svg = buffer.getvalue().decode()
    name = escape(label or "このページを開くQRコード")
    return mark_safe(svg.replace("<svg ", f'<svg role="img" aria-label="{name}" ', 1))


def printed_date(day: datetime.date | None = None) -> str:
    """「2026年11月27日」 (the date a page or booklet was made)."""
    day = day or timezone.localdate()
    return f"{day.year}年{day.month}月{day.day}日"


def page_url(request: HttpRequest) -> str:
    """The absolute URL of the page being printed, without page and back."""
    query = QueryDict(mutable=True)
    for key, values in request.GET.lists():
        if key not in NOT_PRINTED_PARAMS:
            query.setlist(key, values)
    encoded = query.urlencode()
    return request.build_absolute_uri(request.path + (f"?{encoded}" if encoded else ""))


def site_path(name: str, *args: object) -> str:
    """A named page's path below the site's top (no leading slash), to append to a site URL
    (SASAEAI_SITE_URL, or the request's own top) that already carries any script prefix."""
    return reverse(name, args=args).removeprefix(get_script_prefix())
