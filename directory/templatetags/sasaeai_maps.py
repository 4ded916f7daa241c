"""Template tags of the maps (directory/maps.py): tile settings and the script's words."""

from django import template
from django.utils.html import json_script
from django.utils.safestring import SafeString

from directory import maps

register = template.Library()


@register.simple_tag
def tile_attributes() -> SafeString:
    """` data-tile-url="…" data-tile-attribution="…"` from SASAEAI_TILE_URL / _ATTRIBUTION."""
    return maps.tile_attributes()


@register.simple_tag
def map_texts() -> SafeString:
    """The words static/js/maps.js shows, as JSON data (not an inline script)."""
    return json_script(maps.texts(), "map-texts")
