"""情報の誤りの報告: the public form (/resources/<id>/report/) and the back-office inbox."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from directory.models import Resource
from office import notices, reports
from office.access import StaffRequest, staff_required
from office.models import Report
from office.reports import ReportDoneForm, ReportForm

REPORTS_PER_PAGE = 50


def see_other(url: str) -> HttpResponseRedirect:
    """303: after a POST, the browser GETs the next page (a reload sends nothing twice)."""
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


# --- Public -----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def report_new(request: HttpRequest, pk: int) -> HttpResponse:
    resource = reports.public_resource(pk)
    if request.method == "GET":
        if request.GET.get("sent"):
            return render(request, "directory/report_sent.html", {"resource": resource})
        return _report_page(request, resource, ReportForm())
    form = ReportForm(request.POST)
    thanks = reverse("directory-report", args=[resource.pk]) + "?sent=1"
    if form.is_bot():
        return see_other(thanks)  # robots are thanked too, and nothing is kept
    sender = reports.sender_hash(request)
    if reports.over_limit(sender):
        response = _report_page(request, resource, form, limited=True, status=429)
        response["Retry-After"] = "3600"
        return response
    if not form.is_valid():
        return _report_page(request, resource, form)
    report = reports.save_report(resource, form, sender)
    notices.announce(request, "report", report.pk)
    return see_other(thanks)


def _report_page(
    request: HttpRequest,
    resource: Resource,
    form: ReportForm,
    *,
    limited: bool = False,
    status: int = 200,
) -> HttpResponse:
    context = {"resource": resource, "form": form, "limited": limited}
    return render(request, "directory/report.html", context, status=status)


# --- Back office ------------------------------------------------------------------------


@staff_required
@require_GET
def report_list(request: StaffRequest) -> HttpResponse:
    key = request.GET.get("status", "open")
    if key not in reports.REPORT_FILTERS:
        key = "open"
    visible = reports.visible_reports(request.staff)
    counts = reports.report_counts(visible)
    page = Paginator(reports.filter_reports(visible, key), REPORTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "page": page,
        "filter": key,
        "filters": [
            {"key": k, "label": label, "count": counts[k], "current": k == key}
            for k, label in reports.REPORT_FILTERS.items()
        ],
        "per_hour": settings.SASAEAI_REPORTS_PER_HOUR,
    }
    return render(request, "office/reports/list.html", context)


def _load_report(request: StaffRequest, pk: int) -> Report:
    """A report in this person's inbox, or a Japanese 404."""
    report = reports.visible_reports(request.staff).filter(pk=pk).first()
    if report is None:
        raise Http404("この報告は見つかりません。")
    return report


@staff_required
@require_http_methods(["GET", "POST"])
def report_detail(request: StaffRequest, pk: int) -> HttpResponse:
    report = _load_report(request, pk)
    can_handle = request.staff.can_edit(report.resource)
    if request.method == "GET":
        return _detail_page(request, report, ReportDoneForm(), can_handle)
    if not can_handle:
        raise PermissionDenied("この報告を対応済みにする権限がありません。")
    form = ReportDoneForm(request.POST)
    if report.status != Report.Status.OPEN:
        return _detail_page(request, report, form, can_handle, status=409)
    if not form.is_valid():
        return _detail_page(request, report, form, can_handle)
    if not reports.mark_done(report, request.user, form.cleaned_data["reply"]):
        return _detail_page(request, report, form, can_handle, status=409)
    messages.success(
        request,
        f"「{report.resource.name}」への報告を対応済みにしました。",
    )
    return see_other(reverse("office-reports"))


def _detail_page(
    request: StaffRequest,
    report: Report,
    form: ReportDoneForm,
    can_handle: bool,
    status: int = 200,
) -> HttpResponse:
    context = {
        "report": report,
        "form": form,
        "can_handle": can_handle and report.status == Report.Status.OPEN,
        "conflict": status == 409,
        "other_open": Report.objects.filter(resource=report.resource, status=Report.Status.OPEN)
        .exclude(pk=report.pk)
        .count(),
    }
    return render(request, "office/reports/detail.html", context, status=status)
