"""The coordinator's dashboard: what is in their areas, what needs checking, what changed."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from directory.models import Resource
from office import extensions
from office.access import StaffRequest, staff_required
from office.listing import months_ago
from office.models import Proposal, Revision, Staff
from office.reports import open_reports


def scope(staff: Staff):
    """The dashboard's resources: a coordinator's areas; everyone else the whole city."""
    rows = Resource.objects.filter(municipality=staff.municipality)
    if staff.role == Staff.Role.COORDINATOR:
        rows = rows.filter(staff.coverage_q())
    return rows


@staff_required
def dashboard(request: StaffRequest) -> HttpResponse:
    staff = request.staff
    rows = scope(staff)
    live = rows.exclude(status=Resource.Status.DELETED)
    counts = dict(live.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    months = settings.SASAEAI_CONFIRM_MONTHS
    limit = months_ago(timezone.localdate(), months)
    stale = live.exclude(status=Resource.Status.ENDED).filter(
        Q(confirmed_on__lt=limit) | Q(confirmed_on__isnull=True)
    )
    # The inbox's own queryset, so the two agree: a report on a deleted resource is in
    # neither for a coordinator or a 閲覧者 (they could not open it), in both for the 管理者.
    reports = open_reports(staff)
    # Likewise proposals and changes: only the 管理者 opens a deleted resource's pages.
    openable = (rows if staff.is_admin else live).values("pk")
    proposals = Proposal.objects.filter(status=Proposal.Status.PENDING, resource__in=openable)
    recent = (
        Revision.objects.filter(resource__in=openable)
        .select_related("resource", "user")
        .order_by("-created_at")[:15]
    )
    return render(
        request,
        "office/dashboard.html",
        {
            "statuses": [
                (s.value, s.label, counts.get(s.value, 0))
                for s in Resource.Status
                if s != Resource.Status.DELETED
            ],
            "months": months,
            "stale_count": stale.count(),
            "stale": stale.select_related("town").order_by("confirmed_on", "kana")[:10],
            "report_count": reports.count(),
            "reports": reports[:5],
            "proposals": proposals.select_related("resource")[:5],
            "recent": recent,
            "panels": extensions.dashboard_panels(request),
        },
    )
