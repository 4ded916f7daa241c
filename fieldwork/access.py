"""Loading a fieldwork record for a view: who may see it, and change it (checked on the server)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from fieldwork import council_kinds, editing
from fieldwork.models import Candidate, Course, LocalIssue, Park, Record, SupportRecord
from fieldwork.survey_models import Survey
from office.access import StaffRequest

NOT_FOUND = {
    LocalIssue: "この地域課題は見つかりません。",
    SupportRecord: "この支援記録は見つかりません。",
    Park: "この公園カルテは見つかりません。",
    Survey: "この調査は見つかりません。",
    Course: "この出前講座は見つかりません。",
    Candidate: "この担い手候補は見つかりません（消去された可能性があります）。",
}
NOT_FOUND.update(council_kinds.NOT_FOUND)
PERSONAL = "担い手候補は、その地域を担当するコーディネーターと管理者だけが見られます。"


def load(request: StaffRequest, model: type[Record], pk: int, *, write: bool = False) -> Record:
    """Everyone in the back office reads every record; a deleted one only the 管理者.
    Changing needs the record's area inside the person's 担当地域."""
    record = model.objects.select_related("area", "municipality").filter(pk=pk).first()
    staff = request.staff
    if (
        record is None
        or not staff.sees_municipality(record.municipality_id)
        or (record.is_deleted and not staff.is_admin)
    ):
        raise Http404(NOT_FOUND[model])
    if isinstance(record, Candidate) and not editing.may_write(staff, record):
        raise PermissionDenied(PERSONAL)  # personal data: read only where one may write
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


def load_course(request: StaffRequest, pk: int, *, write: bool = False) -> Course:
    record = load(request, Course, pk, write=write)
    assert isinstance(record, Course)
    return record


def load_candidate(request: StaffRequest, pk: int) -> Candidate:
    """Seeing a candidate and changing it are the same right (access.PERSONAL)."""
    record = load(request, Candidate, pk, write=True)
    assert isinstance(record, Candidate)
    return record
