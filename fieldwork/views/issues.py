"""地域課題: list with filters, detail, create, edit, status and notes, linked resources,
delete and undo."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from directory.models import Resource
from fieldwork import editing
from fieldwork.access import load_issue
from fieldwork.forms import (
    IssueFilterForm,
    IssueForm,
    IssueResourceForm,
    IssueStatusForm,
    area_choices,
)
from fieldwork.models import IssueNote, LocalIssue, SupportRecord, Version
from fieldwork.views import candidates, common
from office.access import StaffRequest, load_resource, staff_required
from sasaeai.lib.ids import parse_id

KIND = Version.Kind.ISSUE
# The detail page holds two forms with fields of the same names: ids of their own.
STATUS_IDS = "status_%s"
LINK_IDS = "link_%s"


@staff_required
def issue_list(request: StaffRequest) -> HttpResponse:
    staff = request.staff
    form = IssueFilterForm(
        request.GET or None, areas=area_choices(staff, staff.municipality, writable=False)
    )
    rows, deleted = common.listing(request, LocalIssue, form)
    if form.is_valid():
        data = form.cleaned_data
        if data.get("status") == "open":
            rows = rows.exclude(status__in=[LocalIssue.Status.SOLVED, LocalIssue.Status.DROPPED])
        elif data.get("status"):
            rows = rows.filter(status=data["status"])
        if data.get("category"):
            rows = rows.filter(category__code__startswith=data["category"].code)
    rows = rows.select_related("area", "category").order_by("-created_at", "-pk")
    return common.list_page(request, "fieldwork/issues/list.html", form, rows, deleted)


@staff_required(write=True)
def issue_new(request: StaffRequest) -> HttpResponse:
    """A new issue; ?support=<id> (the link on a support record) names the record it came
    from and starts in that record's area."""
    staff = request.staff
    initial: dict = {}
    number = parse_id(request.GET.get("support", ""))
    record = SupportRecord.objects.live().filter(pk=number).first() if number else None
    if record is not None:
        initial["source_support"] = record.pk
        if staff.is_admin or staff.covers_area(record.area):
            initial["area"] = record.area_id
    form = IssueForm(
        request.POST or None, staff=staff, municipality=staff.municipality, initial=initial
    )
    if request.method != "POST":
        return common.form_page(request, form, None, KIND)
    return common.save_new(request, form, KIND, lambda record: None)


@staff_required
def issue_detail(request: StaffRequest, pk: int) -> HttpResponse:
    issue = load_issue(request, pk)
    return detail_page(request, issue)


def detail_page(
    request: StaffRequest,
    issue: LocalIssue,
    status_form: IssueStatusForm | None = None,
    link_form: IssueResourceForm | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "fieldwork/issues/detail.html",
        {
            "issue": issue,
            "can_edit": common.can_edit(request, issue),
            "notes": candidates.annotated_notes(request, issue),
            "links": visible_links(request, issue),
            "status_form": status_form or IssueStatusForm(issue=issue, auto_id=STATUS_IDS),
            "link_form": link_form
            or IssueResourceForm(
                initial={"version": issue.version},
                auto_id=LINK_IDS,
                municipality=issue.municipality,
            ),
            "versions": editing.versions_of(issue).select_related("user")[:5],
        },
        status=status,
    )


def visible_links(request: StaffRequest, issue: LocalIssue):
    """The linked resources this person may open (a deleted one only the 管理者)."""
    links = issue.links.select_related("resource", "resource__town")
    if not request.staff.is_admin:
        links = links.exclude(resource__status=Resource.Status.DELETED)
    return links


@staff_required(write=True)
def issue_edit(request: StaffRequest, pk: int) -> HttpResponse:
    issue = load_issue(request, pk, write=True)
    form = IssueForm(
        request.POST or None, instance=issue, staff=request.staff, municipality=issue.municipality
    )
    if request.method != "POST":
        return common.form_page(request, form, issue, KIND)
    return common.save_edit(request, form, issue, KIND)


@require_POST
@staff_required(write=True)
def issue_status(request: StaffRequest, pk: int) -> HttpResponse:
    """A status change or a note: the issue's new status and its dated note, together."""
    issue = load_issue(request, pk, write=True)
    form = IssueStatusForm(request.POST, issue=issue, auto_id=STATUS_IDS)
    if not form.is_valid():
        return detail_page(request, issue, status_form=form, status=400)
    data = form.cleaned_data
    before = issue.status
    target = data["status"]

    def move(record) -> None:
        IssueNote.objects.create(
            issue=record,
            noted_on=data["noted_on"],
            status_from=record.status,
            status_to=target,
            note=data["note"],
            user=request.user,
        )
        record.status = target

    label = LocalIssue.Status(target).label
    comment = f"状態を「{label}」にしました" if target != before else "経過を記録しました"
    try:
        editing.change(
            issue,
            request.user,
            Version.Action.STATUS,
            move,
            version=data.get("version"),
            comment=comment,
        )
    except editing.EditConflictError as conflict:
        form.add_error(None, conflict_message(conflict))
        return detail_page(request, issue_of(conflict), status_form=form, status=409)
    messages.success(request, comment + "。")
    return HttpResponseRedirect(reverse("fieldwork-issue", args=[pk]))


def issue_of(conflict: editing.EditConflictError) -> LocalIssue:
    assert isinstance(conflict.record, LocalIssue)
    return conflict.record


def conflict_message(conflict: editing.EditConflictError) -> str:
    who = "、".join(
        sorted(
            {
                (v.user.get_full_name() or v.user.get_username()) if v.user else "（システム）"
                for v in conflict.since
            }
        )
    )
    return (
        f"この画面を開いた後に、{who or 'ほかの人'}がこの記録を変更しました。"
        "いまの内容を確かめてから、もう一度操作してください（入力した内容は残してあります）。"
    )


@require_POST
@staff_required(write=True)
def issue_resources(request: StaffRequest, pk: int) -> HttpResponse:
    """Link a resource that answers the issue, or remove a link (remove=<resource id>)."""
    issue = load_issue(request, pk, write=True)
    back = HttpResponseRedirect(reverse("fieldwork-issue", args=[pk]))
    remove = parse_id(request.POST.get("remove", ""))
    if remove is not None:
        name = editing.unlink_resource(issue, remove, request.user)
        if name is not None:
            messages.success(request, f"「{name}」とのつながりを外しました。")
        return back
    form = IssueResourceForm(request.POST, auto_id=LINK_IDS, municipality=issue.municipality)
    if not form.is_valid():
        return detail_page(request, issue, link_form=form, status=400)
    resource = form.cleaned_data["resource"]
    try:
        editing.link_resource(
            issue,
            resource,
            request.user,
            note=form.cleaned_data["note"],
            version=form.cleaned_data.get("version"),
        )
    except editing.AlreadyLinkedError as linked:
        form.add_error("resource", str(linked))
        return detail_page(request, issue, link_form=form, status=400)
    except editing.EditConflictError as conflict:
        form.add_error(None, conflict_message(conflict))
        return detail_page(request, issue_of(conflict), link_form=form, status=409)
    messages.success(request, f"「{resource.name}」とつなげました。")
    return back


@require_POST
@staff_required(write=True)
def resource_issue(request: StaffRequest, pk: int) -> HttpResponse:
    """From a resource's back-office page: say which 地域課題 the resource answers.

    The issue must be one this person may write (its area in their 担当地域); the resource
    is only read. Any refusal is a Japanese message on the resource's page."""
    resource = load_resource(request, pk)
    back = HttpResponseRedirect(reverse("office-resource", args=[pk]) + "#fieldwork")
    number = parse_id(request.POST.get("issue", ""))
    issue = LocalIssue.objects.live().filter(pk=number).first() if number else None
    if issue is None:
        messages.error(request, "地域課題：一覧から地域課題を選んでください。")
        return back
    if not editing.may_write(request.staff, issue):
        raise PermissionDenied("この地域課題は担当地域の外にあるため、変更できません。")
    try:
        editing.link_resource(issue, resource, request.user)
    except editing.AlreadyLinkedError as linked:
        messages.error(request, f"地域課題：{linked}")
        return back
    messages.success(request, f"「{issue.title}」とつなげました。")
    return back


@staff_required(write=True)
def issue_delete(request: StaffRequest, pk: int) -> HttpResponse:
    return common.delete_page(request, load_issue(request, pk, write=True))


@require_POST
@staff_required(admin=True)
def issue_undelete(request: StaffRequest, pk: int) -> HttpResponse:
    return common.undelete(request, load_issue(request, pk, write=True))
