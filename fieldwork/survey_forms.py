"""The 調査 forms: a survey, its findings (one a line), the list's filters, and a CSV of
answers to tally. Nothing is filled in for the person: an empty count stays not counted."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from fieldwork.forms import (
    DATE_ERRORS,
    AreaFilterForm,
    RecordForm,
    count_field,
    date_input,
    not_in_future,
)
from fieldwork.survey_models import SURVEY_FIELDS, Survey
from fieldwork.survey_tally import MAX_BYTES

MAX_FINDINGS = 30
FINDING_LENGTH = 100  # a 地域課題's title is at most this long


def split_findings(value: str) -> list[str]:
    """One finding a line (a finding may hold 「、」): empty lines and repeats dropped."""
    items: list[str] = []
    for line in (value or "").splitlines():
        line = " ".join(line.split())
        if line and line not in items:
            items.append(line)
    if len(items) > MAX_FINDINGS:
        raise ValidationError(f"{MAX_FINDINGS}個までにしてください（いまは{len(items)}個です）。")
    long = [item for item in items if len(item) > FINDING_LENGTH]
    if long:
        raise ValidationError(
            f"ひとつの見えたことは{FINDING_LENGTH}文字以内にしてください"
            f"（「{long[0][:10]}…」が長すぎます）。くわしいことは「メモ」に書けます。"
        )
    return items


class FindingsField(forms.CharField):
    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 5000)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 4}))
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            return "\n".join(str(v) for v in value)
        return value

    def clean(self, value: Any) -> list[str]:
        return split_findings(super().clean(value))


class SurveyForm(RecordForm):
    whom = forms.MultipleChoiceField(
        label="だれに",
        required=False,
        choices=Survey.Whom.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "一覧にある相手を選んでください。"},
    )
    respondents = count_field("回答した人数")
    findings = FindingsField(
        label="見えたこと",
        help_text=(
            "1行にひとつ、短く書きます。例：坂の上の町内に集いの場がない。"
            "ひとつずつ地域課題や地域資源の下書きにできます。"
        ),
    )

    class Meta:
        model = Survey
        fields = SURVEY_FIELDS
        help_texts = {
            "title": "例：弁天地区 買い物アンケート（2026年秋）",
            "place": "例：〇〇スーパー前、〇〇自治会館",
            "notes": "個人の名前や住所は書かないでください。",
        }
        error_messages = {
            "conducted_on": DATE_ERRORS,
            "kind": {"invalid_choice": "一覧にある調査の種類を選んでください。"},
        }
        widgets = {"conducted_on": date_input(), "notes": forms.Textarea(attrs={"rows": 3})}

    def clean_conducted_on(self) -> datetime.date:
        day = self.cleaned_data["conducted_on"]
        not_in_future(day, "今日より後の日付は入力できません（調査をした日を入れてください）。")
        return day


class SurveyFilterForm(AreaFilterForm):
    kind = forms.ChoiceField(
        label="調査の種類",
        required=False,
        choices=[("", "すべて"), *Survey.Kind.choices],
        error_messages={"invalid_choice": "一覧にある調査の種類を選んでください。"},
    )


class AnswersForm(forms.Form):
    """A CSV of answers: tallied, then thrown away (only the tally is kept)."""

    label = forms.CharField(
        label="集計の名前",
        max_length=100,
        help_text="例：回収分（11月末まで）。ファイル名は保存しません。",
        error_messages={
            "required": "集計の名前を入力してください。",
            "max_length": "集計の名前は100文字までにしてください。",
        },
    )
    file = forms.FileField(
        label="回答の CSV ファイル",
        help_text=(
            f"1行目に設問、2行目から1人1行。UTF-8 か Shift_JIS、{MAX_BYTES // 1000:,}KB まで。"
            "設問ごとに集計し、ファイルと一人ひとりの回答は保存しません。"
        ),
        error_messages={
            "required": "CSV ファイルを選んでください。",
            "empty": "ファイルが空です。",
            "invalid": "ファイルを読めません。",
        },
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
