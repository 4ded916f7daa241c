"""出前講座: list with filters, detail (with the 担い手候補 it found), create, edit, delete, undo."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_POST

from fieldwork import editing
from fieldwork.access import load_course
from fieldwork.course_forms import CourseFilterForm, CourseForm
from fieldwork.forms import area_choices
from fieldwork.models import Candidate, Course, Version
from fieldwork.views import common
from office.access import StaffRequest, staff_required

KIND = Version.Kind.COURSE


@staff_required
def course_list(request: StaffRequest) -> HttpResponse:
    staff = request.staff
    form = CourseFilterForm(
        request.GET or None, areas=area_choices(staff, staff.municipality, writable=False)
    )
    rows, deleted = common.listing(request, Course, form)
    if form.is_valid():
        today = timezone.localdate()
        if form.cleaned_data.get("when") == "held":
            rows = rows.filter(held_on__lte=today)
        elif form.cleaned_data.get("when") == "planned":
            rows = rows.filter(held_on__gt=today)
    rows = rows.select_related("area").order_by("-held_on", "-pk")
    return common.list_page(request, "fieldwork/courses/list.html", form, rows, deleted)


@staff_required(write=True)
def course_new(request: StaffRequest) -> HttpResponse:
    staff = request.staff
    form = CourseForm(request.POST or None, staff=staff, municipality=staff.municipality)
    if request.method != "POST":
        return common.form_page(request, form, None, KIND)
    return common.save_new(request, form, KIND, lambda record: None)


@staff_required
def course_detail(request: StaffRequest, pk: int) -> HttpResponse:
    """Everyone reads a course; its candidates' names only those who may see them."""
    course = load_course(request, pk)
    found = Candidate.objects.filter(course=course)
    shown = found.visible_to(request.staff).select_related("area")
    return render(
        request,
        "fieldwork/courses/detail.html",
        {
            "record": course,
            "can_edit": common.can_edit(request, course),
            "candidates": shown,
            "hidden_count": found.count() - shown.count(),
            "versions": editing.versions_of(course).select_related("user")[:5],
        },
    )


@staff_required(write=True)
def course_edit(request: StaffRequest, pk: int) -> HttpResponse:
    course = load_course(request, pk, write=True)
    form = CourseForm(
        request.POST or None, instance=course, staff=request.staff, municipality=course.municipality
    )
    if request.method != "POST":
        return common.form_page(request, form, course, KIND)
    return common.save_edit(request, form, course, KIND)


@staff_required(write=True)
def course_delete(request: StaffRequest, pk: int) -> HttpResponse:
    return common.delete_page(request, load_course(request, pk, write=True))


@require_POST
@staff_required(admin=True)
def course_undelete(request: StaffRequest, pk: int) -> HttpResponse:
    return common.undelete(request, load_course(request, pk, write=True))
