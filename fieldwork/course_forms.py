"""The 出前講座 and 担い手候補 forms, the 「連絡した」 note and the erasure's confirmation.

As the other fieldwork forms: Japanese errors naming the field, nothing saved unless all is
valid, unknown left unknown (an attendance not counted stays empty)."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone

from areas.models import Area
from fieldwork.forms import (
    DATE_ERRORS,
    AreaFilterForm,
    RecordForm,
    count_field,
    date_input,
    not_in_future,
)
from fieldwork.models import (
    CANDIDATE_FIELDS,
    COURSE_FIELDS,
    Ability,
    Candidate,
    CandidateErasure,
    Course,
)
from office.forms import version_field
from office.models import Staff
from sasaeai.lib.ids import MAX_ID

CONSENT_SCOPE = (
    "担い手候補として名前・連絡先・手伝えることを記録し、"
    "担当地域の生活支援コーディネーターが活動の相談のために連絡すること"
)


class CourseForm(RecordForm):
    attendance = count_field(
        "参加した人数", "数えていなければ（まだ開いていなければ）空欄のままにしてください。"
    )

    class Meta:
        model = Course
        fields = COURSE_FIELDS
        help_texts = {
            "title": "例：支え合いの地域づくり出前講座",
            "held_on": "これから開く講座なら予定日を入れてください。",
            "place": "例：〇〇町内会館",
            "audience_note": "例：〇〇町内自治会、〇〇老人クラブ",
            "presented": "例：生活支援コーディネーターの役割、ちょっとした手助けの例",
        }
        error_messages = {
            "held_on": DATE_ERRORS,
            "audience": {"invalid_choice": "一覧にある対象を選んでください。"},
        }
        widgets = {
            "held_on": date_input(),
            "presented": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day = data.get("held_on")
        if day and day > timezone.localdate() and data.get("attendance") is not None:
            self.add_error(
                "attendance", "まだ開いていない講座です。参加した人数は開いた後に入れてください。"
            )
        return data


class CourseChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Course) -> str:
        return str(obj)


class CandidateForm(RecordForm):
    abilities = forms.MultipleChoiceField(
        label="手伝えること",
        required=False,
        choices=Ability.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="いくつでも選べます。",
        error_messages={"invalid_choice": "一覧にある手伝えることを選んでください。"},
    )
    course = CourseChoiceField(
        queryset=Course.objects.none(),
        required=False,
        label="出前講座",
        empty_label="（なし）",
        help_text="きっかけが出前講座なら、その講座を選んでください。",
        error_messages={"invalid_choice": "一覧にある出前講座を選んでください。"},
    )

    class Meta:
        model = Candidate
        fields = CANDIDATE_FIELDS
        labels = {"area": "担当地域"}
        help_texts = {
            "name": "本人が名乗った名前。",
            "contact": "電話番号かメールアドレス。例：043-000-0000（夜は不可）",
            "availability": "例：平日の午前、月に2回くらい",
            "came_note": "例：民生委員からの紹介、広報紙を見て電話",
            "consent_on": "本人から記録と連絡の同意を得た日。",
            "consent_by": "同意を確かめた職員・コーディネーターの名前。",
            "consent_scope": "何に使ってよいと言われたか。",
        }
        error_messages = {
            "consent_on": {
                **DATE_ERRORS,
                "required": "同意を得た日を入力してください。同意がなければ記録できません。",
            },
            "consent_how": {
                "required": "同意の方法（書面・口頭）を選んでください。同意がなければ記録できません。",
                "invalid_choice": "一覧にある同意の方法を選んでください。",
            },
            "consent_by": {"required": "同意を確かめた人を入力してください。"},
            "consent_scope": {"required": "同意の範囲を入力してください。"},
            "came_via": {"invalid_choice": "一覧にあるきっかけを選んでください。"},
        }
        widgets = {"consent_on": date_input(), "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, staff: Staff, municipality: Area | None, **kwargs) -> None:
        super().__init__(*args, staff=staff, municipality=municipality, **kwargs)
        field = self.fields["course"]
        assert isinstance(field, CourseChoiceField)
        field.queryset = Course.objects.live().filter(municipality=municipality)
        self.fields["area"].label = "担当地域"
        self.fields[
            "area"
        ].help_text = "この人が手伝える地域。担当のコーディネーターだけが見られます。"
        if not self.instance.pk:
            self.fields["consent_scope"].initial = CONSENT_SCOPE

    def clean_consent_on(self) -> datetime.date:
        day = self.cleaned_data["consent_on"]
        not_in_future(day, "同意を得た日に、今日より後の日付は入力できません。")
        return day

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        via = data.get("came_via")
        if (
            via == Candidate.CameVia.COURSE
            and not data.get("course")
            and "course" not in self.errors
        ):
            self.add_error("course", "きっかけが出前講座のときは、その講座を選んでください。")
        if via == Candidate.CameVia.OTHER and data.get("course"):
            self.add_error(
                "course", "きっかけが「その他」のときは、出前講座は（なし）にしてください。"
            )
        return data


class CourseFilterForm(AreaFilterForm):
    when = forms.ChoiceField(
        label="開催",
        required=False,
        choices=[("", "すべて"), ("held", "開いたもの"), ("planned", "予定")],
        error_messages={"invalid_choice": "一覧にある開催の状態を選んでください。"},
    )


class CandidateFilterForm(AreaFilterForm):
    ability = forms.ChoiceField(
        label="手伝えること",
        required=False,
        choices=[("", "すべて"), *Ability.choices],
        error_messages={"invalid_choice": "一覧にある手伝えることを選んでください。"},
    )


class ContactForm(forms.Form):
    """「連絡した」: which candidate, on which day, a memo (without names)."""

    candidate = forms.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        widget=forms.HiddenInput,
        error_messages={
            "required": "連絡した担い手候補を選んでください。",
            "invalid": "連絡した担い手候補を選んでください。",
            "min_value": "連絡した担い手候補を選んでください。",
            "max_value": "連絡した担い手候補を選んでください。",
        },
    )
    contacted_on = forms.DateField(
        label="連絡した日", widget=date_input(), error_messages=DATE_ERRORS
    )
    memo = forms.CharField(
        label="ひとこと",
        required=False,
        max_length=200,
        help_text="名前は書かないでください（担い手候補とは記録でつながります）。例：来月の協議体に来てもらう",
    )
    version = version_field()

    def clean_contacted_on(self) -> datetime.date:
        day = self.cleaned_data["contacted_on"]
        not_in_future(day, "連絡した日に、今日より後の日付は入力できません。")
        return day


class EraseForm(forms.Form):
    reason = forms.ChoiceField(
        label="消去する理由",
        choices=CandidateErasure.Reason.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "消去する理由を選んでください。",
            "invalid_choice": "一覧にある理由を選んでください。",
        },
    )
