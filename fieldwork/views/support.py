"""支援記録: list with filters, detail, create (also from a resource's page), edit, delete and undo."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from directory.models import Resource
from fieldwork import editing
from fieldwork.access import load_support
from fieldwork.forms import SupportFilterForm, SupportForm, area_choices
from fieldwork.models import SupportRecord, Version
from fieldwork.views import common
from office.access import StaffRequest, staff_required
from sasaeai.lib.ids import parse_id

KIND = Version.Kind.SUPPORT


@staff_required
def support_list(request: StaffRequest) -> HttpResponse:
    staff = request.staff
    form = SupportFilterForm(
        request.GET or None, areas=area_choices(staff, staff.municipality, writable=False)
    )
    rows, deleted = common.listing(request, SupportRecord, form)
    if form.is_valid():
        data = form.cleaned_data
        if data.get("held_from"):
            rows = rows.filter(held_on__gte=data["held_from"])
        if data.get("held_until"):
            rows = rows.filter(held_on__lte=data["held_until"])
    rows = rows.select_related("area", "resource").order_by("-held_on", "-pk")
    return common.list_page(request, "fieldwork/support/list.html", form, rows, deleted)


@staff_required(write=True)
def support_new(request: StaffRequest) -> HttpResponse:
    """A new record; ?resource=<id> (the link on a resource's page) fills in the resource."""
    staff = request.staff
    initial: dict = {}
    number = parse_id(request.GET.get("resource", ""))
    resource = Resource.objects.filter(pk=number).select_related("town").first() if number else None
    if resource is not None:
        initial["resource"] = resource.pk
        choices = area_choices(staff, staff.municipality)
        inside = [a for a in choices if resource.town and resource.town.path.startswith(a.path)]
        if inside:
            initial["area"] = max(inside, key=lambda a: a.depth).pk
    form = SupportForm(
        request.POST or None, staff=staff, municipality=staff.municipality, initial=initial
    )
    if request.method != "POST":
        return common.form_page(request, form, None, KIND)
    return common.save_new(request, form, KIND, lambda record: None)


@staff_required
def support_detail(request: StaffRequest, pk: int) -> HttpResponse:
    record = load_support(request, pk)
    return render(
        request,
        "fieldwork/support/detail.html",
        {
            "record": record,
            "can_edit": common.can_edit(request, record),
            "issues": record.issues.live(),
            "versions": editing.versions_of(record).select_related("user")[:5],
        },
    )


@staff_required(write=True)
def support_edit(request: StaffRequest, pk: int) -> HttpResponse:
    record = load_support(request, pk, write=True)
    form = SupportForm(
        request.POST or None, instance=record, staff=request.staff, municipality=record.municipality
    )
    if request.method != "POST":
        return common.form_page(request, form, record, KIND)
    return common.save_edit(request, form, record, KIND)


@staff_required(write=True)
def support_delete(request: StaffRequest, pk: int) -> HttpResponse:
    return common.delete_page(request, load_support(request, pk, write=True))


@require_POST
@staff_required(admin=True)
def support_undelete(request: StaffRequest, pk: int) -> HttpResponse:
    return common.undelete(request, load_support(request, pk, write=True))
