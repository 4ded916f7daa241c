"""見本 (sample) 出前講座 and 担い手候補 in the demo's 東千葉圏域, added by `load_demo`.

The source talk's 活動事例 3 「出前講座の開催」: 役割 支えあい意識の向上・担い手の発掘・養成,
対象者 地域住民, 形式 座学のほか、ワークショップ. It gives no date, place or attendance: the
date is the demo's own, the attendance stays unknown. The two candidates are fictional
(見本 太郎, 見本 花子), with no contact details, and marked 見本. Loading again replaces them.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.dispatch import receiver

from areas.models import Area
from directory.demo_hooks import demo_loaded
from fieldwork import editing
from fieldwork.course_forms import CONSENT_SCOPE
from fieldwork.demo import SPHERE_CODE
from fieldwork.models import Ability, Candidate, Course, Version

HELD_ON = datetime.date(2026, 10, 28)
COURSE = {
    "title": "支えあいの地域づくり出前講座（見本）",
    "held_on": HELD_ON,
    "place": "見本町内会館",
    "audience": Course.Audience.RESIDENTS,
    "presented": (
        "生活支援コーディネーターの役割と、ちょっとした手助けの例。"
        "座学のほか、ワークショップを実施（気負わず、楽しく参加できる形）。"
    ),
    "notes": "見本のデータです。",
}
BY = "東千葉圏域 コーディネーター（見本）"
CANDIDATES: list[dict] = [
    {
        "name": "見本 太郎",
        "contact": "（見本のため連絡先はありません）",
        "abilities": [Ability.GARBAGE, Ability.WATCHING],
        "availability": "平日の朝（見本）",
        "came_via": Candidate.CameVia.COURSE,
        "consent_how": Candidate.ConsentHow.WRITTEN,
    },
    {
        "name": "見本 花子",
        "contact": "（見本のため連絡先はありません）",
        "abilities": [Ability.SALON, Ability.SHOPPING],
        "availability": "月に2回、午後（見本）",
        "came_via": Candidate.CameVia.OTHER,
        "came_note": "民生委員からの紹介（見本）",
        "consent_how": Candidate.ConsentHow.ORAL,
    },
]


def delete_samples(municipality: Area) -> int:
    count = 0
    for kind, model in ((Version.Kind.CANDIDATE, Candidate), (Version.Kind.COURSE, Course)):
        rows = model.objects.filter(municipality=municipality, is_sample=True)
        Version.objects.filter(
            kind=kind, record_id__in=list(rows.values_list("pk", flat=True))
        ).delete()
        count += rows.delete()[0]
    return count


def load_course_demo(municipality: Area) -> dict[str, int]:
    """The samples for this municipality (none when it has no 東千葉圏域); idempotent."""
    with transaction.atomic():
        delete_samples(municipality)
        sphere = Area.objects.filter(code=SPHERE_CODE, municipality=municipality).first()
        if sphere is None:
            return {"courses": 0, "candidates": 0}
        course = Course(municipality=municipality, area=sphere, is_sample=True, **COURSE)
        editing.create(course, None)
        for facts in CANDIDATES:
            candidate = Candidate(
                municipality=municipality,
                area=sphere,
                is_sample=True,
                course=course if facts["came_via"] == Candidate.CameVia.COURSE else None,
                consent_on=HELD_ON,
                consent_by=BY,
                consent_scope=CONSENT_SCOPE,
                notes="見本のデータです（実在の人ではありません）。",
                **facts,
            )
            editing.create(candidate, None)
    return {"courses": 1, "candidates": len(CANDIDATES)}


@receiver(demo_loaded, dispatch_uid="fieldwork.course_demo")
def on_demo_loaded(sender, municipality: Area, **kwargs) -> str:
    made = load_course_demo(municipality)
    return f"出前講座の見本: {made['courses']} 件・担い手候補 {made['candidates']} 人"
