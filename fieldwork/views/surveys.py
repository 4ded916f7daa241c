"""調査: list, detail with the answers' tallies, create, edit, a CSV of answers, a finding
turned into a 地域課題 or a resource draft, delete and undo, and the 管理者's complete erasure."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from fieldwork import editing, survey_actions
from fieldwork.access import load_survey
from fieldwork.forms import area_choices
from fieldwork.models import Version
from fieldwork.survey_forms import AnswersForm, SurveyFilterForm, SurveyForm
from fieldwork.survey_models import Survey
from fieldwork.survey_tally import KIND_NAMES, MAX_BYTES
from fieldwork.views import common
from office.access import StaffRequest, staff_required

KIND = Version.Kind.SURVEY


@staff_required
def survey_list(request: StaffRequest) -> HttpResponse:
    staff = request.staff
    form = SurveyFilterForm(
        request.GET or None, areas=area_choices(staff, staff.municipality, writable=False)
    )
    rows, deleted = common.listing(request, Survey, form)
    if form.is_valid() and form.cleaned_data.get("kind"):
        rows = rows.filter(kind=form.cleaned_data["kind"])
    rows = rows.select_related("area").order_by("-conducted_on", "-pk")
    return common.list_page(request, "fieldwork/surveys/list.html", form, rows, deleted)


@staff_required(write=True)
def survey_new(request: StaffRequest) -> HttpResponse:
    staff = request.staff
    form = SurveyForm(request.POST or None, staff=staff, municipality=staff.municipality)
    if request.method != "POST":
        return common.form_page(request, form, None, KIND)
    return common.save_new(request, form, KIND, lambda record: None)


def tables(survey: Survey) -> list[dict]:
    """Each tally's questions with, per choice, its count, share and bar width (0–100)."""
    out = []
    for tally in survey.tallies.select_related("created_by"):
        questions = []
        for q in tally.questions:
            answered = q["answered"] or 0
            options = [
                {
                    "label": label,
                    "count": count,
                    "percent": round(100 * count / answered, 1) if answered else 0,
                }
                for label, count in q["options"]
            ]
            questions.append({**q, "kind_name": KIND_NAMES[q["kind"]], "rows": options})
        out.append({"tally": tally, "questions": questions})
    return out


def detail_page(
    request: StaffRequest, survey: Survey, answers_form: AnswersForm | None = None, status=200
) -> HttpResponse:
    uses = {u.finding: u for u in survey.uses.select_related("issue", "resource")}
    return render(
        request,
        "fieldwork/surveys/detail.html",
        {
            "record": survey,
            "can_edit": common.can_edit(request, survey),
            "findings": [(f, uses.get(f)) for f in survey.findings],
            "tables": tables(survey),
            "answers_form": answers_form or AnswersForm(),
            "max_kb": MAX_BYTES // 1000,
            "versions": editing.versions_of(survey).select_related("user")[:5],
        },
        status=status,
    )


@never_cache
@staff_required
def survey_detail(request: StaffRequest, pk: int) -> HttpResponse:
    return detail_page(request, load_survey(request, pk))


@staff_required(write=True)
def survey_edit(request: StaffRequest, pk: int) -> HttpResponse:
    survey = load_survey(request, pk, write=True)
    form = SurveyForm(
        request.POST or None, instance=survey, staff=request.staff, municipality=survey.municipality
    )
    if request.method != "POST":
        return common.form_page(request, form, survey, KIND)
    return common.save_edit(request, form, survey, KIND)


@require_POST
@staff_required(write=True)
def survey_answers(request: StaffRequest, pk: int) -> HttpResponse:
    """A CSV of answers: tallied and kept as a tally, or the errors (nothing kept)."""
    survey = load_survey(request, pk, write=True)
    form = AnswersForm(request.POST, request.FILES)
    if survey.is_deleted or not form.is_valid():
        return detail_page(request, survey, form, status=400)
    upload = form.cleaned_data["file"]
    if upload.size > MAX_BYTES:
        form.add_error("file", f"ファイルが大きすぎます（上限 {MAX_BYTES // 1000:,}KB）。")
        return detail_page(request, survey, form, status=400)
    result = survey_actions.add_tally(
        survey, request.user, form.cleaned_data["label"], upload.read()
    )
    if result.errors:
        for error in result.errors:
            form.add_error("file", error)
        return detail_page(request, survey, form, status=400)
    messages.success(
        request,
        f"{result.rows}人分の回答を集計しました（ファイルと一人ひとりの回答は保存していません）。",
    )
    return HttpResponseRedirect(reverse("fieldwork-survey", args=[pk]) + "#answers")


@require_POST
@staff_required(write=True)
def survey_answers_remove(request: StaffRequest, pk: int, tally_id: int) -> HttpResponse:
    survey = load_survey(request, pk, write=True)
    tally = survey.tallies.filter(pk=tally_id).first()
    if tally is None:
        raise Http404("この集計は見つかりません。")
    tally.delete()
    messages.success(request, f"集計「{tally.label}」を削除しました。")
    return HttpResponseRedirect(reverse("fieldwork-survey", args=[pk]) + "#answers")


@require_POST
@staff_required(write=True)
def survey_finding(request: StaffRequest, pk: int) -> HttpResponse:
    """One action: finding=<its text>, into=issue (地域課題) or into=draft (地域資源の下書き)."""
    survey = load_survey(request, pk, write=True)
    back = HttpResponseRedirect(reverse("fieldwork-survey", args=[pk]) + "#findings")
    finding = request.POST.get("finding", "")
    into = request.POST.get("into", "")
    if survey.is_deleted or into not in ("issue", "draft"):
        messages.error(
            request, "見えたこと：「地域課題にする」か「地域資源の下書きにする」を押してください。"
        )
        return back
    try:
        if into == "issue":
            issue = survey_actions.turn_into_issue(survey, finding, request.user)
            messages.success(request, f"地域課題「{issue.title}」を記録しました。")
        else:
            resource = survey_actions.turn_into_draft(survey, finding, request.user)
            messages.success(request, f"地域資源の下書き「{resource.name}」を作りました。")
    except survey_actions.FindingError as refused:
        messages.error(request, f"見えたこと：{refused}")
    except editing.OutsideAreasError as refused:
        messages.error(request, f"見えたこと：{refused}")
    return back


@staff_required(write=True)
def survey_delete(request: StaffRequest, pk: int) -> HttpResponse:
    return common.delete_page(request, load_survey(request, pk, write=True))


@require_POST
@staff_required(admin=True)
def survey_undelete(request: StaffRequest, pk: int) -> HttpResponse:
    return common.undelete(request, load_survey(request, pk, write=True))


@staff_required(admin=True)
def survey_erase(request: StaffRequest, pk: int) -> HttpResponse:
    """完全に消去: a confirm page, then everything of the survey goes (see survey_actions)."""
    survey = load_survey(request, pk, write=True)
    if request.method == "POST":
        survey_actions.erase(survey, request.user)
        messages.success(request, "調査を完全に消去しました。元に戻すことはできません。")
        return HttpResponseRedirect(reverse("fieldwork-surveys"))
    return render(
        request,
        "fieldwork/surveys/erase.html",
        {
            "record": survey,
            "issues": survey.issues.all(),
            "tally_count": survey.tallies.count(),
            "version_count": editing.versions_of(survey).count(),
        },
    )
