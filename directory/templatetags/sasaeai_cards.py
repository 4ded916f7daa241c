"""{% card r back=… mylist_buttons=True level=3 %}: a resource card
(templates/directory/_card.html) kept as HTML until its data changes
(directory/cardcache.py), with this page's way back and this visitor's token written in."""

from __future__ import annotations

from typing import Any

from django import template
from django.template import Engine
from django.utils.safestring import SafeString, mark_safe

from directory import cardcache, search

register = template.Library()
CARD = "directory/_card.html"


@register.simple_tag(takes_context=True)
def card(
    context: template.Context,
    r: Any,
    back: str = "",
    mylist_buttons: bool = False,
    level: int = 3,
) -> SafeString:
    request = context.get("request")
    variant = cardcache.Variant(int(level), bool(back), bool(mylist_buttons))
    near_place = repr(context.get("near_place"))
    token = context.get("csrf_token")
    marked = bool(token) and token != "NOTPROVIDED"
    if isinstance(r, cardcache.Kept):
        if r.html and r.key == cardcache.key_for(r, variant, request, near_place, marked):
            return mark_safe(cardcache.serve(r.html, request, back, token))
        r = read(r)  # kept drawn another way: read the resource after all
        if r is None:
            return mark_safe("")
    key = cardcache.key_for(r, variant, request, near_place, marked)
    html = cardcache.kept().get(key) if cardcache.enabled() else None
    if html is None:
        values = {
            "r": r,
            "back": cardcache.BACK_MARK if back else "",
            "mylist_buttons": mylist_buttons,
            "level": level,
            "csrf_token": cardcache.CSRF_MARK if marked else token,
            "card_page_path": cardcache.PATH_MARK,
        }
        with context.push(**values):
            engine = context.template.engine if context.template else Engine.get_default()
            html = str(engine.get_template(CARD).render(context))
        if cardcache.enabled():
            cardcache.kept().set(key, html, cardcache.CARD_SECONDS)
    return mark_safe(cardcache.serve(html, request, back, token))


def read(kept: cardcache.Kept) -> Any:
    found = search.cards([kept.pk])
    if not found:
        return None
    resource: Any = found[0]
    for name in ("distance_text", "walk_text", "comes_home"):
        if getattr(kept, name):  # a made card has only the ones the page gave it
            setattr(resource, name, getattr(kept, name))
    return resource
