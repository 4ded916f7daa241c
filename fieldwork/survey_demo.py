"""見本 (sample) 調査 in the demo's 東千葉圏域, added by `load_demo`.

Two surveys of the demo's own, marked 見本: a アンケート whose answers are fictional (made
here from a fixed seed, 30 respondents) on questions modelled on the 介護予防・日常生活圏域
ニーズ調査 (see tests/data/surveys/SOURCES.md), tallied by the product's own reader; and a
出口調査 at a supermarket, with findings only. No real person's answers exist anywhere.
Loading again replaces the samples.
"""

from __future__ import annotations

import csv
import datetime
import io
import random

from django.db import transaction
from django.dispatch import receiver

from areas.models import Area
from directory.demo_hooks import demo_loaded
from fieldwork import editing
from fieldwork.demo import SPHERE_CODE
from fieldwork.models import Version
from fieldwork.survey_models import Survey, SurveyTally
from fieldwork.survey_tally import tally_csv

NOTE = "見本のデータです（実在の調査・回答ではありません）。"
ABILITY = ["できるし、している", "できるけどしていない", "できない"]
FREQUENCY = ["週4回以上", "週2～3回", "週1回", "月1～3回", "年に数回", "参加していない"]
TROUBLES = ["ごみ出し", "買い物", "通院", "電球の交換", "見守り", "特にない"]
QUESTIONS = [
    ("階段を手すりや壁をつたわらずに昇っていますか", ABILITY),
    ("15分位続けて歩いていますか", ABILITY),
    ("自分で食品・日用品の買物をしていますか", ABILITY),
    ("介護予防のための通いの場にどのくらいの頻度で参加していますか", FREQUENCY),
]
SURVEYS: list[dict] = [
    {
        "title": "見本 弁天地区 暮らしのアンケート",
        "kind": Survey.Kind.QUESTIONNAIRE,
        "conducted_on": datetime.date(2026, 10, 15),
        "place": "見本町内会の回覧で配布・回収",
        "whom": [Survey.Whom.RESIDENTS, Survey.Whom.NEIGHBOURHOOD],
        "respondents": 30,
        "findings": [
            "ごみ出しと買い物に困っている人が多い",
            "通いの場に参加していない人が半分をこえる",
        ],
    },
    {
        "title": "見本 スーパー前の出口調査",
        "kind": Survey.Kind.EXIT,
        "conducted_on": datetime.date(2026, 11, 2),
        "place": "見本スーパー 出入口",
        "whom": [Survey.Whom.RESIDENTS],
        "findings": ["重い荷物を家まで運ぶ手段がない", "店の近くに休める場所がほしい"],
    },
]


def sample_answers(count: int = 30, seed: int = 12) -> bytes:
    """Fictional answers (a fixed seed, so every load is the same), as a Shift_JIS CSV."""
    pick = random.Random(seed)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["回答者番号", *[q for q, _ in QUESTIONS], "困っていること（いくつでも）", "自由記述"]
    )
    for number in range(1, count + 1):
        troubles = "、".join(sorted(set(pick.choices(TROUBLES[:-1], k=pick.randint(0, 2)))))
        writer.writerow(
            [
                number,
                *[pick.choice(choices) for _, choices in QUESTIONS],
                troubles or TROUBLES[-1],
                "",
            ]
        )
    return out.getvalue().encode("cp932")


def delete_samples(municipality: Area) -> int:
    surveys = Survey.objects.filter(municipality=municipality, is_sample=True)
    Version.objects.filter(
        kind=Version.Kind.SURVEY, record_id__in=list(surveys.values_list("pk", flat=True))
    ).delete()
    count, _ = surveys.delete()
    return count


def load_survey_demo(municipality: Area) -> int:
    """The sample surveys for this municipality (none without a 東千葉圏域); idempotent."""
    with transaction.atomic():
        delete_samples(municipality)
        sphere = Area.objects.filter(code=SPHERE_CODE, municipality=municipality).first()
        if sphere is None:
            return 0
        for facts in SURVEYS:
            survey = Survey(
                municipality=municipality, area=sphere, is_sample=True, notes=NOTE, **facts
            )
            editing.create(survey, None)
            if survey.kind == Survey.Kind.QUESTIONNAIRE:
                tally = tally_csv(sample_answers())
                SurveyTally.objects.create(
                    survey=survey,
                    label="回収分（見本）",
                    rows=tally.rows,
                    encoding=tally.encoding,
                    questions=tally.questions,
                )
    return len(SURVEYS)


@receiver(demo_loaded, dispatch_uid="fieldwork.survey_demo")
def on_demo_loaded(sender, municipality: Area, **kwargs) -> str:
    return f"調査の見本: {load_survey_demo(municipality)} 件"
