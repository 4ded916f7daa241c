"""変更履歴: the list of a resource's revisions, one revision's differences, and restoring it."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from office import editing, merge
from office.access import StaffRequest, load_resource, staff_required
from office.history import differences
from office.models import Revision


@staff_required
def history(request: StaffRequest, pk: int) -> HttpResponse:
    resource = load_resource(request, pk)
    revisions = Revision.objects.filter(resource=resource).select_related("user")
    return render(
        request, "office/history/list.html", {"resource": resource, "revisions": revisions}
    )


def load_revision(resource, number: int) -> Revision:
    revision = (
        Revision.objects.filter(resource=resource, number=number).select_related("user").first()
    )
    if revision is None:
        raise Http404("この版は見つかりません。")
    return revision


@staff_required
def revision(request: StaffRequest, pk: int, number: int) -> HttpResponse:
    """What this revision changed (against the one before), field by field."""
    resource = load_resource(request, pk)
    current = load_revision(resource, number)
    before = Revision.objects.filter(resource=resource, number__lt=number).first()
    latest = Revision.objects.filter(resource=resource).first()
    return render(
        request,
        "office/history/revision.html",
        {
            "resource": resource,
            "revision": current,
            "before": before,
            "changes": differences(before.snapshot if before else None, current.snapshot),
            # What restoring would change in the resource as it is now.
            "restore_changes": differences(latest.snapshot, current.snapshot)
            if latest and latest.number != current.number
            else [],
            "can_edit": request.staff.can_edit(resource),
        },
    )


@require_POST
@staff_required(write=True)
def restore(request: StaffRequest, pk: int, number: int) -> HttpResponse:
    resource = load_resource(request, pk, write=True)
    old = load_revision(resource, number)
    version = merge.parse_version(request.POST.get("version"))
    if version is None and "version" in request.POST:
        messages.error(request, "画面の情報が正しくありません。履歴を開き直してください。")
        return HttpResponseRedirect(reverse("office-resource-history", args=[pk]))
    try:
        new = editing.restore(resource, old, request.user, version=version)
    except editing.EditConflictError:
        messages.error(
            request,
            (
                "ほかの人が先にこの地域資源を変更しました。最新の履歴を確かめてから、もう一度操作してください。"
            ),
        )
        return HttpResponseRedirect(reverse("office-resource-history", args=[pk]))
    messages.success(
        request,
        f"第{old.number}版の内容に戻しました（第{new.number}版として記録しました）。",
    )
    return HttpResponseRedirect(reverse("office-resource-history", args=[pk]))
