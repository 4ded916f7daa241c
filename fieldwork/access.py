"""Loading a fieldwork record for a view: who may see it, and change it (checked on the server)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from fieldwork import council_kinds, editing
from fieldwork.models import LocalIssue, Park, Record, SupportRecord
from fieldwork.survey_models import Survey
from office.access import StaffRequest

NOT_FOUND = {
    LocalIssue: "この地域課題は見つかりません。",
    SupportRecord: "この支援記録は見つかりません。",
    Park: "この公園カルテは見つかりません。",
    Survey: "この調査は見つかりません。",
}
NOT_FOUND.update(council_kinds.NOT_FOUND)


def load(request: StaffRequest, model: type[Record], pk: int, *, write: bool = False) -> Record:
    """Everyone in the back office reads every record; a deleted one only the 管理者.
    Changing needs the record's area inside the person's 担当地域."""
    record = model.objects.select_related("area", "municipality").filter(pk=pk).first()
    staff = request.staff
    if record is None or (record.is_deleted and not staff.is_admin):
        raise Http404(NOT_FOUND[model])
    if write and not editing.may_write(staff, record):
        raise PermissionDenied("この記録は担当地域の外にあるため、変更できません。")
    return record


def load_issue(request: StaffRequest, pk: int, *, write: bool = False) -> LocalIssue:
    record = load(request, LocalIssue, pk, write=write)
    assert isinstance(record, LocalIssue)
    return record


def load_support(request: StaffRequest, pk: int, *, write: bool = False) -> SupportRecord:
    record = load(request, SupportRecord, pk, write=write)
    assert isinstance(record, SupportRecord)
    return record


def load_park(request: StaffRequest, pk: int, *, write: bool = False) -> Park:
    record = load(request, Park, pk, write=write)
    assert isinstance(record, Park)
    return record


def load_survey(request: StaffRequest, pk: int, *, write: bool = False) -> Survey:
    record = load(request, Survey, pk, write=write)
    assert isinstance(record, Survey)
    return record
