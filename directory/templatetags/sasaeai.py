import datetime

from django import template
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe

from directory import schedules

register = template.Library()


@register.filter
def jdate(value: datetime.date | None) -> str:
    """「12月9日(水)」"""
    return schedules.format_date(value) if value else ""


@register.filter
def jdate_full(value: datetime.date | None) -> str:
    """「2026年12月9日(水)」"""
    return schedules.format_date_full(value) if value else ""


@register.simple_tag
def icon(name: str) -> SafeString:
    """An inline SVG from templates/icons (decorative: aria-hidden)."""
    if not name or not name.isalnum():
        return mark_safe("")
    return mark_safe(get_template(f"icons/{name}.svg").render())
