"""The back office's list of 地域資源 (/office/resources/ and its export): which rows a
person's filter shows, and when a confirmation is old enough to be 要確認."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone

from areas.models import Area
from directory.models import Resource, ResourceQuerySet
from office.forms import ResourceFilterForm
from office.models import Staff
from office.reports import open_reports


def months_ago(today: datetime.date, months: int) -> datetime.date:
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    return datetime.date(year, month + 1, min(today.day, 28))


def confirm_months() -> int:
    """How many months a confirmation holds before the resource is 要確認 again."""
    return int(settings.SASAEAI_CONFIRM_MONTHS)


def filtered(staff: Staff, form: ResourceFilterForm, municipality: Area | None) -> ResourceQuerySet:
    """The rows the list (and its export) shows for this person and this filter."""
    data = form.cleaned_data if form.is_valid() else {}
    status = data.get("status") or ""
    if status == Resource.Status.DELETED and not staff.is_admin:
        status = ""  # only the 管理者 lists what was deleted
    stale = data.get("stale")
    rows = Resource.objects.filter(municipality=municipality).listed(
        status=status,
        words=data.get("q") or "",
        category=data.get("category"),
        area=data.get("area"),
        unconfirmed_since=months_ago(timezone.localdate(), stale) if stale else None,
    )
    scope = data.get("scope") or ("mine" if staff.role == Staff.Role.COORDINATOR else "all")
    if scope == "mine" and staff.role == Staff.Role.COORDINATOR:
        rows = rows.filter(staff.coverage_q())
    if data.get("reports"):
        # The inbox's own rule: only reports this person may read mark a resource.
        rows = rows.filter(pk__in=open_reports(staff).values("resource_id"))
    return rows
