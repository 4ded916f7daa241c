"""The resource's back-office page: the 地域課題 it answers and its 支援記録 (registered with
office.extensions, which office's page shows without importing fieldwork).

A registry rather than a template tag: a `{% load %}` in office's template would make office
fail without fieldwork installed; with the registry office knows only that panels exist."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string

from directory.models import Resource
from fieldwork.models import LocalIssue, SupportRecord
from office import extensions
from office.access import get_staff

SHOWN = 10


def resource_panel(request: HttpRequest, resource: Resource) -> str:
    staff = getattr(request, "staff", None) or get_staff(request)
    if staff is None:
        return ""
    issues = LocalIssue.objects.live().filter(links__resource=resource).select_related("area")
    records = SupportRecord.objects.live().filter(resource=resource).select_related("area")
    return render_to_string(
        "fieldwork/_resource_panel.html",
        {
            "resource": resource,
            "issues": issues,
            "records": records[:SHOWN],
            "record_count": records.count(),
            "can_add": staff.can_write,
        },
        request=request,
    )


extensions.add_resource_panel("fieldwork", resource_panel)
