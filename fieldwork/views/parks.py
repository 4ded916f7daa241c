"""公園カルテ: list with filters, detail, create, edit, delete and undo, and the A4 karte."""

from __future__ import annotations

from typing import cast

from django import forms
from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from fieldwork import editing, park_places
from fieldwork import park_import as importing
from fieldwork.access import load_park
from fieldwork.forms import area_choices
from fieldwork.models import Park, ParkQuerySet, Version
from fieldwork.park_forms import ParkFilterForm, ParkForm, ParkPhotoForm
from fieldwork.views import common
from office.access import StaffRequest, staff_required

KIND = Version.Kind.PARK


def filtered(request: StaffRequest) -> tuple[ParkFilterForm, ParkQuerySet, bool]:
    """The list's filters (地域, トイレあり, ベンチ N 以上, 未調査) and the parks they leave:
    the list and the map (fieldwork/views/park_map.py) show the same parks."""
    staff = request.staff
    form = ParkFilterForm(
        request.GET or None, areas=area_choices(staff, staff.municipality, writable=False)
    )
    listed, deleted = common.listing(request, Park, form)
    rows = cast(ParkQuerySet, listed)
    if form.is_valid():
        data = form.cleaned_data
        if data.get("toilet"):
            rows = rows.with_toilet()
        if data.get("benches") is not None:
            rows = rows.benches_at_least(data["benches"])
        if data.get("unsurveyed"):
            rows = rows.unsurveyed()
    return form, rows.select_related("area").order_by("name", "pk"), deleted


@staff_required
def park_list(request: StaffRequest) -> HttpResponse:
    form, rows, deleted = filtered(request)
    return common.list_page(request, "fieldwork/parks/list.html", form, rows, deleted)


@staff_required(write=True)
def park_new(request: StaffRequest) -> HttpResponse:
    staff = request.staff
    form = ParkForm(request.POST or None, staff=staff, municipality=staff.municipality)
    if request.method != "POST":
        return common.form_page(request, form, None, KIND)
    return common.save_new(request, form, KIND, lambda record: None)


@staff_required
def park_detail(request: StaffRequest, pk: int) -> HttpResponse:
    park = load_park(request, pk)
    return render(
        request,
        "fieldwork/parks/detail.html",
        {
            "record": park,
            "can_edit": common.can_edit(request, park),
            "versions": editing.versions_of(park).select_related("user")[:5],
            "photos": park.photos.defer("image"),
            "photo_form": ParkPhotoForm(),
        },
    )


@staff_required
def park_print(request: StaffRequest, pk: int) -> HttpResponse:
    """The karte on one A4 sheet, to take to the park or to a 協議体 meeting."""
    park = load_park(request, pk)
    context = {
        "record": park,
        "map": park_places.print_map(park),
        # the karte carries one photo (the first added): more would not fit the A4 sheet
        "photo": park.photos.defer("image").order_by("pk").first(),
    }
    return render(request, "fieldwork/parks/print.html", context)


@staff_required(write=True)
def park_edit(request: StaffRequest, pk: int) -> HttpResponse:
    park = load_park(request, pk, write=True)
    form = ParkForm(
        request.POST or None, instance=park, staff=request.staff, municipality=park.municipality
    )
    if request.method != "POST":
        return common.form_page(request, form, park, KIND)
    return common.save_edit(request, form, park, KIND)


@staff_required(write=True)
def park_delete(request: StaffRequest, pk: int) -> HttpResponse:
    return common.delete_page(request, load_park(request, pk, write=True))


@require_POST
@staff_required(admin=True)
def park_undelete(request: StaffRequest, pk: int) -> HttpResponse:
    return common.undelete(request, load_park(request, pk, write=True))


class ParkImportForm(forms.Form):
    file = forms.FileField(
        label="公園一覧の CSV ファイル",
        help_text="見出しに「名称」と「所在地」（または「所在地_連結表記」）、あれば「緯度」「経度」「面積」。",
        error_messages={
            "required": "CSV ファイルを選んでください。",
            "empty": "ファイルが空です。",
            "invalid": "ファイルを読めません。",
        },
    )


@staff_required(write=True)
def park_upload(request: StaffRequest) -> HttpResponse:
    """A city's park list, all or nothing: each error names its row and column."""
    posted = request.method == "POST"
    form = ParkImportForm(request.POST, request.FILES) if posted else ParkImportForm()
    errors: list[str] = []
    municipality = request.staff.municipality
    if municipality is None:
        errors = ["アカウントに市区町村が設定されていません。管理者に連絡してください。"]
    elif posted and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > importing.MAX_BYTES:
            errors = [f"ファイルが大きすぎます（上限 {importing.MAX_BYTES // 1000:,}KB）。"]
        else:
            result = importing.import_csv(municipality, upload.read(), request.staff)
            errors = result.errors
            if not errors:
                messages.success(
                    request,
                    f"{result.created}件の公園カルテを登録しました"
                    f"（すでにある{result.existing}件はそのままです）。",
                )
                return HttpResponseRedirect(reverse("fieldwork-parks"))
    status = 400 if posted else 200
    return render(
        request, "fieldwork/parks/import.html", {"form": form, "errors": errors}, status=status
    )
