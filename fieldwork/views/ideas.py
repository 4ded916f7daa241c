"""アイデア募集: the public form 「交流・連携のアイデアを送る」 (/ideas/) and the area's inbox in
the back office, kept like the correction reports (office/views/reports.py)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from directory.forms import default_municipality
from fieldwork import ideas
from fieldwork.council_forms import IdeaForm
from fieldwork.council_models import Idea
from fieldwork.views.board import see_other
from office import notices, reports
from office.access import StaffRequest, staff_required
from office.reports import ReportDoneForm

PER_PAGE = 50


@require_http_methods(["GET", "POST"])
def idea_new(request: HttpRequest) -> HttpResponse:
    municipality = default_municipality()
    if request.method == "GET":
        if request.GET.get("sent"):
            return render(request, "fieldwork/ideas/sent.html")
        return _idea_page(request, IdeaForm(municipality=municipality))
    form = IdeaForm(request.POST, municipality=municipality)
    thanks = reverse("fieldwork-idea-new") + "?sent=1"
    if form.is_bot():
        return see_other(thanks)  # robots are thanked too, and nothing is kept
    sender = reports.sender_hash(request)
    if ideas.over_limit(sender):
        response = _idea_page(request, form, limited=True, status=429)
        response["Retry-After"] = "3600"
        return response
    if municipality is None or not form.is_valid():
        return _idea_page(request, form, status=400 if form.is_bound else 200)
    idea = ideas.save_idea(municipality, form.cleaned_data, sender)
    notices.announce(request, "idea", idea.pk)
    return see_other(thanks)


def _idea_page(
    request: HttpRequest, form: IdeaForm, *, limited: bool = False, status: int = 200
) -> HttpResponse:
    return render(
        request, "fieldwork/ideas/new.html", {"form": form, "limited": limited}, status=status
    )


@staff_required
@require_GET
def idea_list(request: StaffRequest) -> HttpResponse:
    key = request.GET.get("status", "open")
    if key not in reports.REPORT_FILTERS:
        key = "open"
    visible = ideas.visible_ideas(request.staff)
    counts = {
        "open": visible.filter(status=Idea.Status.OPEN).count(),
        "done": visible.filter(status=Idea.Status.DONE).count(),
    }
    counts["all"] = counts["open"] + counts["done"]
    shown = visible if key == "all" else visible.filter(status=key)
    page = Paginator(shown.order_by("-created_at", "-pk"), PER_PAGE).get_page(
        request.GET.get("page")
    )
    filters = [
        {"key": k, "label": label, "count": counts[k], "current": k == key}
        for k, label in reports.REPORT_FILTERS.items()
    ]
    return render(
        request, "fieldwork/ideas/list.html", {"page": page, "filter": key, "filters": filters}
    )


@staff_required
@require_http_methods(["GET", "POST"])
def idea_detail(request: StaffRequest, pk: int) -> HttpResponse:
    idea = ideas.visible_ideas(request.staff).filter(pk=pk).first()
    if idea is None:
        raise Http404("このアイデアは見つかりません。")
    can_handle = ideas.may_handle(request.staff, idea)
    if request.method == "GET":
        return _detail(request, idea, ReportDoneForm(), can_handle)
    if not can_handle:
        raise PermissionDenied("このアイデアを対応済みにする権限がありません。")
    form = ReportDoneForm(request.POST)
    if idea.status != Idea.Status.OPEN:
        return _detail(request, idea, form, can_handle, status=409)
    if not form.is_valid():
        return _detail(request, idea, form, can_handle, status=400)
    if not ideas.mark_done(idea, request.user, form.cleaned_data["reply"]):
        return _detail(request, idea, form, can_handle, status=409)
    messages.success(request, "アイデアを対応済みにしました。")
    return see_other(reverse("fieldwork-ideas"))


def _detail(
    request: StaffRequest, idea: Idea, form: ReportDoneForm, can_handle: bool, status: int = 200
) -> HttpResponse:
    context = {
        "idea": idea,
        "form": form,
        "can_handle": can_handle and idea.status == Idea.Status.OPEN,
        "conflict": status == 409,
    }
    return render(request, "fieldwork/ideas/detail.html", context, status=status)
