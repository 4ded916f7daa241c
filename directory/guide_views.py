"""/guide/: the 地域資源ガイド form, and the PDF booklet it asks for (directory/guide.py)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from areas.models import Area
from directory import booklets, guide
from directory.forms import default_municipality
from directory.models import Category
from sasaeai.lib import downloads


def site_url(request: HttpRequest) -> str:
    return settings.SASAEAI_SITE_URL or request.build_absolute_uri(reverse("directory-top"))


def guide_form(request: HttpRequest, choice: guide.Choice, status: int) -> HttpResponse:
    municipality = (
        guide.municipality_of(choice.area) if choice.area is not None else default_municipality()
    )
    if municipality is None:
        return render(request, "directory/empty.html", status=503)
    wards = [
        {"ward": w, "spheres": list(w.children.filter(kind=Area.Kind.SPHERE))}
        for w in Area.objects.filter(parent=municipality, kind=Area.Kind.WARD).order_by(
            "sort_order", "code"
        )
    ]
    chosen = set(request.GET.getlist("category"))
    context = {
        "municipality": municipality,
        "wards": wards,
        "area_code": choice.area.code if choice.area else request.GET.get("area", "")[:120],
        "categories": [
            {"category": c, "checked": c.code in chosen} for c in Category.objects.all()
        ],
        "errors": choice.errors,
    }
    return render(request, "directory/guide_form.html", context, status=status)


@require_GET
def guide_pdf(request: HttpRequest) -> HttpResponse:
    if not request.GET:
        return guide_form(request, guide.Choice(), 200)
    choice = guide.choose(request.GET)
    if choice.area is None and not choice.errors:
        choice.errors.append(str(guide.NO_AREA))
    if choice.errors:
        return guide_form(request, choice, 400)
    outcome = booklets.ask(
        choice,
        site_url(request),
        booklets.client_key(request),
        retry=request.GET.get("retry") == "1",
    )
    if isinstance(outcome, booklets.Waiting):
        return guide_wait(request, choice, outcome)
    booklet = outcome
    ascii_name, name = downloads.filename(*guide.filename_stem(choice), "pdf", timezone.localdate())
    response = HttpResponse(booklet.pdf, content_type="application/pdf")
    response["Content-Disposition"] = downloads.content_disposition(ascii_name, name)
    return response


def guide_wait(
    request: HttpRequest, choice: guide.Choice, waiting: booklets.Waiting
) -> HttpResponse:
    """「作成中です」 (reloading itself), why it failed, or why it cannot be queued now."""
    again = request.GET.copy()
    again.pop("retry", None)
    retry = again.copy()
    retry["retry"] = "1"
    context = {
        "waiting": waiting,
        "area_title": guide.area_title(choice.chosen_area),
        "category_labels": [c.name for c in choice.categories] or ["すべての分類"],
        "again_url": f"{reverse('directory-guide')}?{again.urlencode()}",
        "retry_url": f"{reverse('directory-guide')}?{retry.urlencode()}",
    }
    response = render(request, "directory/guide_wait.html", context, status=waiting.status)
    response["Retry-After"] = str(waiting.retry_after)
    response["Cache-Control"] = "no-store"
    return response
