"""The area report: a page, its PDF and its CSV (every back-office account, any area of the
city: everyone in the back office reads every fieldwork record)."""

from __future__ import annotations

from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from fieldwork import report, report_files
from fieldwork.forms import area_choices
from fieldwork.report_forms import FORMATS, ReportForm
from fieldwork.views.gaps import default_area
from office.access import StaffRequest, staff_required
from sasaeai.lib import csvwrite, downloads


def _report(request: StaffRequest) -> tuple[ReportForm, report.Report | None]:
    """The form and, when its conditions are good, the report (a bad one makes nothing)."""
    areas = area_choices(request.staff, request.staff.municipality, writable=False)
    form = ReportForm(request.GET or None, areas=areas)
    if request.GET and not form.is_valid():
        return form, None
    data = form.cleaned_data if request.GET else {}
    area = data.get("area") or default_area(request, areas)
    if area is None:
        return form, None
    year = data.get("year") or report.fiscal_year(timezone.localdate())
    return form, report.area_report(area, year)


def _refused(request: StaffRequest, form: ReportForm) -> HttpResponse:
    return render(request, "fieldwork/report/page.html", {"form": form, "report": None}, status=400)


def _names(result: report.Report, extension: str) -> str:
    ascii_name, name = downloads.filename(
        f"area-report-{result.area.pk}-{result.period.year}",
        f"地域の年間報告_{result.area.name}_{result.period.year}年度",
        extension,
        timezone.localdate(),
    )
    return downloads.content_disposition(ascii_name, name)


@staff_required
def report_page(request: StaffRequest) -> HttpResponse:
    form, result = _report(request)
    if form.errors:
        return _refused(request, form)
    query = {"area": result.area.pk, "year": result.period.year} if result else {}
    return render(
        request, "fieldwork/report/page.html", {"form": form, "report": result, "query": query}
    )


@staff_required
def report_pdf(request: StaffRequest) -> HttpResponse:
    form, result = _report(request)
    if result is None:
        return _refused(request, form)
    response = HttpResponse(report_files.pdf(result), content_type="application/pdf")
    response["Content-Disposition"] = _names(result, "pdf")
    response["Cache-Control"] = "no-store"
    return response


@staff_required
def report_csv(request: StaffRequest) -> HttpResponse | StreamingHttpResponse:
    form, result = _report(request)
    if result is None:
        return _refused(request, form)
    encoding = FORMATS[form.cleaned_data.get("format") or "csv"] if request.GET else "utf-8"
    charset = "Windows-31J" if encoding == "cp932" else "utf-8"
    response = StreamingHttpResponse(
        csvwrite.csv_lines(report_files.HEADERS, report_files.rows(result), encoding=encoding),
        content_type=f"text/csv; charset={charset}",
    )
    response["Content-Disposition"] = _names(result, "csv")
    response["Cache-Control"] = "no-store"
    return response
