"""地域資源 in the back office: list, detail, create, edit (with the schedule editor),
status workflow, 確認済みにする, delete and undo."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.forms import BaseFormSet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from areas import addresses
from directory import schedules
from directory.models import Resource, ScheduleRule
from office import editing, extensions, history, listing, merge
from office.access import StaffRequest, load_resource, staff_required
from office.forms import (
    ConfirmManyForm,
    ResourceFilterForm,
    ResourceForm,
    RuleForm,
    RuleFormSet,
    StatusForm,
)
from office.models import Proposal, Revision
from office.reports import open_reports
from office.views import conflicts
from sasaeai.lib.ids import parse_id

PAGE_SIZE = 50


@staff_required
def resource_list(request: StaffRequest) -> HttpResponse:
    staff = request.staff
    municipality = staff.municipality
    form = ResourceFilterForm(request.GET or None, municipality=municipality)
    rows = (
        listing.filtered(staff, form, municipality)
        .select_related("town", "provider")
        .order_by("kana", "name", "pk")
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    editable = set(
        staff.editable(Resource.objects.filter(pk__in=[r.pk for r in page])).values_list(
            "pk", flat=True
        )
    )
    # 「未対応あり」 only for reports this person's inbox holds (no other area's reports).
    reported = set(
        open_reports(staff).filter(resource__in=list(page)).values_list("resource_id", flat=True)
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "office/resources/list.html",
        {
            "form": form,
            "page": page,
            "editable": editable,
            "open_reports": reported,
            "query": query.urlencode(),
            "stale_limit": listing.months_ago(timezone.localdate(), listing.confirm_months()),
        },
    )


@staff_required
def resource_detail(request: StaffRequest, pk: int) -> HttpResponse:
    resource = load_resource(request, pk)
    return render(
        request,
        "office/resources/detail.html",
        {
            "resource": resource,
            "can_edit": request.staff.can_edit(resource),
            "sphere": addresses.sphere_of(resource.town),
            "upcoming": resource.upcoming(count=5),
            # The inbox's own rule: a coordinator reads only the reports of their areas.
            "reports": open_reports(request.staff).filter(resource=resource),
            "proposals": Proposal.objects.filter(resource=resource, status=Proposal.Status.PENDING),
            "revisions": Revision.objects.filter(resource=resource).select_related("user")[:5],
            "status_form": StatusForm(initial={"version": resource.version}),
            "panels": extensions.resource_panels(request, resource),
        },
    )


def rule_formset(request: HttpRequest, resource: Resource | None) -> BaseFormSet[RuleForm]:
    """The schedule editor: bound on POST; on GET the resource's rules plus one empty row.

    「ルールを追加」 posts the form back with one more row (no JavaScript needed).
    """
    if request.method == "POST":
        if "add_rule" not in request.POST:
            return RuleFormSet(request.POST, prefix="rules")
        data = request.POST.copy()
        total = _int(data.get("rules-TOTAL_FORMS"), 1)
        data["rules-TOTAL_FORMS"] = str(min(total + 1, 10))
        return RuleFormSet(data, prefix="rules")
    rules = list(resource.schedule_rules.all()) if resource else []
    return RuleFormSet(prefix="rules", initial=[RuleForm.initial_for(r) for r in rules])


def _int(value: str | None, default: int) -> int:
    try:
        return int(value or default)
    except ValueError:
        return default


def preview(formset: BaseFormSet[RuleForm]) -> dict | None:
    """The rules as a resident will read them, and the next dates — before saving."""
    if not formset.is_valid():
        return None
    rules = formset_rules(formset)
    today = timezone.localdate()
    return {
        "text": schedules.describe_all(rules),
        "dates": schedules.next_dates(rules, today, 5),
    }


def formset_rules(formset: BaseFormSet[RuleForm]) -> list[ScheduleRule]:
    return [
        f.rule()
        for f in formset.forms
        if f.cleaned_data.get("freq") and not f.cleaned_data.get("DELETE")
    ]


def apply_form(resource: Resource, form: ResourceForm, rules: list[ScheduleRule]) -> None:
    """Copy a valid form onto the (locked) resource, with its categories, areas and rules."""
    for name in form.Meta.fields:
        if name in ("categories", "served_areas"):
            continue
        setattr(resource, name, form.cleaned_data.get(name))
    resource.save()
    resource.categories.set(form.cleaned_data["categories"])
    resource.served_areas.set(form.cleaned_data.get("served_areas") or [])
    resource.schedule_rules.all().delete()
    for order, rule in enumerate(rules):
        rule.pk = None
        rule.resource = resource
        rule.sort_order = order
        rule.save()


def edit_page(
    request: HttpRequest, form, formset, resource, status: int = 200, **extra
) -> HttpResponse:
    context = {
        "form": form,
        "formset": formset,
        "resource": resource,
        "preview": preview(formset) if request.method == "POST" else preview_existing(resource),
        # A conflict page's choices, carried through a page that cannot show them (the form
        # has an error): the next save still needs them.
        "carried_choices": [
            (key, value)
            for key, value in request.POST.items()
            if key.startswith(merge.CHOICE_PREFIX) and value in (merge.MINE, merge.THEIRS)
        ],
        **extra,
    }
    return render(request, "office/resources/edit.html", context, status=status)


def preview_existing(resource: Resource | None) -> dict | None:
    if resource is None:
        return None
    rules = resource.rules()
    return {
        "text": schedules.describe_all(rules),
        "dates": schedules.next_dates(rules, timezone.localdate(), 5),
    }


def wants_save(request: HttpRequest) -> bool:
    return "preview" not in request.POST and "add_rule" not in request.POST


@staff_required(write=True)
def resource_new(request: StaffRequest) -> HttpResponse:
    staff = request.staff
    municipality = staff.municipality
    form = ResourceForm(
        request.POST or None,
        staff=staff,
        municipality=municipality,
        initial={"confirmed_on": timezone.localdate()},
    )
    formset = rule_formset(request, None)
    if request.method == "POST" and wants_save(request):
        if form.is_valid() and formset.is_valid():
            rules = formset_rules(formset)

            def fill(resource: Resource) -> None:
                resource.municipality = municipality
                apply_form(resource, form, rules)

            resource = editing.create(request.user, fill)
            messages.success(
                request,
                "下書きとして登録しました。内容を確かめて「公開する」を押すと公開されます。",
            )
            return HttpResponseRedirect(reverse("office-resource", args=[resource.pk]))
        return edit_page(request, form, formset, None, status=400)
    return edit_page(request, form, formset, None)


@staff_required(write=True)
def resource_edit(request: StaffRequest, pk: int) -> HttpResponse:
    resource = load_resource(request, pk, write=True)
    form = ResourceForm(
        request.POST or None,
        instance=resource,
        staff=request.staff,
        municipality=resource.municipality,
    )
    formset = rule_formset(request, resource)
    if request.method != "POST":
        return edit_page(request, form, formset, resource)
    base = merge.parse_version(request.POST.get("base_version"))
    valid = form.is_valid() and formset.is_valid()
    pending = (
        conflicts.pending_merge(request, resource, form, formset_rules(formset)) if valid else None
    )
    if not wants_save(request):
        if pending is None:
            return edit_page(request, form, formset, resource, base_version=base)
        return merge_page(request, resource, form, formset, pending, base=base, state="preview")
    if not valid:
        return edit_page(request, form, formset, resource, status=400, base_version=base)
    if pending is not None and pending.unresolved:
        return merge_page(request, resource, form, formset, pending, base=base, state="refused")
    rules = formset_rules(formset)
    version = form.cleaned_data["version"]
    try:
        editing.change(
            resource,
            request.user,
            Revision.Action.EDIT,
            conflicts.save_merged(pending.result())
            if pending
            else lambda r: apply_form(r, form, rules),
            version=version,
        )
    except editing.EditConflictError as conflict:
        mine = pending.result() if pending else merge.form_values(form, rules)
        current = Resource.objects.get(pk=resource.pk)
        merged = merge.Merge(conflict.seen, history.snapshot(current), mine)
        form, formset = conflicts.merged_forms(
            request, request.staff, current, merged, base=version
        )
        return merge_page(request, current, form, formset, merged, base=version, state="conflict")
    except editing.OutsideAreasError as refused:
        form.add_error(None, str(refused))
        return edit_page(request, form, formset, resource, status=403, base_version=base)
    messages.success(request, "保存しました。")
    return HttpResponseRedirect(reverse("office-resource", args=[resource.pk]))


def merge_page(
    request: HttpRequest,
    resource: Resource,
    form: ResourceForm,
    formset: BaseFormSet[RuleForm],
    merged: merge.Merge,
    *,
    base: int | None,
    state: str,
) -> HttpResponse:
    """Someone saved since `base`: who, what they changed, and a choice for each clash.

    state: "conflict" (a save just found the change), "refused" (saved without choosing),
    "preview" (the schedule preview of a form that is still being merged)."""
    since = Revision.objects.filter(resource=resource, version__gt=base or 0).select_related("user")
    return edit_page(
        request,
        form,
        formset,
        resource,
        status=200 if state == "preview" else 409,
        merge=merged,
        merge_state=state,
        base_version=base or 0,
        since=since,
    )


@require_POST
@staff_required(write=True)
def resource_status(request: StaffRequest, pk: int) -> HttpResponse:
    resource = load_resource(request, pk, write=True)
    form = StatusForm(request.POST)
    allowed = dict(resource.next_statuses())
    if not form.is_valid() or form.cleaned_data["status"] not in allowed:
        messages.error(request, "その状態には変更できません。")
        return HttpResponseRedirect(reverse("office-resource", args=[pk]))
    target = form.cleaned_data["status"]

    def set_status(r: Resource) -> None:
        r.status = target

    try:
        editing.change(
            resource,
            request.user,
            Revision.Action.STATUS,
            set_status,
            version=form.cleaned_data.get("version"),
            comment=f"状態を「{allowed[target]}」にしました",
        )
    except editing.EditConflictError:
        messages.error(
            request,
            (
                "ほかの人が先にこの地域資源を変更しました。最新の内容を確かめてから、もう一度操作してください。"
            ),
        )
        return HttpResponseRedirect(reverse("office-resource", args=[pk]))
    messages.success(request, f"状態を「{allowed[target]}」にしました。")
    return HttpResponseRedirect(reverse("office-resource", args=[pk]))


def set_confirmed(resource: Resource) -> None:
    resource.confirmed_on = timezone.localdate()


def confirm(resource: Resource, user) -> None:
    editing.change(
        resource, user, Revision.Action.CONFIRM, set_confirmed, comment="内容を確認しました"
    )


@require_POST
@staff_required(write=True)
def resource_confirm(request: StaffRequest, pk: int) -> HttpResponse:
    resource = load_resource(request, pk, write=True)
    confirm(resource, request.user)
    messages.success(request, "最終確認日を今日にしました。")
    return HttpResponseRedirect(safe_next(request, reverse("office-resource", args=[pk])))


@require_POST
@staff_required(write=True)
def confirm_many(request: StaffRequest) -> HttpResponse:
    """「確認済みにする」 for every checked row, or for none if any is not this person's.

    Saved editing.BATCH_SIZE at a time, each batch its own short transaction (others can
    log in and send reports meanwhile): if one fails, the batches before it stay saved, and
    the message says how many."""
    posted = [pk for i in request.POST.getlist("ids") if (pk := parse_id(i)) is not None]
    allowed = list(
        request.staff.editable(
            Resource.objects.filter(pk__in=posted).exclude(status=Resource.Status.DELETED)
        ).values_list("pk", flat=True)
    )
    form = ConfirmManyForm(request.POST, allowed_ids=allowed)
    back = safe_next(request, reverse("office-resources"))
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return HttpResponseRedirect(back)
    result = editing.change_many(
        sorted(set(form.cleaned_data["ids"])),
        request.user,
        Revision.Action.CONFIRM,
        set_confirmed,
        comment="内容を確認しました",
    )
    if result.left:
        messages.error(
            request,
            (
                f"{result.done}件の最終確認日を今日にしましたが、残りの{result.left}件は保存できませんでした。"
                f"まとめての確認は{editing.BATCH_SIZE}件ずつ保存するため、途中までが保存されています。"
                "しばらくしてから、残りをもう一度確認済みにしてください。"
            ),
        )
    else:
        messages.success(request, f"{result.done}件の最終確認日を今日にしました。")
    return HttpResponseRedirect(back)


def safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next", "")
    return (
        target if target.startswith(reverse("office-dashboard")) and "//" not in target else default
    )


@staff_required(write=True)
def resource_delete(request: StaffRequest, pk: int) -> HttpResponse:
    resource = load_resource(request, pk, write=True)
    if resource.status == Resource.Status.DELETED:
        return HttpResponseRedirect(reverse("office-resource", args=[pk]))
    if request.method == "POST":

        def delete(r: Resource) -> None:
            r.status = Resource.Status.DELETED

        editing.change(
            resource, request.user, Revision.Action.DELETE, delete, comment="削除しました"
        )
        messages.success(
            request,
            f"「{resource.name}」を削除しました。管理者は元に戻せます。",
        )
        return HttpResponseRedirect(reverse("office-resources"))
    return render(request, "office/resources/delete.html", {"resource": resource})


@require_POST
@staff_required(admin=True)
def resource_undelete(request: StaffRequest, pk: int) -> HttpResponse:
    resource = load_resource(request, pk, write=True)
    if resource.status != Resource.Status.DELETED:
        return HttpResponseRedirect(reverse("office-resource", args=[pk]))
    deletion = Revision.objects.filter(resource=resource, action=Revision.Action.DELETE).first()
    before = (
        Revision.objects.filter(resource=resource, number__lt=deletion.number).first()
        if deletion
        else None
    )
    previous = before.snapshot.get("status") if before else Resource.Status.DRAFT
    if previous == Resource.Status.DELETED:
        previous = Resource.Status.DRAFT

    def undelete(r: Resource) -> None:
        r.status = previous

    editing.change(
        resource,
        request.user,
        Revision.Action.UNDELETE,
        undelete,
        comment="削除を取り消しました",
    )
    messages.success(request, "削除を取り消しました。")
    return HttpResponseRedirect(reverse("office-resource", args=[pk]))
