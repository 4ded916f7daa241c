"""見本 (sample) fieldwork records from the source talk, added by `load_demo`.

The talk's 協議体 workshop raised 地域課題 (ごみ出し・買い物支援が欲しい, 誰でも参加できる
カフェが欲しい, 徒歩圏内にラジオ体操を開催したい), and a coordinator arranged a 体力測定会
between a 町内自治会 and いきいきプラザ. The talk gives no counts, names or dates: the
counts stay unknown, the groups keep the talk's generic names, and the dates are the demo's
own (every record is is_sample, shown as 見本). Loading again replaces the samples.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.dispatch import receiver

from areas.models import Area
from directory.demo_hooks import demo_loaded
from directory.models import Category, Resource
from fieldwork import editing
from fieldwork.models import IssueNote, IssueResource, LocalIssue, SupportRecord, Version

# The demo's 東千葉圏域 (the あんしんケアセンター弁天 area): the demo coordinator's 第2層.
SPHERE_CODE = "121002-弁天"
COUNCIL = "A地区協議体 ワークショップ（見本）"
# (title, category code, status, [(date, status, note)])
ISSUES = [
    (
        "ごみ出し・買い物支援が欲しい",
        "1",
        LocalIssue.Status.CONSIDERING,
        [
            (
                datetime.date(2026, 11, 10),
                LocalIssue.Status.CONSIDERING,
                "協議体で、着手する地域課題の候補に挙がった。",
            )
        ],
    ),
    ("誰でも参加できるカフェが欲しい", "5.1.1", LocalIssue.Status.NOTED, []),
    (
        "徒歩圏内にラジオ体操を開催したい",
        "5.1",
        LocalIssue.Status.WORKING,
        [
            (
                datetime.date(2026, 11, 10),
                LocalIssue.Status.CONSIDERING,
                "協議体の構成員と、近くの公園での開催を話し合った。",
            ),
            (
                datetime.date(2026, 11, 24),
                LocalIssue.Status.WORKING,
                "自治会と開催に向けて準備を始めた。",
            ),
        ],
    ),
]
SUPPORT = {
    "group_name": "町内自治会（見本）",
    "requested_by": "町内自治会",
    "held_on": datetime.date(2026, 10, 20),
    "partners": ["いきいきプラザ"],
    "activities": ["体力測定（血管年齢・肺活量）", "体操紹介", "看護師による健康相談"],
    "description": (
        "広報紙で、いきいきプラザによる出張体力測定を紹介したところ、"
        "町内自治会より希望があり、調整・実施に至る。"
    ),
}


def delete_samples(municipality: Area) -> int:
    """Remove the fieldwork samples (and their history) of this municipality."""
    issues = LocalIssue.objects.filter(municipality=municipality, is_sample=True)
    records = SupportRecord.objects.filter(municipality=municipality, is_sample=True)
    Version.objects.filter(
        kind=Version.Kind.ISSUE, record_id__in=list(issues.values_list("pk", flat=True))
    ).delete()
    Version.objects.filter(
        kind=Version.Kind.SUPPORT, record_id__in=list(records.values_list("pk", flat=True))
    ).delete()
    count = issues.count() + records.count()
    issues.delete()
    records.delete()
    return count


def load_fieldwork_demo(municipality: Area) -> dict[str, int]:
    """The samples for this municipality (none when it has no 東千葉圏域); idempotent."""
    with transaction.atomic():
        delete_samples(municipality)
        sphere = Area.objects.filter(code=SPHERE_CODE, municipality=municipality).first()
        if sphere is None:
            return {"issues": 0, "support": 0}
        categories = {c.code: c for c in Category.objects.all()}
        exercise = (
            Resource.objects.filter(
                is_sample=True,
                status=Resource.Status.PUBLISHED,
                town__path__startswith=sphere.path,
                categories__code__startswith="5.1",
            )
            .order_by("pk")
            .first()
        )
        issues = []
        for title, code, status, notes in ISSUES:
            issue = LocalIssue(
                municipality=municipality,
                area=sphere,
                title=title,
                category=categories.get(code),
                source=LocalIssue.Source.COUNCIL,
                source_note=COUNCIL,
                status=status,
                is_sample=True,
            )
            editing.create(issue, None)
            previous = LocalIssue.Status.NOTED
            for day, moved_to, text in notes:
                IssueNote.objects.create(
                    issue=issue, noted_on=day, status_from=previous, status_to=moved_to, note=text
                )
                previous = moved_to
            if status == LocalIssue.Status.WORKING and exercise is not None:
                IssueResource.objects.create(
                    issue=issue, resource=exercise, note="ラジオ体操の会場の候補（見本）"
                )
                editing.record_version(issue, None, Version.Action.LINK)
            issues.append(issue)
        record = SupportRecord(municipality=municipality, area=sphere, is_sample=True, **SUPPORT)
        editing.create(record, None)
    return {"issues": len(issues), "support": 1}


@receiver(demo_loaded, dispatch_uid="fieldwork.demo")
def on_demo_loaded(sender, municipality: Area, **kwargs) -> str:
    made = load_fieldwork_demo(municipality)
    return f"活動記録の見本: 地域課題 {made['issues']} 件・支援記録 {made['support']} 件"
