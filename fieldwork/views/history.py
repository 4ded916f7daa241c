"""変更履歴 of a fieldwork record: its versions, one version's differences, restoring it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import URLPattern, path
from django.views.decorators.http import require_POST

from fieldwork import editing
from fieldwork.access import load
from fieldwork.models import Record, Version
from fieldwork.views import common
from office.access import StaffRequest, staff_required
from office.forms import version_field
from sasaeai.lib import ids  # noqa: F401 (registers the <id:…> converter paths() uses)


def url_names(kind: str) -> dict[str, str]:
    """The URL names of this kind's history pages (common.HISTORY: how they begin)."""
    prefix = common.HISTORY[kind]
    return {f"{part}_name": f"{prefix}-{part}" for part in ("history", "version", "restore")}


def paths(route: str, kind: str) -> list[URLPattern]:
    """A kind's three history URLs under `route` (e.g. "courses/<id:pk>/"), named by common.HISTORY."""
    names = url_names(kind)
    extra = {"kind": kind}
    return [
        path(f"{route}history/", history, extra, name=names["history_name"]),
        path(f"{route}history/<id:number>/", version, extra, name=names["version_name"]),
        path(f"{route}history/<id:number>/restore/", restore, extra, name=names["restore_name"]),
    ]


def _record(request: StaffRequest, kind: str, pk: int, *, write: bool = False) -> Record:
    return load(request, editing.MODELS[kind], pk, write=write)


def _version(record: Record, number: int) -> Version:
    found = editing.versions_of(record).filter(number=number).select_related("user").first()
    if found is None:
        raise Http404("この版は見つかりません。")
    return found


@staff_required
def history(request: StaffRequest, kind: str, pk: int) -> HttpResponse:
    record = _record(request, kind, pk)
    return render(
        request,
        "fieldwork/history/list.html",
        {
            "record": record,
            "kind": kind,
            "kind_name": common.NAMES[kind][2],
            "detail_url": common.detail_url(record),
            "versions": editing.versions_of(record).select_related("user"),
            **url_names(kind),
        },
    )


@staff_required
def version(request: StaffRequest, kind: str, pk: int, number: int) -> HttpResponse:
    record = _record(request, kind, pk)
    current = _version(record, number)
    past = editing.versions_of(record)
    before = past.filter(number__lt=number).first()
    latest = past.first()
    return render(
        request,
        "fieldwork/history/version.html",
        {
            "record": record,
            "kind": kind,
            "kind_name": common.NAMES[kind][2],
            "detail_url": common.detail_url(record),
            "version": current,
            "before": before,
            "changes": editing.differences(
                kind, before.snapshot if before else None, current.snapshot
            ),
            "restore_changes": editing.differences(kind, latest.snapshot, current.snapshot)
            if latest and latest.number != current.number
            else [],
            "can_edit": common.can_edit(request, record) and not record.is_deleted,
            **url_names(kind),
        },
    )


@require_POST
@staff_required(write=True)
def restore(request: StaffRequest, kind: str, pk: int, number: int) -> HttpResponse:
    record = _record(request, kind, pk, write=True)
    old = _version(record, number)
    field = version_field()
    try:
        seen = field.clean(request.POST.get("version") or None)
    except ValidationError:  # the one 「開き直して」 message, as the forms give it
        messages.error(request, str(field.error_messages["invalid"]))
        return HttpResponseRedirect(common.detail_url(record))
    try:
        editing.restore(record, old, request.user, version=seen)
    except editing.EditConflictError:
        messages.error(
            request,
            "ほかの人が先にこの記録を変更しました。最新の内容を確かめてから、もう一度戻してください。",
        )
        return HttpResponseRedirect(common.detail_url(record))
    messages.success(request, f"第{old.number}版の内容に戻しました。")
    return HttpResponseRedirect(common.detail_url(record))
