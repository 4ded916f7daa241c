"""{% print_stamp %}: the QR code and printed date that only the printed page shows;
{% mylist_button resource %}: 「リストに追加」/「リストから外す」 as a small POST form."""

from __future__ import annotations

from urllib.parse import unquote

from django import template
from django.http import HttpRequest

from directory import mylist, printing

register = template.Library()


@register.inclusion_tag("directory/_print_stamp.html", takes_context=True)
def print_stamp(context: template.Context, url: str = "") -> dict:
    """url: what the QR code opens (default: this page, see printing.page_url)."""
    request: HttpRequest = context["request"]
    target = url or printing.page_url(request)
    return {
        "qr": printing.qr_svg(target),
        "target": target,
        # printed in words people can read (体操, not %E4%BD%93%E6%93%8D); the QR code keeps
        # the encoded URL
        "target_text": unquote(target),
        "printed": printing.printed_date(),
        "site_name": context.get("site_name", ""),
    }


@register.inclusion_tag("directory/_mylist_button.html", takes_context=True)
def mylist_button(
    context: template.Context, resource, compact: bool = False, anchor: bool = False
) -> dict:
    """anchor: the button stands on a card, and without JavaScript the page comes back
    scrolled to that card (#card-<id>), not to the top of a long list."""
    request: HttpRequest = context["request"]
    return {
        "resource": resource,
        "in_list": resource.pk in mylist.from_cookie(request),
        # card_page_path: a kept card's mark for the page (directory/cardcache.py)
        "next": (context.get("card_page_path") or request.get_full_path())
        + (f"#card-{resource.pk}" if anchor else ""),
        "csrf_token": context.get("csrf_token"),
        "compact": compact,
    }
