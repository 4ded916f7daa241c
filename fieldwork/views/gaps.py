"""The gap map (every back-office account reads it) and the population file (管理者)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse

from areas import population
from areas.models import Area, PopulationImport
from directory.models import Category
from fieldwork import gaps
from fieldwork.forms import area_choices
from fieldwork.gap_forms import DEFAULT_CATEGORY, SORTS, GapForm, PopulationForm
from fieldwork.models import LocalIssue, Park
from office.access import StaffRequest, staff_required


def default_area(request: StaffRequest, areas: list[Area]) -> Area | None:
    """A coordinator's first 担当地域 below the city, else the city."""
    staff = request.staff
    own = [a for a in areas if a.kind != Area.Kind.MUNICIPALITY and staff.covers_area(a)]
    if own and not staff.is_admin:
        return own[0]
    return areas[0] if areas else None


@staff_required
def gap_map(request: StaffRequest) -> HttpResponse:
    areas = area_choices(request.staff, request.staff.municipality, writable=False)
    form = GapForm(request.GET or None, areas=areas)
    data = form.cleaned_data if form.is_valid() else {}
    area = data.get("area") or default_area(request, areas)
    category = data.get("category") or Category.objects.filter(code=DEFAULT_CATEGORY).first()
    sort = data.get("sort") or "count"
    if area is None or category is None:
        return render(request, "fieldwork/gaps/map.html", {"form": form, "result": None})
    result = gaps.gap_map(area, category)
    query = {"area": area.pk, "category": category.pk}
    sort_links = [
        (key, label, reverse("fieldwork-gaps") + "?" + urlencode({**query, "sort": key}))
        for key, label in SORTS.items()
    ]
    issues = (
        LocalIssue.objects.live()
        .within(area)
        .exclude(status__in=[LocalIssue.Status.SOLVED, LocalIssue.Status.DROPPED])
    )
    parks = Park.objects.live().within(area).filter(surveyed_on__isnull=False)
    return render(
        request,
        "fieldwork/gaps/map.html",
        {
            "form": form,
            "result": result,
            "towns": gaps.sorted_towns(result.towns, sort),
            "sort": sort,
            "sort_links": sort_links,
            "issues": issues.select_related("area").order_by("-pk")[:50],
            "parks": parks.select_related("area").order_by("name", "pk")[:50],
            "map_towns": [
                {"name": t.name, "lat": t.lat, "lng": t.lng, "count": t.count, "level": t.level}
                for t in result.towns
                if t.count is not None
            ],
            "latest_import": PopulationImport.objects.filter(
                municipality=result.area.municipality or result.area
            ).first(),
        },
    )


@staff_required(admin=True)
def population_upload(request: StaffRequest) -> HttpResponse:
    """The towns' people aged 65+, all or nothing; every problem named by row and column."""
    posted = request.method == "POST"
    form = PopulationForm(request.POST, request.FILES) if posted else PopulationForm()
    municipality = request.staff.municipality
    context: dict = {"form": form, "reading": None, "batch": None}
    if municipality is None:
        context["errors"] = ["アカウントに市区町村が設定されていません。"]
    elif posted and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > population.MAX_BYTES:
            context["errors"] = [
                f"ファイルが大きすぎます（上限 {population.MAX_BYTES // 1_000_000}MB）。"
            ]
        else:
            reading, batch = population.import_csv(
                municipality,
                upload.read(),
                skip=form.cleaned_data["skip"],
                file_name=upload.name or "",
                source=form.cleaned_data["source"],
                user=request.user,
            )
            context.update(reading=reading, batch=batch)
            if batch is not None:
                return render(request, "fieldwork/gaps/population.html", context)
    if municipality is not None:
        context["imports"] = PopulationImport.objects.filter(municipality=municipality)[:10]
    status = 400 if posted else 200
    return render(request, "fieldwork/gaps/population.html", context, status=status)
