"""提供者用の更新リンク: making links (/office/resources/<id>/links/), the provider's page
(/update/<token>/, no account), and reviewing what came in (/office/proposals/<id>/)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from directory.models import Resource
from office import links, notices, proposals
from office.access import StaffRequest, load_resource, staff_required
from office.editing import EditConflictError, OutsideAreasError
from office.links import LinkProblem
from office.models import Proposal, UpdateLink
from office.proposals import DecisionForm, ProviderForm
from office.views.reports import see_other
from sasaeai.lib.ids import parse_id

# --- Making links -------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def link_create(request: HttpRequest, pk: int) -> HttpResponse:
    if request.method == "POST":
        return _link_post(request, pk)
    return _link_list(request, pk)


@staff_required
def _link_list(request: StaffRequest, pk: int) -> HttpResponse:
    resource = load_resource(request, pk)
    return _links_page(request, resource)


@staff_required(write=True)
def _link_post(request: StaffRequest, pk: int) -> HttpResponse:
    resource = load_resource(request, pk, write=True)
    here = reverse("office-resource-links", args=[resource.pk])
    if "revoke" in request.POST:
        link = _owned_link(resource, request.POST.get("revoke", ""))
        if links.revoke_link(link):
            messages.success(request, "リンクを取り消しました。このリンクはもう使えません。")
        else:
            messages.error(request, "このリンクは使用済みか、すでに取り消されています。")
        return see_other(here)
    if resource.status == Resource.Status.DELETED:
        messages.error(request, "削除済みの地域資源には、更新リンクを作れません。")
        return see_other(here)
    link, token = links.create_link(resource, request.user)
    url = request.build_absolute_uri(reverse("provider-update", args=[token]))
    sender = request.user.get_full_name() or request.user.get_username()
    new = {
        "link": link,
        "url": url,
        "mailto": links.mailto_href(resource, url, link, sender),
    }
    # Shown on this response only: the token is not stored anywhere.
    return _links_page(request, resource, new=new)


def _owned_link(resource: Resource, value: str) -> UpdateLink:
    """A link of this resource named by a form value, or a Japanese 404."""
    pk = parse_id(value.strip())
    link = resource.update_links.filter(pk=pk).first() if pk is not None else None
    if link is None:
        raise Http404("このリンクは見つかりません。")
    return link


def _links_page(request: StaffRequest, resource: Resource, new: dict | None = None) -> HttpResponse:
    made = resource.update_links.select_related("created_by", "proposal").order_by(
        "-created_at", "-pk"
    )
    rows = []
    for link in made:
        state = links.link_state(link)
        rows.append(
            {
                "link": link,
                "state": state,
                "state_label": links.LinkState.LABELS[state],
                "proposal": getattr(link, "proposal", None) if link.used_at else None,
            }
        )
    context = {
        "resource": resource,
        "rows": rows,
        "proposals": resource.proposals.order_by("-submitted_at", "-pk"),
        "can_edit": request.staff.can_edit(resource),
        "new": new,
        "days": links.link_days(),
    }
    return render(request, "office/links/list.html", context)


# --- The provider's page ------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def provider_update(request: HttpRequest, token: str) -> HttpResponse:
    link, problem = links.resolve_token(token)
    sent = request.method == "GET" and request.GET.get("sent")
    if problem == LinkProblem.USED and link is not None and sent:
        return render(request, "provider/sent.html", {"resource": link.resource})
    if problem is not None:
        context = {
            "title": LinkProblem.TITLES[problem],
            "message": LinkProblem.MESSAGES[problem],
        }
        return render(request, "provider/problem.html", context, status=LinkProblem.STATUS[problem])
    assert link is not None  # no problem: the token names a link
    resource = link.resource
    base = proposals.current_values(resource)
    if request.method == "GET":
        return _provider_page(request, link, ProviderForm(instance=resource))
    form = ProviderForm(request.POST, instance=resource)
    if not form.is_valid():
        return _provider_page(request, link, form)
    proposal = proposals.submit_proposal(link, base, form)
    if proposal is None:  # used in another tab meanwhile
        context = {
            "title": LinkProblem.TITLES[LinkProblem.USED],
            "message": LinkProblem.MESSAGES[LinkProblem.USED],
        }
        return render(request, "provider/problem.html", context, status=410)
    notices.announce(request, "proposal", proposal.pk)
    return see_other(request.path + "?sent=1")


def _provider_page(request: HttpRequest, link: UpdateLink, form: ProviderForm) -> HttpResponse:
    resource = Resource.objects.prefetch_related("schedule_rules").get(pk=link.resource_id)
    context = {
        "resource": resource,
        "link": link,
        "form": form,
        "schedule": resource.schedule_text(),
    }
    return render(request, "provider/form.html", context)


# --- Reviewing a proposal -----------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def proposal_review(request: HttpRequest, pk: int) -> HttpResponse:
    if request.method == "POST":
        return _proposal_decide(request, pk)
    return _proposal_show(request, pk)


def _load_proposal(request: StaffRequest, pk: int, *, write: bool = False) -> Proposal:
    """A proposal this person may see: 管理者 and 閲覧者 all, a coordinator their areas'."""
    proposal = (
        Proposal.objects.select_related("link", "link__created_by", "decided_by")
        .filter(pk=pk)
        .first()
    )
    if proposal is None:
        raise Http404("この提案は見つかりません。")
    proposal.resource = load_resource(request, proposal.resource_id, write=write)
    staff = request.staff
    if not write and staff.role == staff.Role.COORDINATOR and not staff.can_edit(proposal.resource):
        raise Http404("この提案は見つかりません。")
    return proposal


@staff_required
def _proposal_show(request: StaffRequest, pk: int) -> HttpResponse:
    proposal = _load_proposal(request, pk)
    form = DecisionForm(proposal=proposal, initial={"version": proposal.resource.version})
    return _proposal_page(request, proposal, form)


@staff_required(write=True)
def _proposal_decide(request: StaffRequest, pk: int) -> HttpResponse:
    proposal = _load_proposal(request, pk, write=True)
    form = DecisionForm(request.POST, proposal=proposal)
    if proposal.status != Proposal.Status.PENDING:
        return _proposal_page(request, proposal, form, problem="decided", status=409)
    if proposal.resource.status == Resource.Status.DELETED:
        return _proposal_page(request, proposal, form, problem="deleted", status=409)
    if not form.is_valid():
        return _proposal_page(request, proposal, form)
    accepted = form.accepted()
    try:
        proposals.decide(proposal, request.user, accepted, form.cleaned_data.get("version"))
    except proposals.AlreadyDecidedError:
        proposal.refresh_from_db()
        return _proposal_page(request, proposal, form, problem="decided", status=409)
    except OutsideAreasError as refused:
        return _proposal_page(
            request, proposal, form, problem="outside", status=403, refusal=str(refused)
        )
    except EditConflictError:
        proposal.resource.refresh_from_db()
        data = request.POST.copy()
        data["version"] = str(proposal.resource.version)  # a second send uses what is shown
        fresh = DecisionForm(data, proposal=proposal)
        return _proposal_page(request, proposal, fresh, problem="conflict", status=409)
    if accepted:
        messages.success(
            request,
            f"提案を確認しました。採用した項目を「{proposal.resource.name}」に反映しました。",
        )
    else:
        messages.success(request, "提案を確認しました。採用した項目はありません。")
    return see_other(reverse("office-proposal", args=[proposal.pk]))


def _proposal_page(
    request: StaffRequest,
    proposal: Proposal,
    form: DecisionForm,
    *,
    problem: str = "",
    status: int = 200,
    refusal: str = "",
) -> HttpResponse:
    items = proposals.proposal_items(proposal, proposal.resource)
    pending = proposal.status == Proposal.Status.PENDING
    context = {
        "proposal": proposal,
        "resource": proposal.resource,
        "items": [{"item": item, "field": form.field_for(item.name)} for item in items],
        "form": form,
        "pending": pending,
        "can_decide": pending
        and request.staff.can_edit(proposal.resource)
        and proposal.resource.status != Resource.Status.DELETED,
        "problem": problem,
        "refusal": refusal,
        "days": settings.SASAEAI_UPDATE_LINK_DAYS,
    }
    return render(request, "office/links/proposal.html", context, status=status)
