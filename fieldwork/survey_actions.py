"""What is done to a 調査 besides editing it: tallying a CSV of answers, turning a finding into
a 地域課題 or a resource draft (once), and erasing the survey completely."""

from __future__ import annotations

import logging

from django.db import IntegrityError, transaction

from directory.models import Resource
from fieldwork import editing
from fieldwork.models import LocalIssue, Version
from fieldwork.survey_models import FindingUse, Survey, SurveyErasure, SurveyTally
from fieldwork.survey_tally import Tally, tally_csv
from office import editing as office_editing

log = logging.getLogger("sasaeai.fieldwork")

# What an issue says where it was heard once its survey is erased.
ERASED = "消去された調査"


class FindingError(ValueError):
    """Not a finding of the survey, or already turned into something."""


def add_tally(survey: Survey, user, label: str, data: bytes) -> Tally:
    """Tally the file and keep the tally (all or nothing); the file itself is not kept."""
    result = tally_csv(data)
    if not result.errors:
        SurveyTally.objects.create(
            survey=survey,
            label=label,
            rows=result.rows,
            encoding=result.encoding,
            questions=result.questions,
            created_by=user if getattr(user, "pk", None) else None,
        )
    return result


def use_of(survey: Survey, finding: str) -> FindingUse | None:
    return FindingUse.objects.filter(survey=survey, finding=finding).first()


def _check_finding(survey: Survey, finding: str) -> None:
    if finding not in survey.findings:
        raise FindingError("その「見えたこと」はこの調査にありません。画面を開き直してください。")
    if use_of(survey, finding) is not None:
        raise FindingError(f"「{finding[:20]}」はもう地域課題か地域資源の下書きにしました。")


def _remember(survey: Survey, finding: str, user, **made) -> None:
    try:
        with transaction.atomic():
            FindingUse.objects.create(
                survey=survey,
                finding=finding,
                created_by=user if getattr(user, "pk", None) else None,
                **made,
            )
    except IntegrityError:  # two people pressed the button at once: the first one wins
        raise FindingError(
            f"「{finding[:20]}」はもう地域課題か地域資源の下書きにしました。"
        ) from None


def source_note(survey: Survey) -> str:
    day = survey.conducted_on
    return f"{survey.title}（{day.year}年{day.month}月{day.day}日）"[:200]


def turn_into_issue(survey: Survey, finding: str, user) -> LocalIssue:
    """A 地域課題 in the survey's area, heard in this survey (raised_count stays unknown)."""
    with transaction.atomic():
        _check_finding(survey, finding)
        issue = LocalIssue(
            municipality=survey.municipality,
            area=survey.area,
            title=finding[:100],
            source=LocalIssue.Source.SURVEY,
            source_note=source_note(survey),
            source_survey=survey,
            is_sample=survey.is_sample,
        )
        editing.create(issue, user)
        _remember(survey, finding, user, issue=issue)
    return issue


def turn_into_draft(survey: Survey, finding: str, user) -> Resource:
    """A resource draft (not public) held in the survey's area, named by the finding.

    Made by office's editing.create(), so it has its first revision and the area check; its
    internal note names the survey by number only (so erasing the survey leaves nothing)."""

    def fill(resource: Resource) -> None:
        resource.municipality = survey.municipality
        resource.name = finding[:200]
        resource.place_area = survey.area
        resource.internal_note = (
            f"調査（番号 {survey.pk}）で見えたことから作った下書きです。"
            "内容・日程・分類を確かめてから公開してください。"
        )

    with transaction.atomic():
        _check_finding(survey, finding)
        resource = office_editing.create(user, fill, comment="調査で見えたことから")
        _remember(survey, finding, user, resource=resource)
    return resource


def erase(survey: Survey, user) -> SurveyErasure:
    """Remove the survey, its findings, tallies, uses and every version's snapshot.

    Issues that came from it stay (they are the coordinators'), with 「消去された調査」 where
    the survey was named — in the issue now (a new version says so) and in its past versions'
    snapshots. The erasure is logged without the title or anything from the survey."""
    pk = survey.pk
    with transaction.atomic():
        issue_ids = set(
            LocalIssue.objects.filter(source_survey=survey).values_list("pk", flat=True)
        )
        issue_ids |= {i for i in survey.uses.values_list("issue_id", flat=True) if i is not None}
        for issue in LocalIssue.objects.filter(pk__in=issue_ids, source_survey=survey):
            editing.change(
                issue,
                user,
                Version.Action.EDIT,
                _forget_survey,
                comment="元になった調査が完全に消去されました",
            )
        scrubbed = _scrub_issue_versions(pk, issue_ids)
        versions, _ = Version.objects.filter(kind=Version.Kind.SURVEY, record_id=pk).delete()
        counts = {
            "findings": len(survey.findings),
            "tallies": survey.tallies.count(),
            "uses": survey.uses.count(),
            "versions": versions,
            "issues": len(issue_ids),
            "issue_versions_scrubbed": scrubbed,
        }
        municipality = survey.municipality
        survey.delete()  # tallies and uses go with it (CASCADE)
        logged = SurveyErasure.objects.create(
            survey_number=pk,
            municipality=municipality,
            erased_by=user if getattr(user, "pk", None) else None,
            counts=counts,
        )
    log.info("survey %s erased completely by user %s: %s", pk, getattr(user, "pk", None), counts)
    return logged


def _forget_survey(issue) -> None:
    issue.source_survey = None
    issue.source_note = ERASED


def _scrub_issue_versions(survey_pk: int, issue_ids: set[int]) -> int:
    count = 0
    rows = Version.objects.filter(kind=Version.Kind.ISSUE, record_id__in=issue_ids)
    for version in rows:
        if version.snapshot.get("source_survey") != survey_pk:
            continue
        version.snapshot = {**version.snapshot, "source_survey": None, "source_note": ERASED}
        version.save(update_fields=["snapshot"])
        count += 1
    return count
