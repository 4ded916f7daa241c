"""ファイルから取り込み: upload a CSV/Excel file, check the preview, confirm (all or nothing)."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse

from areas.models import Area
from office.access import StaffRequest, staff_required
from transfer import importer, limits, reading, tasks
from transfer.forms import MappingForm, UploadForm
from transfer.mapping import matching_saved_mapping
from transfer.models import ImportJob, SavedMapping

# the states in which the background worker has the job: the preview waits for it
WORKING = tasks.WORKING

SHOWN_ROWS = 200


@staff_required(write=True)
def import_upload(request: StaffRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None, staff=request.staff)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        encoding = form.cleaned_data["encoding"] or ""
        saved = form.cleaned_data["mapping"]
        try:
            table = reading.read_table(data, encoding or None)
        except limits.FileRejectedError as error:
            form.add_error("file", error.message)
        else:
            saved = saved or matching_saved_mapping(table.headers)
            job = ImportJob.objects.create(
                data=data,
                filename=upload.name[:255],
                encoding=encoding,
                mapping=saved.mapping if saved else None,
                created_by=request.user,
                municipality=form.cleaned_data["municipality"],
            )
            return HttpResponseRedirect(reverse("office-import-preview", args=[job.pk]))
    status = 400 if request.method == "POST" else 200
    return render(request, "transfer/import_upload.html", {"form": form}, status=status)


def load_job(request: StaffRequest, pk: int) -> ImportJob:
    """The person's own job, for a city they still work in (or a Japanese 404)."""
    job = ImportJob.objects.filter(pk=pk, created_by=request.user).first()
    city = job_city(job, request.staff) if job is not None else None
    if job is None or city is None or not request.staff.sees_municipality(city.pk):
        raise Http404("この取り込みは見つかりません。")
    return job


def job_city(job: ImportJob, staff) -> Area | None:
    """Where the job's rows go: the city chosen on upload (older jobs: the person's)."""
    return job.municipality or staff.municipality


@staff_required(write=True)
def import_preview(request: StaffRequest, pk: int) -> HttpResponse:
    job = load_job(request, pk)
    if job.state == ImportJob.State.DONE:
        messages.info(request, "このファイルはもう取り込み済みです。")
        return HttpResponseRedirect(reverse("office-resources"))
    if job.state in WORKING:
        return HttpResponseRedirect(reverse("office-import-progress", args=[job.pk]))
    staff = request.staff
    municipality = job_city(job, staff)
    assert municipality is not None  # load_job refused a job without one
    if request.method == "POST" and "confirm" in request.POST:
        return confirm(request, job)
    try:
        preview = importer.preview_job(job, staff, municipality)
    except limits.FileRejectedError as error:
        messages.error(request, error.message)
        return HttpResponseRedirect(reverse("office-import"))
    mapping_form = MappingForm(
        request.POST if request.method == "POST" else None,
        headers=preview.headers,
        initial_mapping=preview.mapping,
    )
    if request.method == "POST":
        if mapping_form.is_valid():
            job.mapping = mapping_form.mapping()
            job.save(update_fields=["mapping"])
            name = mapping_form.cleaned_data["save_as"]
            if name:
                SavedMapping.objects.create(name=name, mapping=job.mapping, created_by=request.user)
                messages.success(request, f"列の対応「{name}」を保存しました。")
            return HttpResponseRedirect(reverse("office-import-preview", args=[job.pk]))
        return page(request, job, preview, mapping_form, status=400)
    job.summary = {**preview.counts, "fingerprint": preview.fingerprint()}
    job.save(update_fields=["summary"])
    return page(request, job, preview, mapping_form)


def page(request, job, preview, mapping_form, status: int = 200) -> HttpResponse:
    shown = preview.shown_rows(SHOWN_ROWS)
    return render(
        request,
        "transfer/import_preview.html",
        {
            "job": job,
            "preview": preview,
            "counts": preview.counts,
            "rows": shown,
            "hidden_count": len(preview.rows) - len(shown),
            "show_mapping": preview.needs_mapping or bool(job.mapping) or mapping_form.is_bound,
            "mapping_form": mapping_form,
        },
        status=status,
    )


def confirm(request: StaffRequest, job: ImportJob) -> HttpResponse:
    """Queue the commit for the background worker; the progress page follows it."""
    # The job's state and its task are written together: a process killed between the two
    # leaves neither, never a job 「取り込み待ち」 that no task will run.
    with transaction.atomic():
        queued = ImportJob.objects.filter(
            Q(state=ImportJob.State.PREVIEW) | Q(state=ImportJob.State.FAILED), pk=job.pk
        ).update(state=ImportJob.State.QUEUED, message="")
        if queued:
            tasks.commit_import.enqueue(
                job.pk, request.user.pk, accept_geta=request.POST.get("accept_geta") == "1"
            )
    job.refresh_from_db()
    if job.state in WORKING:
        return HttpResponseRedirect(reverse("office-import-progress", args=[job.pk]))
    return finished(request, job)  # a backend that runs jobs at once (the tests)


def finished(request: StaffRequest, job: ImportJob) -> HttpResponse:
    """Done: the list of resources with what was saved. Failed: the preview again, with why
    (the job is ready to be confirmed again once the cause is put right)."""
    if job.state == ImportJob.State.FAILED:
        messages.error(request, job.message)
        ImportJob.objects.filter(pk=job.pk, state=ImportJob.State.FAILED).update(
            state=ImportJob.State.PREVIEW
        )
        return HttpResponseRedirect(reverse("office-import-preview", args=[job.pk]))
    summary = job.summary
    done = (
        f"「{job.filename}」を取り込みました"
        f"（新規 {summary.get('created', 0)}件、変更 {summary.get('changed', 0)}件）。"
    )
    if summary.get("outside"):
        done += f"担当地域の外の{summary['outside']}件は変更がないため、そのままにしました。"
    messages.success(request, done)
    return HttpResponseRedirect(reverse("office-resources"))


@staff_required(write=True)
def import_progress(request: StaffRequest, pk: int) -> HttpResponse:
    """The bar while the worker writes: reloads itself without JavaScript (meta refresh),
    or is updated from ?format=json by static/js/import-progress.js."""
    job = tasks.settle(load_job(request, pk))
    if job.state not in WORKING:
        if request.GET.get("format") == "json":
            return JsonResponse({"state": job.state, "done": 0, "total": 0})
        if job.state == ImportJob.State.PREVIEW:
            return HttpResponseRedirect(reverse("office-import-preview", args=[job.pk]))
        return finished(request, job)
    progress = tasks.progress_of(job)
    if request.GET.get("format") == "json":
        return JsonResponse({"state": job.state, **progress})
    total = progress["total"]
    context = {
        "job": job,
        "done": progress["done"],
        "total": total,
        "percent": progress["done"] * 100 // total if total else 0,
    }
    response = render(request, "transfer/import_progress.html", context)
    response["Cache-Control"] = "no-store"
    return response
