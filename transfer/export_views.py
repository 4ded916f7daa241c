"""Downloads of 地域資源: a public search's result, the back office's list, open data.

/search/export/ takes the GET parameters of /search/ plus `format` (csv, csv-cp932, xlsx,
opendata-csv, opendata-xlsx); /office/resources/export/ those of /office/resources/ plus
`format` (csv, csv-cp932, xlsx). With `format=csv-cp932&check=1` both show, before the
download, which cells hold characters Shift_JIS (CP932) cannot (they become 〓); the
download itself says how many in the X-Replaced-Cells header.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse, QueryDict, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from areas.models import Area
from directory.forms import SearchForm
from office.access import staff_required
from office.forms import ResourceFilterForm
from office.listing import filtered
from transfer import exporter, opendata

CHECK_SHOWN = 300  # replacements listed on the check page (the count covers all)
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORT_PARAMS = ("format", "check")


@dataclass(frozen=True)
class Format:
    label: str
    kind: str  # "ours" or "opendata"
    file: str  # "csv" or "xlsx"
    encoding: str = "utf-8"


FORMATS = {
    "csv": Format("CSV（UTF-8）", "ours", "csv"),
    "csv-cp932": Format("CSV（Shift_JIS）", "ours", "csv", "cp932"),
    "xlsx": Format("Excel（.xlsx）", "ours", "xlsx"),
    "opendata-csv": Format("オープンデータ CSV（UTF-8）", "opendata", "csv"),
    "opendata-xlsx": Format("オープンデータ Excel（.xlsx）", "opendata", "xlsx"),
}
OFFICE_FORMATS = ("csv", "csv-cp932", "xlsx")

TableMaker = Callable[[], exporter.Table]


def chosen_format(request: HttpRequest, allowed: tuple[str, ...]) -> str | None:
    key = request.GET.get("format", "csv") or "csv"
    return key if key in allowed else None


def without_export_params(params: QueryDict) -> QueryDict:
    query = params.copy()
    for key in EXPORT_PARAMS:
        query.pop(key, None)
    return query


def bad_format(request: HttpRequest, base: str, allowed: tuple[str, ...]) -> HttpResponse:
    query = without_export_params(request.GET)
    query.pop("page", None)
    links = []
    for key in allowed:
        query["format"] = key
        links.append({"label": FORMATS[key].label, "url": f"{request.path}?{query.urlencode()}"})
    return render(
        request,
        "transfer/export_error.html",
        {"base_template": base, "links": links},
        status=400,
    )


def download(
    make_table: TableMaker, fmt: Format, ascii_stem: str, stem: str
) -> StreamingHttpResponse:
    """The file, streamed; for CP932 the count of changed cells is counted first."""
    headers: dict[str, str] = {}
    if fmt.encoding == "cp932":
        replaced = similar = 0
        for item in exporter.cp932_check(make_table()):
            if item.similar:
                similar += 1
            else:
                replaced += 1
        headers["X-Replaced-Cells"] = str(replaced)
        headers["X-Similar-Cells"] = str(similar)
    table = make_table()
    today = timezone.localdate()
    ascii_name, name = exporter.filename(ascii_stem, stem, fmt.file, today)
    if fmt.file == "xlsx":
        chunks = exporter.xlsx_chunks(table)
        content_type = XLSX_TYPE
    else:
        chunks = exporter.csv_chunks(table, encoding=fmt.encoding)
        charset = "Windows-31J" if fmt.encoding == "cp932" else "utf-8"
        content_type = f"text/csv; charset={charset}"
    response = StreamingHttpResponse(chunks, content_type=content_type)
    response["Content-Disposition"] = exporter.content_disposition(ascii_name, name)
    response["Cache-Control"] = "no-store"
    for key, value in headers.items():
        response[key] = value
    return response


def check_page(request: HttpRequest, make_table: TableMaker, base: str) -> HttpResponse:
    """What a CP932 download will change: each cell losing characters (up to CHECK_SHOWN),
    and per character how many cells get a look-alike instead (〜 → ～)."""
    shown: list[exporter.Replacement] = []
    replaced = 0
    similar: dict[str, int] = {}
    for item in exporter.cp932_check(make_table()):
        if item.similar:
            for ch in item.characters:
                similar[ch] = similar.get(ch, 0) + 1
            continue
        replaced += 1
        if len(shown) < CHECK_SHOWN:
            shown.append(item)
    query = without_export_params(request.GET)
    query["format"] = "csv-cp932"
    utf8 = query.copy()
    utf8["format"] = "csv"
    return render(
        request,
        "transfer/export_check.html",
        {
            "base_template": base,
            "replacements": shown,
            "replaced": replaced,
            "more": replaced - len(shown),
            "similar": [
                {"original": ch, "written": exporter.cp932_safe(ch)[0], "cells": n}
                for ch, n in similar.items()
            ],
            "download_url": f"{request.path}?{query.urlencode()}",
            "utf8_url": f"{request.path}?{utf8.urlencode()}",
            "replacement": exporter.REPLACEMENT,
        },
    )


# ---------------------------------------------------------------- public


@require_GET
def search_export(request: HttpRequest) -> HttpResponse:
    key = chosen_format(request, tuple(FORMATS))
    if key is None:
        return bad_format(request, "base.html", tuple(FORMATS))
    form = SearchForm(without_export_params(request.GET))
    criteria, _page = form.criteria()
    if criteria is None:
        return render(request, "directory/empty.html", status=503)
    fmt = FORMATS[key]

    def make_table() -> exporter.Table:
        resources = exporter.public_resources(criteria)
        if fmt.kind == "opendata":
            return opendata.table(resources)
        return exporter.our_table(resources, internal=False)

    if key == "csv-cp932" and request.GET.get("check"):
        return check_page(request, make_table, "base.html")
    city: Area = criteria.municipality
    prefix = "opendata" if fmt.kind == "opendata" else "resources"
    stem = ("オープンデータ_地域資源" if fmt.kind == "opendata" else "地域資源") + f"_{city.name}"
    return download(make_table, fmt, f"{prefix}-{city.code}", stem)


@require_GET
def opendata_columns(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "transfer/opendata_columns.html",
        {"columns": opendata.OPEN_COLUMNS, "license": opendata.LICENSE},
    )


# ---------------------------------------------------------------- back office


@staff_required
@require_GET
def office_export(request: HttpRequest) -> HttpResponse:
    key = chosen_format(request, OFFICE_FORMATS)
    if key is None:
        return bad_format(request, "office/base.html", OFFICE_FORMATS)
    staff = request.staff
    municipality = staff.municipality
    form = ResourceFilterForm(without_export_params(request.GET) or None, municipality=municipality)

    def make_table() -> exporter.Table:
        rows = filtered(staff, form, municipality).order_by("kana", "name", "pk")
        return exporter.our_table(exporter.in_chunks(rows), internal=True)

    if key == "csv-cp932" and request.GET.get("check"):
        return check_page(request, make_table, "office/base.html")
    code = municipality.code if municipality else "all"
    name = municipality.name if municipality else ""
    stem = "地域資源_事務局用" + (f"_{name}" if name else "")
    return download(make_table, FORMATS[key], f"resources-office-{code}", stem)
