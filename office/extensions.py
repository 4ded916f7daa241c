"""Where an app above office adds to office's pages without office importing it.

An app (fieldwork: the 地域課題 and 支援記録 of a resource) registers a panel in its
AppConfig.ready(); the resource's back-office page shows what each returns. Office works,
and its tests pass, with no panel registered.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest
from django.utils.safestring import SafeString

from directory.models import Resource

# (request, resource) -> rendered HTML, or "" when the app has nothing to say about it.
ResourcePanel = Callable[[HttpRequest, Resource], str]
_resource_panels: dict[str, ResourcePanel] = {}


def add_resource_panel(name: str, panel: ResourcePanel) -> None:
    """Register (or replace: ready() may run twice in tests) a panel under a name."""
    _resource_panels[name] = panel


def resource_panels(request: HttpRequest, resource: Resource) -> list[SafeString]:
    shown = []
    for panel in _resource_panels.values():
        html = panel(request, resource)
        if html:
            shown.append(SafeString(html))
    return shown
