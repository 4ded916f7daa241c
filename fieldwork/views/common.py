"""What the issue and support-record pages share: the form page with its stale-editor check,
deleting and undoing it, and the links back to each kind of record."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.forms import Form
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from fieldwork import council_kinds, editing
from fieldwork.forms import RecordForm
from fieldwork.models import Record, Version
from office.access import StaffRequest
from office.forms import version_field

PAGE_SIZE = 50
# Per kind: the URL names of its list and detail pages, and what a page calls it.
NAMES: dict[str, tuple[str, str, str]] = {
    Version.Kind.ISSUE: ("fieldwork-issues", "fieldwork-issue", "地域課題"),
    Version.Kind.SUPPORT: ("fieldwork-support", "fieldwork-support-record", "支援記録"),
    Version.Kind.PARK: ("fieldwork-parks", "fieldwork-park", "公園カルテ"),
    Version.Kind.SURVEY: ("fieldwork-surveys", "fieldwork-survey", "調査"),
}
NAMES.update(council_kinds.NAMES)
# Per kind: the prefix of its history pages' URL names (…-history, …-version, …-restore).
HISTORY: dict[str, str] = {
    Version.Kind.ISSUE: "fieldwork-issue",
    Version.Kind.SUPPORT: "fieldwork-support",
    Version.Kind.PARK: "fieldwork-park",
    Version.Kind.SURVEY: "fieldwork-survey",
}
HISTORY.update(council_kinds.HISTORY)


def detail_url(record: Record) -> str:
    return reverse(NAMES[editing.kind_of(record)][1], args=[record.pk])


def list_url(kind: str) -> str:
    return reverse(NAMES[kind][0])


def listing(request: StaffRequest, model: type[Record], form: Form) -> tuple[QuerySet, bool]:
    """A list's rows before its own filters: the person's city, live records — or, for a
    管理者 asking ?deleted=1, the deleted ones (to undo) — and the area filter."""
    staff = request.staff
    rows = model.objects.filter(municipality=staff.municipality)
    deleted = staff.is_admin and request.GET.get("deleted") == "1"
    rows = rows.exclude(deleted_at__isnull=True) if deleted else rows.live()
    if form.is_valid() and form.cleaned_data.get("area"):
        rows = rows.within(form.cleaned_data["area"])
    return rows, deleted


def list_page(
    request: StaffRequest, template: str, form: Form, rows: QuerySet, deleted: bool
) -> HttpResponse:
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        template,
        {"form": form, "page": page, "query": query.urlencode(), "deleted": deleted},
    )


def form_page(
    request: StaffRequest,
    form: RecordForm,
    record: Record | None,
    kind: str,
    status: int = 200,
    **extra,
) -> HttpResponse:
    return render(
        request,
        "fieldwork/edit.html",
        {
            "form": form,
            "record": record,
            "kind": kind,
            "kind_name": NAMES[kind][2],
            "list_url": list_url(kind),
            "detail_url": detail_url(record) if record else None,
            **extra,
        },
        status=status,
    )


def save_new(
    request: StaffRequest, form: RecordForm, kind: str, prepare: Callable[[Record], None]
) -> HttpResponse:
    """A new record from a valid form, or the form again (400) with what was wrong."""
    if not form.is_valid():
        return form_page(request, form, None, kind, status=400)
    record = form.save(commit=False)
    record.municipality = form.municipality
    prepare(record)
    try:
        editing.create(record, request.user)
    except editing.OutsideAreasError as refused:
        form.add_error(None, str(refused))
        return form_page(request, form, None, kind, status=403)
    messages.success(request, f"{NAMES[kind][2]}を登録しました。")
    return HttpResponseRedirect(detail_url(record))


def save_edit(request: StaffRequest, form: RecordForm, record: Record, kind: str) -> HttpResponse:
    """Save a valid edit unless someone saved since the form was opened: then 409, the input
    kept, who saved in between and what they changed — saving again overwrites it knowingly."""
    if not form.is_valid():
        return form_page(request, form, record, kind, status=400)
    values = {name: form.cleaned_data[name] for name in form._meta.fields or []}

    def copy(target: Record) -> None:
        for name, value in values.items():
            setattr(target, name, value)

    try:
        editing.change(
            record,
            request.user,
            Version.Action.EDIT,
            copy,
            version=form.cleaned_data.get("version"),
        )
    except editing.EditConflictError as conflict:
        current = conflict.record
        data = request.POST.copy()
        data["version"] = str(current.version)
        again = type(form)(data, instance=current, staff=form.staff, municipality=form.municipality)
        latest = editing.snapshot(current)
        return form_page(
            request,
            again,
            current,
            kind,
            status=409,
            since=conflict.since,
            their_changes=editing.differences(kind, conflict.seen, latest) if conflict.seen else [],
        )
    except editing.OutsideAreasError as refused:
        form.add_error(None, str(refused))
        return form_page(request, form, record, kind, status=403)
    messages.success(request, "保存しました。")
    return HttpResponseRedirect(detail_url(record))


def delete_page(request: StaffRequest, record: Record) -> HttpResponse:
    kind = editing.kind_of(record)
    if record.is_deleted:
        return HttpResponseRedirect(detail_url(record))
    if request.method == "POST":
        editing.delete(record, request.user)
        messages.success(request, f"「{record}」を削除しました。管理者は元に戻せます。")
        return HttpResponseRedirect(list_url(kind))
    return render(
        request,
        "fieldwork/delete.html",
        {"record": record, "kind_name": NAMES[kind][2], "detail_url": detail_url(record)},
    )


def undelete(request: StaffRequest, record: Record) -> HttpResponse:
    if not request.staff.is_admin:
        raise PermissionDenied("管理者だけが削除を取り消せます。")
    if record.is_deleted:
        editing.undelete(record, request.user)
        messages.success(request, "削除を取り消しました。")
    return HttpResponseRedirect(detail_url(record))


def can_edit(request: StaffRequest, record: Record) -> bool:
    return editing.may_write(request.staff, record)


def posted_version(request: StaffRequest) -> int | None:
    """The version a page was opened at (None: not sent); ValidationError (the one
    「開き直して」 message) when it cannot be read."""
    return version_field().clean(request.POST.get("version") or None)
