"""What fieldwork adds to office's pages (registered with office.extensions, which office
shows without importing fieldwork): on a resource's page the 地域課題 it answers and its
支援記録; on the dashboard the open 地域課題 of the person's areas.

A registry rather than a template tag: a `{% load %}` in office's template would make office
fail without fieldwork installed; with the registry office knows only that panels exist."""

from __future__ import annotations

from django.db.models import Count
from django.http import HttpRequest
from django.template.loader import render_to_string

from directory.models import Resource
from fieldwork import editing
from fieldwork.models import LocalIssue, SupportRecord
from office import extensions
from office.access import get_staff
from office.models import Staff

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
            "linkable": linkable_issues(staff, resource),
        },
        request=request,
    )


def linkable_issues(staff: Staff, resource: Resource) -> list[LocalIssue]:
    """The open issues of the person's city this person may link the resource to."""
    if not staff.can_write:
        return []
    issues = (
        LocalIssue.objects.live()
        .filter(municipality=staff.municipality)
        .exclude(status__in=[LocalIssue.Status.SOLVED, LocalIssue.Status.DROPPED])
        .exclude(links__resource=resource)
        .select_related("area")
        .order_by("area__path", "title")
    )
    return [issue for issue in issues if editing.may_write(staff, issue)]


def dashboard_panel(request: HttpRequest) -> str:
    """Open issues by status: a coordinator's areas (as the dashboard's resources), else the city."""
    staff = getattr(request, "staff", None) or get_staff(request)
    if staff is None:
        return ""
    issues = LocalIssue.objects.live().filter(municipality=staff.municipality)
    if staff.role == Staff.Role.COORDINATOR:
        mine = [i.pk for i in issues.select_related("area") if staff.covers_area(i.area)]
        issues = issues.filter(pk__in=mine)
    counts = dict(issues.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    return render_to_string(
        "fieldwork/_dashboard_panel.html",
        {
            "statuses": [(s.value, s.label, counts.get(s.value, 0)) for s in LocalIssue.Status],
            "latest": issues.select_related("area").order_by("-created_at", "-pk")[:5],
        },
        request=request,
    )


extensions.add_resource_panel("fieldwork", resource_panel)
extensions.add_dashboard_panel("fieldwork", dashboard_panel)
