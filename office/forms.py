"""Back-office forms: they clean and normalise input; nothing is saved unless all of it is valid."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms import formset_factory

from areas.models import Area
from directory import schedules
from directory.models import Category, Provider, Resource, ScheduleRule
from directory.validators import format_postal_code, normalise_digits, to_katakana
from office import history
from office.models import Staff
from sasaeai.lib.ids import MAX_ID

# A version a form may carry: a PositiveIntegerField's bound on every database.
MAX_VERSION = 2_147_483_647
BAD_VERSION = "画面の情報が正しくありません。編集画面を開き直してから、もう一度入力してください。"


def version_field(
    *, min_value: int = 1, max_value: int = MAX_VERSION, message: str = BAD_VERSION
) -> forms.IntegerField:
    """The hidden version a page was opened at: anything else is the one 「開き直して」 message."""
    return forms.IntegerField(
        label="画面を開いたときの版",
        widget=forms.HiddenInput,
        required=False,
        min_value=min_value,
        max_value=max_value,
        error_messages={key: message for key in ("required", "invalid", "min_value", "max_value")},
    )


# A text field's "too long" message on the public report form and the provider's form.
MAX_LENGTH_MESSAGE = "%(limit_value)s文字以内で入力してください（いまは%(show_value)s文字です）。"

WEEKDAY_CHOICES = [(str(i), f"{name}曜日") for i, name in enumerate(schedules.WEEKDAY_JA)]
NTH_CHOICES = [(str(n), f"第{n}") for n in range(1, 6)] + [(str(schedules.LAST), "最終")]
MONTH_CHOICES = [(str(m), f"{m}月") for m in range(1, 13)]
INTERVAL_CHOICES = [("1", "毎週"), ("2", "隔週（2週に1回）")]


def split_numbers(value: str) -> list[int]:
    """「1、15」「1,15」「１ 15」 → [1, 15]; anything else is a field error."""
    value = normalise_digits(value)
    parts = [p for p in re.split(r"[\s,、・]+", value) if p]
    if not all(p.isdigit() for p in parts):
        raise ValidationError("数字をカンマ（、）で区切って入力してください（例：1、15）。")
    return sorted({int(p) for p in parts})


def split_dates(value: str, label: str = "休みの日") -> list[str]:
    """「2026-12-30、2027/1/2」 → ISO dates."""
    out = []
    for part in [p for p in re.split(r"[\s,、]+", normalise_digits(value)) if p]:
        match = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?", part)
        try:
            day = datetime.date(int(match[1]), int(match[2]), int(match[3])) if match else None
        except ValueError:
            day = None
        if day is None:
            raise ValidationError(
                f"{label}「{part[:20]}」は 2026-12-29 のように年・月・日で入力してください。"
            )
        out.append(day.isoformat())
    return sorted(set(out))


class FieldLayout:
    """Each field in its own block (office/templates/office/_field.html), and no colon after
    a Japanese label (Django adds 「:」 by default)."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.template_name = "office/_field.html"


class RuleForm(FieldLayout, forms.Form):
    """One 開催ルール of the schedule editor."""

    freq = forms.ChoiceField(
        label="くり返し",
        choices=[("", "（使わない）")] + list(ScheduleRule.Freq.choices),
        required=False,
    )
    weekdays = forms.MultipleChoiceField(
        label="曜日",
        choices=WEEKDAY_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    nths = forms.MultipleChoiceField(
        label="第何週", choices=NTH_CHOICES, required=False, widget=forms.CheckboxSelectMultiple
    )
    interval = forms.TypedChoiceField(
        label="間隔（毎週のとき）", choices=INTERVAL_CHOICES, coerce=int, initial=1
    )
    month_days = forms.CharField(
        label="日にち（毎月…日のとき）",
        required=False,
        max_length=100,
        help_text="例：1、15",
    )
    dates = forms.CharField(
        label="開催する日付（日付指定のとき）",
        required=False,
        max_length=500,
        help_text="例：2026-03-10、2026-06-09（年・月・日で）",
    )
    opens_at = forms.TimeField(
        label="開始時刻", required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    closes_at = forms.TimeField(
        label="終了時刻", required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    valid_from = forms.DateField(
        label="この日から", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    valid_until = forms.DateField(
        label="この日まで", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    months = forms.MultipleChoiceField(
        label="開催する月（決まった月だけのとき）",
        choices=MONTH_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="奇数月なら1・3・5・7・9・11月。選ばなければ毎月です。",
    )
    except_months = forms.MultipleChoiceField(
        label="休みの月",
        choices=MONTH_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    except_holidays = forms.BooleanField(label="祝日は休み", required=False)
    except_dates = forms.CharField(
        label="休みの日",
        required=False,
        max_length=500,
        help_text="例：2026-12-30、2027-01-06",
    )
    note = forms.CharField(label="補足", required=False, max_length=200)

    def clean_month_days(self) -> list[int]:
        return split_numbers(self.cleaned_data["month_days"])

    def clean_except_dates(self) -> list[str]:
        return split_dates(self.cleaned_data["except_dates"])

    def clean_dates(self) -> list[str]:
        return split_dates(self.cleaned_data["dates"], label="開催する日付")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("freq") or self.errors:
            return data
        rule = self.rule()
        for message in schedules.validate(rule):
            self.add_error(None, message)
        return data

    def rule(self) -> ScheduleRule:
        """An unsaved ScheduleRule with this form's values (for preview and saving)."""
        data = self.cleaned_data
        return ScheduleRule(
            freq=data["freq"],
            weekdays=sorted(int(w) for w in data.get("weekdays") or []),
            nths=sorted(int(n) for n in data.get("nths") or []),
            month_days=data.get("month_days") or [],
            interval=data.get("interval") or 1,
            opens_at=data.get("opens_at"),
            closes_at=data.get("closes_at"),
            valid_from=data.get("valid_from"),
            valid_until=data.get("valid_until"),
            except_months=sorted(int(m) for m in data.get("except_months") or []),
            except_dates=data.get("except_dates") or [],
            months=sorted(int(m) for m in data.get("months") or []),
            dates=data.get("dates") or [],
            except_holidays=bool(data.get("except_holidays")),
            note=data.get("note", ""),
        )

    @staticmethod
    def initial_for(rule: ScheduleRule) -> dict[str, Any]:
        return {
            "freq": rule.freq,
            "weekdays": [str(w) for w in rule.weekdays],
            "nths": [str(n) for n in rule.nths],
            "interval": rule.interval,
            "month_days": "、".join(str(d) for d in rule.month_days),
            "opens_at": rule.opens_at,
            "closes_at": rule.closes_at,
            "valid_from": rule.valid_from,
            "valid_until": rule.valid_until,
            "except_months": [str(m) for m in rule.except_months],
            "except_dates": "、".join(rule.except_dates),
            "months": [str(m) for m in rule.months],
            "dates": "、".join(rule.dates),
            "except_holidays": rule.except_holidays,
            "note": rule.note,
        }


RuleFormSet = formset_factory(RuleForm, extra=1, max_num=10, absolute_max=20, validate_max=True)


class NormalisedFields:
    """The same clean-up wherever a resource is typed in (back office, provider link):
    「２６００００１」 → 「260-0001」, full-width phone digits, hiragana kana → katakana."""

    def clean_postal_code(self) -> str:
        return format_postal_code(self.cleaned_data["postal_code"])

    def clean_phone(self) -> str:
        return normalise_digits(self.cleaned_data["phone"])

    def clean_fax(self) -> str:
        return normalise_digits(self.cleaned_data["fax"])

    def clean_kana(self) -> str:
        return to_katakana(self.cleaned_data["kana"])


def _fits_a_database_integer(value: Any) -> bool:
    """A primary key any database can compare (SQLite raises OverflowError past MAX_ID)."""
    try:
        return abs(int(str(value).strip())) <= MAX_ID
    except ValueError:
        return True  # not a number: Django's own check says so


class ModelChoiceField(forms.ModelChoiceField):
    def to_python(self, value: Any) -> Any:
        if value not in self.empty_values and not _fits_a_database_integer(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value: Any) -> Any:
        for item in value if isinstance(value, list | tuple) else []:
            if not _fits_a_database_integer(item):
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": str(item)[:30]},
                )
        return super()._check_values(value)


class CategoryChoiceField(ModelMultipleChoiceField):
    def label_from_instance(self, obj: Category) -> str:
        return ("　" * obj.depth) + f"{obj.code} {obj.name}"


class ResourceForm(FieldLayout, NormalisedFields, forms.ModelForm):
    """Every editable field of a 地域資源. Status changes go through the workflow buttons."""

    # The version the editor opened: a save from an older one is a conflict (office.editing).
    version = version_field()
    categories = CategoryChoiceField(
        label="分類",
        queryset=Category.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "分類を1つ以上選んでください。"},
    )

    class Meta:
        model = Resource
        # Everything a version keeps except the status, which has its own workflow buttons.
        fields = [
            *(name for name in history.FIELDS if name != "status"),
            "categories",
            "served_areas",
        ]
        field_classes = {
            "provider": ModelChoiceField,
            "town": ModelChoiceField,
            "place_area": ModelChoiceField,
            "served_areas": ModelMultipleChoiceField,
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "eligibility": forms.Textarea(attrs={"rows": 2}),
            "schedule_note": forms.Textarea(attrs={"rows": 2}),
            "internal_note": forms.Textarea(attrs={"rows": 3}),
            "served_areas": forms.CheckboxSelectMultiple,
            "booking": forms.RadioSelect,
            "confirmed_on": forms.DateInput(attrs={"type": "date"}),
            "phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
            "fax": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
            "postal_code": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            "lat": forms.NumberInput(attrs={"step": "0.000001"}),
            "lng": forms.NumberInput(attrs={"step": "0.000001"}),
        }
        help_texts = {
            "kana": "カタカナで入力してください。並べ替えと検索に使います。",
            "keywords": ("検索で見つけてほしい言葉を空白で区切って入力します（例：体操 茶話会）。"),
            "town": "空欄のままにすると、住所から自動で決まります。",
            "point_precision": "地図上の位置がどのくらい正確かを示します。",
            "served_areas": (
                "配食・見守りなど、家まで来てくれる活動の対応地域です（相談機関は担当地区）。"
                "開催場所ではありません。"
            ),
            "place_area": (
                "住所が分からないとき、開催している区・圏域を選びます（家まで来てくれる地域ではありません）。"
            ),
            "phone_note": (
                "受付時間や2つ目の番号など。電話のボタンになるのは「電話番号」だけです。"
            ),
            "booking": "分からないときは「分からない」のままにします。",
            "for_self": "分かっている対象だけに印をつけます。",
            "internal_note": "事務局の中だけで見られます。公開されません。",
            "contact_person": "事務局の中だけで見られます。公開されません。",
            "fee_amount": "無料は0。分からないときは空欄にします。",
        }

    def __init__(self, *args, staff: Staff, municipality: Area, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.staff = staff
        self.municipality = municipality
        self.fields["provider"].queryset = Provider.objects.filter(municipality=municipality)
        self.fields["town"].queryset = Area.objects.towns().filter(municipality=municipality)
        self.fields["served_areas"].queryset = Area.objects.filter(
            municipality=municipality,
            kind__in=[Area.Kind.MUNICIPALITY, Area.Kind.WARD, Area.Kind.SPHERE],
        ).order_by("path")
        self.fields["place_area"].queryset = Area.objects.filter(
            municipality=municipality, kind__in=[Area.Kind.WARD, Area.Kind.SPHERE]
        ).order_by("path")
        self.fields["place_area"].empty_label = "選ばない"
        # Unknown is a real answer: no option is ticked for the coordinator.
        self.fields["booking"].choices = [("", "分からない"), *Resource.Booking.choices]
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            # Without it a save could not be checked against changes made meanwhile.
            self.fields["version"].required = True
        for name, field in self.fields.items():
            if isinstance(field, forms.CharField) and field.max_length:
                field.widget.attrs.setdefault("maxlength", field.max_length)
            if name in ("description", "eligibility", "schedule_note", "internal_note"):
                field.max_length = field.max_length or 4000
                field.validators.append(_max_length(4000))
                field.widget.attrs.setdefault("maxlength", 4000)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        lat, lng = data.get("lat"), data.get("lng")
        if (lat is None) != (lng is None):
            self.add_error("lng" if lng is None else "lat", "緯度と経度は両方入力してください。")
        self.place(data)
        if not self.errors:
            self.check_areas(data)
        return data

    def place(self, data: dict[str, Any]) -> None:
        """Fill what the address implies: the address from the postal code, the town from the
        address, the point from the town (unless the coordinator set it by hand)."""
        from areas import addresses

        if not data.get("address") and data.get("postal_code") and "postal_code" not in self.errors:
            found = addresses.lookup_postal_code(data["postal_code"])
            if found:
                data["address"] = found.address
        if not data.get("town") and data.get("address"):
            data["town"] = addresses.match_town(self.municipality, data["address"])
        town = data.get("town")
        lat, lng, precision = data.get("lat"), data.get("lng"), data.get("point_precision")
        at_town = town is not None and town.lat is not None
        if at_town and (
            lat is None
            or precision == Resource.PointPrecision.TOWN
            or (not precision and (lat, lng) == (town.lat, town.lng))
        ):
            # No point yet, or only the town's: follow the (possibly new) town.
            data["lat"], data["lng"] = town.lat, town.lng
            data["point_precision"] = Resource.PointPrecision.TOWN
        elif lat is not None and not precision:
            data["point_precision"] = Resource.PointPrecision.MANUAL
        if data.get("lat") is None:
            data["point_precision"] = ""

    def check_areas(self, data: dict[str, Any]) -> None:
        """A coordinator places resources only inside their own areas (the server decides)."""
        if self.staff.is_admin:
            return
        places = [data.get("town"), data.get("place_area"), *(data.get("served_areas") or [])]
        places = [p for p in places if p is not None]
        if not places:
            self.add_error(
                "address",
                "担当地域の中の住所（町丁目）か対応地域を入れてください。",
            )
        elif not any(self.staff.covers_area(p) for p in places):
            self.add_error(
                "town",
                "担当地域の外の場所です。担当地域の中の町丁目か対応地域を選んでください。",
            )


def _max_length(limit: int):
    def check(value: str) -> None:
        if value and len(value) > limit:
            raise ValidationError(f"{limit}文字以内で入力してください（いまは{len(value)}文字）。")

    return check


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        choices=[(s.value, s.label) for s in Resource.Status if s != Resource.Status.DELETED]
    )
    version = forms.IntegerField(required=False, min_value=1, max_value=MAX_VERSION)


class ConfirmManyForm(forms.Form):
    ids = forms.TypedMultipleChoiceField(coerce=int, choices=[], required=True)

    def __init__(self, *args, allowed_ids: list[int], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ids"].choices = [(str(i), str(i)) for i in allowed_ids]
        self.fields["ids"].error_messages = {
            "required": "確認済みにする地域資源を選んでください。",
            "invalid_choice": "選んだ地域資源の中に、変更できないものがあります。",
        }


class ResourceFilterForm(FieldLayout, forms.Form):
    """The back-office list's filters; unknown values are simply ignored."""

    q = forms.CharField(label="名称・キーワード", required=False, max_length=100)
    status = forms.ChoiceField(
        label="状態",
        required=False,
        choices=[("", "すべて")] + list(Resource.Status.choices),
    )
    category = forms.ModelChoiceField(
        label="分類",
        required=False,
        queryset=Category.objects.all(),
        to_field_name="code",
        empty_label="すべて",
    )
    area = forms.ModelChoiceField(
        label="地域",
        required=False,
        queryset=Area.objects.none(),
        to_field_name="code",
        empty_label="すべて",
    )
    stale = forms.TypedChoiceField(
        label="確認していない期間",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[
            ("", "指定しない"),
            ("6", "6か月以上"),
            ("12", "12か月以上"),
            ("24", "24か月以上"),
        ],
    )
    reports = forms.BooleanField(label="未対応の誤り報告があるもの", required=False)
    scope = forms.ChoiceField(
        label="範囲",
        required=False,
        choices=[("mine", "担当地域のもの"), ("all", "市全体")],
    )

    def __init__(self, *args, municipality: Area, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        from django.conf import settings

        # The dashboard links here with the city's own period (SASAEAI_CONFIRM_MONTHS).
        months = settings.SASAEAI_CONFIRM_MONTHS
        stale = self.fields["stale"]
        if str(months) not in dict(stale.choices):
            stale.choices = sorted(
                [*stale.choices, (str(months), f"{months}か月以上")],
                key=lambda c: int(c[0] or 0),
            )
        self.fields["area"].queryset = Area.objects.filter(
            municipality=municipality, kind__in=[Area.Kind.WARD, Area.Kind.SPHERE]
        ).order_by("path")
