"""Where an app above office adds to office's pages without office importing it.

An app (fieldwork: 地域課題 and 支援記録) registers panels in its AppConfig.ready(): one on
the resource's back-office page, one on the dashboard; the page shows what each returns.
Office works, and its tests pass, with no panel registered.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest
from django.utils.safestring import SafeString

from directory.models import Resource

# (request, resource) -> rendered HTML, or "" when the app has nothing to say about it.
ResourcePanel = Callable[[HttpRequest, Resource], str]
# (request) -> rendered HTML, or "".
DashboardPanel = Callable[[HttpRequest], str]
_resource_panels: dict[str, ResourcePanel] = {}
_dashboard_panels: dict[str, DashboardPanel] = {}


def add_resource_panel(name: str, panel: ResourcePanel) -> None:
    """Register (or replace: ready() may run twice in tests) a panel under a name."""
    _resource_panels[name] = panel


def add_dashboard_panel(name: str, panel: DashboardPanel) -> None:
    _dashboard_panels[name] = panel


def _shown(parts: list[str]) -> list[SafeString]:
    return [SafeString(html) for html in parts if html]


def resource_panels(request: HttpRequest, resource: Resource) -> list[SafeString]:
    return _shown([panel(request, resource) for panel in _resource_panels.values()])


def dashboard_panels(request: HttpRequest) -> list[SafeString]:
    return _shown([panel(request) for panel in _dashboard_panels.values()])
