"""協議体: the councils' list, a council with its members and meetings, a meeting with its
minutes; create, edit, delete and undo (the board is fieldwork/views/board.py)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.views.decorators.http import require_POST

from fieldwork import editing
from fieldwork.access import load
from fieldwork.council_forms import CouncilForm, MeetingForm, MemberFormSet, members_of
from fieldwork.council_models import Council, Meeting
from fieldwork.forms import AreaFilterForm, area_choices
from fieldwork.models import Record, Version
from fieldwork.views import common
from office.access import StaffRequest, staff_required

COUNCIL = Version.Kind.COUNCIL
MEETING = Version.Kind.MEETING


def load_council(request: StaffRequest, pk: int, *, write: bool = False) -> Council:
    record = load(request, Council, pk, write=write)
    assert isinstance(record, Council)
    return record


def load_meeting(request: StaffRequest, pk: int, *, write: bool = False) -> Meeting:
    record = load(request, Meeting, pk, write=write)
    assert isinstance(record, Meeting)
    return record


@staff_required
def council_list(request: StaffRequest) -> HttpResponse:
    staff = request.staff
    form = AreaFilterForm(
        request.GET or None, areas=area_choices(staff, staff.municipality, writable=False)
    )
    rows, deleted = common.listing(request, Council, form)
    rows = rows.select_related("area").order_by("name", "pk")
    return common.list_page(request, "fieldwork/councils/list.html", form, rows, deleted)


@staff_required(write=True)
def council_new(request: StaffRequest) -> HttpResponse:
    staff = request.staff
    form = CouncilForm(request.POST or None, staff=staff, municipality=staff.municipality)
    if request.method != "POST":
        return common.form_page(request, form, None, COUNCIL)
    return common.save_new(request, form, COUNCIL, lambda record: None)


@staff_required
def council_detail(request: StaffRequest, pk: int) -> HttpResponse:
    council = load_council(request, pk)
    meetings = council.meetings.all() if request.staff.is_admin else council.meetings.live()
    return render(
        request,
        "fieldwork/councils/detail.html",
        {
            "record": council,
            "can_edit": common.can_edit(request, council),
            "meetings": meetings.order_by("-held_on", "-pk"),
            "versions": editing.versions_of(council).select_related("user")[:5],
        },
    )


@staff_required(write=True)
def council_edit(request: StaffRequest, pk: int) -> HttpResponse:
    council = load_council(request, pk, write=True)
    form = CouncilForm(
        request.POST or None,
        instance=council,
        staff=request.staff,
        municipality=council.municipality,
    )
    if request.method != "POST":
        return common.form_page(request, form, council, COUNCIL)
    return common.save_edit(request, form, council, COUNCIL)


@staff_required(write=True)
def council_members(request: StaffRequest, pk: int) -> HttpResponse:
    """構成団体: every row at once (a formset), saved as one version of the council."""
    council = load_council(request, pk, write=True)
    if request.method != "POST":
        formset = MemberFormSet(initial=council.members, prefix="m")
        return _members_page(request, council, formset, council.version)
    formset = MemberFormSet(request.POST, prefix="m")
    try:
        seen = common.posted_version(request)
    except ValidationError as bad:
        messages.error(request, bad.messages[0])
        return HttpResponseRedirect(common.detail_url(council))
    if not formset.is_valid():
        return _members_page(request, council, formset, council.version, status=400)
    members = members_of(formset)
    try:
        editing.change(
            council,
            request.user,
            Version.Action.EDIT,
            lambda record: setattr(record, "members", members),
            version=seen,
            comment="構成団体を変更しました",
        )
    except editing.EditConflictError:
        messages.error(
            request,
            "ほかの人が先にこの協議体を変更しました。最新の内容で、もう一度入力してください。",
        )
        return HttpResponseRedirect(common.detail_url(council))
    messages.success(request, "構成団体を保存しました。")
    return HttpResponseRedirect(common.detail_url(council))


def _members_page(
    request: StaffRequest, council: Council, formset, version: int, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "fieldwork/councils/members.html",
        {"record": council, "formset": formset, "version": version},
        status=status,
    )


@staff_required(write=True)
def council_delete(request: StaffRequest, pk: int) -> HttpResponse:
    return common.delete_page(request, load_council(request, pk, write=True))


@require_POST
@staff_required(admin=True)
def council_undelete(request: StaffRequest, pk: int) -> HttpResponse:
    return common.undelete(request, load_council(request, pk, write=True))


@staff_required(write=True)
def meeting_new(request: StaffRequest, pk: int) -> HttpResponse:
    council = load_council(request, pk, write=True)
    form = MeetingForm(request.POST or None)
    if request.method != "POST":
        return _meeting_form(request, form, council, None)
    if not form.is_valid():
        return _meeting_form(request, form, council, None, status=400)
    meeting = form.save(commit=False)
    meeting.council = council
    meeting.municipality = council.municipality
    meeting.area = council.area
    meeting.is_sample = council.is_sample
    editing.create(meeting, request.user)
    messages.success(request, "会議を登録しました。")
    return HttpResponseRedirect(common.detail_url(meeting))


@staff_required
def meeting_detail(request: StaffRequest, pk: int) -> HttpResponse:
    meeting = load_meeting(request, pk)
    return render(
        request,
        "fieldwork/councils/meeting.html",
        {
            "record": meeting,
            "can_edit": common.can_edit(request, meeting),
            "cards": meeting.cards.live().count(),
            "issues": meeting.issues.live(),
            "versions": editing.versions_of(meeting).select_related("user")[:5],
        },
    )


@staff_required(write=True)
def meeting_edit(request: StaffRequest, pk: int) -> HttpResponse:
    meeting = load_meeting(request, pk, write=True)
    form = MeetingForm(request.POST or None, instance=meeting)
    if request.method != "POST":
        return _meeting_form(request, form, meeting.council, meeting)
    if not form.is_valid():
        return _meeting_form(request, form, meeting.council, meeting, status=400)
    values = {name: form.cleaned_data[name] for name in form._meta.fields or []}

    def copy(record: Record) -> None:
        for name, value in values.items():
            setattr(record, name, value)

    try:
        editing.change(
            meeting, request.user, Version.Action.EDIT, copy, version=form.cleaned_data["version"]
        )
    except editing.EditConflictError as conflict:
        return _meeting_form(
            request, form, meeting.council, meeting, status=409, since=conflict.since
        )
    messages.success(request, "保存しました。")
    return HttpResponseRedirect(common.detail_url(meeting))


def _meeting_form(
    request: StaffRequest,
    form: MeetingForm,
    council: Council,
    meeting: Meeting | None,
    status: int = 200,
    **extra,
) -> HttpResponse:
    return render(
        request,
        "fieldwork/councils/meeting_form.html",
        {"form": form, "council": council, "record": meeting, **extra},
        status=status,
    )


@staff_required(write=True)
def meeting_delete(request: StaffRequest, pk: int) -> HttpResponse:
    return common.delete_page(request, load_meeting(request, pk, write=True))


@require_POST
@staff_required(admin=True)
def meeting_undelete(request: StaffRequest, pk: int) -> HttpResponse:
    return common.undelete(request, load_meeting(request, pk, write=True))
