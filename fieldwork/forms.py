"""The fieldwork forms: they clean and normalise input; nothing is saved unless all of it is
valid, and every error is Japanese and names its field (the error summary adds the label)."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone

from areas.models import Area
from directory.models import Category, Resource
from fieldwork.models import LocalIssue, SupportRecord
from office.forms import version_field
from office.models import Staff
from sasaeai.lib.ids import MAX_ID

DATE_ERRORS = {"invalid": "日付は 2026-06-01 のように入力してください。"}


def date_input() -> forms.DateInput:
    # The browser's own date picker on a tablet; without it, ISO text still works.
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


# A count a person can type: big enough for a city's survey, small enough for any database.
MAX_COUNT = 1_000_000
LIST_ITEMS = 20
LIST_ITEM_LENGTH = 40
LIST_SEPARATORS = re.compile(r"[、,，・;；\n\r]+")
KIND_NAMES: dict[str, str] = {
    Area.Kind.MUNICIPALITY: "市全体",
    Area.Kind.WARD: "区",
    Area.Kind.SPHERE: "圏域",
}


def area_choices(staff: Staff, municipality: Area | None, *, writable: bool = True) -> list[Area]:
    """The areas a record can be filed under: the city, its wards and 日常生活圏域 — for a
    coordinator only those inside their 担当地域 (writable=False, for filters: every one)."""
    if municipality is None:
        return []
    areas = Area.objects.filter(
        Q(pk=municipality.pk)
        | Q(municipality=municipality, kind__in=[Area.Kind.WARD, Area.Kind.SPHERE])
    ).order_by("depth", "sort_order", "kana", "name")
    return [a for a in areas if not writable or staff.is_admin or staff.covers_area(a)]


class AreaField(forms.ModelChoiceField):
    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("error_messages", {"invalid_choice": "一覧にある地域を選んでください。"})
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj: Area) -> str:
        return f"{obj.name}（{KIND_NAMES.get(obj.kind, obj.get_kind_display())}）"


class CategoryField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Category) -> str:
        return f"{obj.code} {obj.name}"


def count_field(label: str, help_text: str = "") -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=MAX_COUNT,
        help_text=help_text or "数えていなければ空欄のままにしてください。",
        error_messages={
            "invalid": "数字で入力してください（例：12）。",
            "min_value": "0以上の数を入力してください。",
            "max_value": f"{MAX_COUNT:,}以下の数を入力してください。",
        },
    )


def split_list(value: str) -> list[str]:
    """「いきいきプラザ、あんしんケアセンター」 → two items; empty parts dropped, order kept."""
    items: list[str] = []
    for part in LIST_SEPARATORS.split(value or ""):
        part = part.strip()
        if part and part not in items:
            items.append(part)
    if len(items) > LIST_ITEMS:
        raise ValidationError(f"{LIST_ITEMS}個までにしてください（いまは{len(items)}個です）。")
    long = [item for item in items if len(item) > LIST_ITEM_LENGTH]
    if long:
        raise ValidationError(
            f"ひとつの項目は{LIST_ITEM_LENGTH}文字以内にしてください（「{long[0][:10]}…」が長すぎます）。"
        )
    return items


class ListField(forms.CharField):
    """A free list typed in one box, separated by 「、」 or new lines."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 1000)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 2}))
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            return "、".join(str(v) for v in value)
        return value

    def clean(self, value: Any) -> list[str]:
        return split_list(super().clean(value))


class NumberedField(forms.IntegerField):
    """A row named by its number (the last part of its page's address): cleaned to the row
    itself, or a Japanese error naming the field."""

    def __init__(self, *, rows: Callable[[], QuerySet], missing: str, **kwargs) -> None:
        kwargs.setdefault("required", False)
        super().__init__(
            min_value=1,
            max_value=MAX_ID,
            error_messages={
                "required": "番号を入力してください。",
                "invalid": "番号は数字で入力してください。",
                "min_value": missing,
                "max_value": missing,
            },
            **kwargs,
        )
        self.rows = rows
        self.missing = missing

    def clean(self, value: Any) -> Any:
        number = super().clean(value)
        if number is None:
            return None
        row = self.rows().filter(pk=number).first()
        if row is None:
            raise ValidationError(self.missing)
        return row


def same_city(form: forms.BaseForm, municipality: Area | None) -> None:
    """A row named by its number is looked for in this city only: another city's number is
    「その番号の…はありません」, as if it did not exist."""
    for field in form.fields.values():
        if isinstance(field, NumberedField):
            field.rows = in_city(field.rows, municipality)


def in_city(rows: Callable[[], QuerySet], municipality: Area | None) -> Callable[[], QuerySet]:
    return lambda: rows().filter(municipality=municipality)


def live_resources() -> QuerySet:
    return Resource.objects.exclude(status=Resource.Status.DELETED)


def live_support_records() -> QuerySet:
    return SupportRecord.objects.live()


def not_in_future(day: datetime.date | None, message: str) -> None:
    if day is not None and day > timezone.localdate():
        raise ValidationError(message)


class RecordForm(forms.ModelForm):
    """The area a record is filed under, limited to the person's 担当地域."""

    version = version_field()

    def __init__(self, *args, staff: Staff, municipality: Area | None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.staff = staff
        self.municipality = municipality
        choices = area_choices(staff, municipality)
        current = getattr(self.instance, "area", None) if self.instance.pk else None
        if current is not None and current not in choices:
            choices.append(current)  # shown as it is; saving it is refused (clean_area)
        self.fields["area"] = AreaField(
            queryset=Area.objects.filter(pk__in=[a.pk for a in choices]),
            label="地域",
            empty_label="選んでください",
            help_text="この記録が関わる区・圏域（市全体のこともあります）。",
        )
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        same_city(self, municipality)

    def clean_area(self) -> Area:
        area = self.cleaned_data["area"]
        if not self.staff.covers_area(area):
            raise ValidationError("担当地域の外です。担当地域の中の区・圏域を選んでください。")
        return area


class IssueForm(RecordForm):
    category = CategoryField(
        queryset=Category.objects.order_by("code"),
        required=False,
        label="関係する分類",
        empty_label="（なし）",
        error_messages={"invalid_choice": "一覧にある分類を選んでください。"},
    )
    raised_count = count_field("声をあげた人数")
    source_support = NumberedField(
        label="元になった支援記録の番号",
        rows=live_support_records,
        missing="その番号の支援記録はありません。",
        help_text="支援の中で聞いた課題なら、その支援記録の番号（支援記録の画面から開くと入ります）。",
    )

    class Meta:
        model = LocalIssue
        fields = [
            "area",
            "title",
            "details",
            "category",
            "source",
            "source_note",
            "source_support",
            "raised_count",
        ]
        help_texts = {
            "title": "例：ごみ出し・買い物の支援がほしい、誰でも参加できるカフェがほしい",
            "source_note": "例：第1回 A地区協議体 ワークショップ（2026年6月）",
        }


class IssueStatusForm(forms.Form):
    """A status change, or a dated note that keeps the status (then the note is needed)."""

    status = forms.ChoiceField(
        label="状態",
        choices=LocalIssue.Status.choices,
        error_messages={"invalid_choice": "一覧にある状態を選んでください。"},
    )
    noted_on = forms.DateField(label="日付", widget=date_input(), error_messages=DATE_ERRORS)
    note = forms.CharField(
        label="経過のメモ",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="例：協議体で話し合い、自治会館での開催を検討することになった。",
    )
    version = version_field()

    def __init__(self, *args, issue: LocalIssue, **kwargs) -> None:
        kwargs.setdefault(
            "initial",
            {"status": issue.status, "noted_on": timezone.localdate(), "version": issue.version},
        )
        super().__init__(*args, **kwargs)
        self.issue = issue

    def clean_noted_on(self) -> datetime.date:
        day = self.cleaned_data["noted_on"]
        not_in_future(day, "今日より後の日付は入力できません。")
        return day

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("status") == self.issue.status and not data.get("note"):
            self.add_error("note", "状態を変えないときは、経過のメモを書いてください。")
        return data


class IssueResourceForm(forms.Form):
    """Link a resource (by its number) to an issue it answers."""

    resource = NumberedField(
        label="地域資源の番号",
        required=True,
        rows=live_resources,
        missing="その番号の地域資源はありません。",
        help_text="地域資源の画面のアドレスの最後の数字です（例：/office/resources/123/ なら 123）。",
    )
    note = forms.CharField(label="ひとこと", required=False, max_length=200)
    version = version_field()

    def __init__(self, *args, municipality: Area | None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        same_city(self, municipality)


class SupportForm(RecordForm):
    resource = NumberedField(
        label="支援した地域資源の番号",
        rows=live_resources,
        missing="その番号の地域資源はありません。",
        help_text="登録済みの地域資源なら、その番号。まだ登録がない団体なら空欄にして、下に団体名を書いてください。",
    )
    partners = ListField(
        label="協力した機関",
        help_text="「、」か改行で区切ります。例：いきいきプラザ、あんしんケアセンター",
    )
    activities = ListField(
        label="支援の内容",
        help_text="「、」か改行で区切ります。例：体力測定、体操紹介、健康相談",
    )
    people_reached = count_field("参加した人数")

    class Meta:
        model = SupportRecord
        fields = [
            "area",
            "resource",
            "group_name",
            "held_on",
            "requested_by",
            "partners",
            "activities",
            "description",
            "people_reached",
            "follow_up",
        ]
        help_texts = {
            "group_name": "例：〇〇町内自治会",
            "requested_by": "例：町内自治会の会長",
        }
        error_messages = {"held_on": DATE_ERRORS}
        widgets = {"held_on": date_input()}

    def clean_held_on(self) -> datetime.date:
        day = self.cleaned_data["held_on"]
        not_in_future(
            day,
            "今日より後の日付は入力できません。これからの予定は「今後の予定」に書いてください。",
        )
        return day

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            not data.get("resource")
            and not data.get("group_name")
            and "resource" not in self.errors
        ):
            self.add_error(
                "group_name", "地域資源の番号か、団体・グループの名前のどちらかを入力してください。"
            )
        return data


class AreaFilterForm(forms.Form):
    """A list's filters start with the area (any area of the city: everyone reads all)."""

    area = AreaField(
        queryset=Area.objects.none(), required=False, label="地域", empty_label="すべて"
    )

    def __init__(self, *args, areas: list[Area], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["area"]
        assert isinstance(field, AreaField)
        field.queryset = Area.objects.filter(pk__in=[a.pk for a in areas]).order_by(
            "depth", "sort_order", "kana", "name"
        )


class IssueFilterForm(AreaFilterForm):
    status = forms.ChoiceField(
        label="状態",
        required=False,
        choices=[("", "すべて"), ("open", "解決・見送り以外"), *LocalIssue.Status.choices],
        error_messages={"invalid_choice": "一覧にある状態を選んでください。"},
    )
    category = CategoryField(
        queryset=Category.objects.order_by("code"),
        required=False,
        label="分類",
        empty_label="すべて",
        error_messages={"invalid_choice": "一覧にある分類を選んでください。"},
    )


class SupportFilterForm(AreaFilterForm):
    held_from = forms.DateField(
        label="実施日（から）", required=False, widget=date_input(), error_messages=DATE_ERRORS
    )
    held_until = forms.DateField(
        label="実施日（まで）", required=False, widget=date_input(), error_messages=DATE_ERRORS
    )
