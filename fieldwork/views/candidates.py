"""担い手候補: list, detail, create (also from a course), edit, erase; the erasure log; and on
a 地域課題, 「担い手候補を探す」 and 「連絡した」.

A candidate is personal data: every view loads it through access.load_candidate (the
管理者, or a coordinator whose 担当地域 hold its area), and lists go through
Candidate.objects.visible_to(). A 閲覧者 never sees one."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from fieldwork import editing
from fieldwork.access import load_candidate, load_issue
from fieldwork.course_forms import CandidateFilterForm, CandidateForm, ContactForm, EraseForm
from fieldwork.forms import area_choices
from fieldwork.models import (
    Ability,
    Candidate,
    CandidateContact,
    CandidateErasure,
    CandidateQuerySet,
    Course,
    IssueNote,
    LocalIssue,
    Version,
    abilities_for,
)
from fieldwork.views import common
from office.access import StaffRequest, staff_required
from sasaeai.lib.ids import parse_id

KIND = Version.Kind.CANDIDATE
ERASED = "消去された担い手候補"
HIDDEN = "担い手候補（名前は担当地域のコーディネーターだけが見られます）"


@staff_required(write=True)
def candidate_list(request: StaffRequest) -> HttpResponse:
    staff = request.staff
    form = CandidateFilterForm(request.GET or None, areas=area_choices(staff, staff.municipality))
    rows = Candidate.objects.visible_to(staff)
    if form.is_valid():
        if form.cleaned_data.get("area"):
            rows = cast(CandidateQuerySet, rows.within(form.cleaned_data["area"]))
        if form.cleaned_data.get("ability"):
            rows = rows.able_to([form.cleaned_data["ability"]])
    rows = rows.select_related("area", "course").order_by("area__path", "name", "pk")
    page = Paginator(rows, common.PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "fieldwork/candidates/list.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


@staff_required(write=True)
def candidate_new(request: StaffRequest) -> HttpResponse:
    """A new candidate; ?course=<id> (the button on a course) names the course they came from."""
    staff = request.staff
    initial: dict = {"consent_by": request.user.get_full_name() or request.user.get_username()}
    number = parse_id(request.GET.get("course", ""))
    course = Course.objects.live().filter(pk=number).first() if number else None
    if course is not None:
        initial.update(course=course.pk, came_via=Candidate.CameVia.COURSE)
        if staff.covers_area(course.area):
            initial["area"] = course.area_id
    form = CandidateForm(
        request.POST or None, staff=staff, municipality=staff.municipality, initial=initial
    )
    if request.method != "POST":
        return common.form_page(request, form, None, KIND)
    return common.save_new(request, form, KIND, lambda record: None)


@staff_required(write=True)
def candidate_detail(request: StaffRequest, pk: int) -> HttpResponse:
    candidate = load_candidate(request, pk)
    contacts = (
        CandidateContact.objects.filter(candidate=candidate)
        .select_related("note", "note__issue", "note__user")
        .order_by("-note__noted_on", "-pk")
    )
    return render(
        request,
        "fieldwork/candidates/detail.html",
        {
            "record": candidate,
            "can_edit": True,
            "contacts": contacts,
            "versions": editing.versions_of(candidate).select_related("user")[:5],
        },
    )


@staff_required(write=True)
def candidate_edit(request: StaffRequest, pk: int) -> HttpResponse:
    candidate = load_candidate(request, pk)
    form = CandidateForm(
        request.POST or None,
        instance=candidate,
        staff=request.staff,
        municipality=candidate.municipality,
    )
    if request.method != "POST":
        return common.form_page(request, form, candidate, KIND)
    return common.save_edit(request, form, candidate, KIND)


@staff_required(write=True)
def candidate_erase(request: StaffRequest, pk: int) -> HttpResponse:
    """Erase a candidate completely (a confirm page first); the log keeps no personal content."""
    candidate = load_candidate(request, pk)
    form = EraseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        log = candidate.erase(request.user, form.cleaned_data["reason"])
        messages.success(
            request, f"担い手候補 #{log.candidate_number} を消去しました。記録は残っていません。"
        )
        return HttpResponseRedirect(reverse("fieldwork-candidates"))
    return render(
        request,
        "fieldwork/candidates/erase.html",
        {
            "record": candidate,
            "form": form,
            "version_count": editing.versions_of(candidate).count(),
            "contact_count": candidate.contacts.count(),
        },
        status=400 if request.method == "POST" else 200,
    )


@staff_required(write=True)
def erasure_log(request: StaffRequest) -> HttpResponse:
    rows = CandidateErasure.objects.filter(municipality=request.staff.municipality).select_related(
        "area", "erased_by"
    )
    page = Paginator(rows, common.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "fieldwork/candidates/erasures.html", {"page": page, "query": ""})


def matches(request: StaffRequest, issue: LocalIssue) -> tuple[list[str], list[Candidate]]:
    """The abilities the issue asks for, and the candidates this person sees in the issue's
    area (everything inside it) who offered one of them — or all of them when the issue's
    category and words name no ability."""
    wanted = abilities_for(issue)
    rows = cast(CandidateQuerySet, Candidate.objects.within(issue.area)).visible_to(request.staff)
    if wanted:
        rows = rows.able_to(wanted)
    return wanted, list(rows.select_related("area").order_by("area__path", "name", "pk"))


@staff_required(write=True)
def issue_candidates(request: StaffRequest, pk: int) -> HttpResponse:
    """「担い手候補を探す」: candidates for the coordinator to contact (nobody is contacted
    by the product); each with a 「連絡した」 form that records a dated note on the issue."""
    return match_page(request, load_issue(request, pk, write=True))


def match_page(
    request: StaffRequest, issue: LocalIssue, form: ContactForm | None = None, status: int = 200
) -> HttpResponse:
    wanted, found = matches(request, issue)
    labels = dict(Ability.choices)
    return render(
        request,
        "fieldwork/candidates/match.html",
        {
            "issue": issue,
            "wanted": [labels[a] for a in wanted],
            "candidates": found,
            "form": form,
            "today": timezone.localdate().isoformat(),
        },
        status=status,
    )


@require_POST
@staff_required(write=True)
def issue_contact(request: StaffRequest, pk: int) -> HttpResponse:
    """Record 「連絡した」 as a dated note on the issue (its status stays), linked to the
    candidate; the note's text never holds the candidate's name."""
    issue = load_issue(request, pk, write=True)
    form = ContactForm(request.POST)
    if not form.is_valid():
        return match_page(request, issue, form, 400)
    data = form.cleaned_data
    candidate = Candidate.objects.visible_to(request.staff).filter(pk=data["candidate"]).first()
    if candidate is None:
        form.add_error("candidate", "その担い手候補は見つかりません。一覧から選んでください。")
        return match_page(request, issue, form, 400)
    text = CandidateContact.NOTE + (f"：{data['memo']}" if data["memo"] else "")

    def add(record) -> None:
        note = IssueNote.objects.create(
            issue=record,
            noted_on=data["contacted_on"],
            status_from=record.status,
            status_to=record.status,
            note=text,
            user=request.user,
        )
        CandidateContact.objects.create(note=note, candidate=candidate)

    try:
        editing.change(
            issue,
            request.user,
            Version.Action.STATUS,
            add,
            version=data.get("version"),
            comment="担い手候補に連絡しました",
        )
    except editing.EditConflictError:
        form.add_error(None, "この画面を開いた後に、ほかの人がこの地域課題を変更しました。")
        issue.refresh_from_db()
        return match_page(request, issue, form, 409)
    messages.success(request, "連絡したことを経過に記録しました。")
    return HttpResponseRedirect(reverse("fieldwork-issue", args=[pk]))


def annotated_notes(request: StaffRequest, issue: LocalIssue) -> list[IssueNote]:
    """The issue's 経過, each 「連絡した」 note with the candidate as this person may see it:
    a link (their area), 「担い手候補」 without a name (others), or 「消去された担い手候補」."""
    notes = list(issue.notes.select_related("user", "contact", "contact__candidate__area"))
    visible = set(
        Candidate.objects.visible_to(request.staff).values_list("pk", flat=True)
        if request.staff.can_write
        else []
    )
    for note in notes:
        contact = getattr(note, "contact", None)
        note.contact_label, note.contact_url = "", ""  # type: ignore[attr-defined]
        if contact is None:
            continue
        if contact.candidate is None:
            note.contact_label = ERASED  # type: ignore[attr-defined]
        elif contact.candidate_id in visible:
            note.contact_label = contact.candidate.name  # type: ignore[attr-defined]
            note.contact_url = reverse("fieldwork-candidate", args=[contact.candidate_id])  # type: ignore[attr-defined]
        else:
            note.contact_label = HIDDEN  # type: ignore[attr-defined]
    return notes
