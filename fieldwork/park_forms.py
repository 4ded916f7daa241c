"""The 公園カルテ forms: a park as surveyed, and the list's filters. Every fact may be left
unknown (empty, or 不明 for the toilet); nothing is filled in for the person."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from directory.photos import ProcessedPhoto, process_upload
from fieldwork.forms import (
    DATE_ERRORS,
    MAX_COUNT,
    AreaFilterForm,
    ListField,
    RecordForm,
    count_field,
    date_input,
    not_in_future,
)
from fieldwork.models import PARK_FIELDS, Park
from fieldwork.park_places import APPROXIMATE, point_from_address

# Japan lies well inside these; a point outside them is a typing slip (or swapped lat/lng).
LATITUDE = (Decimal("20"), Decimal("46"))
LONGITUDE = (Decimal("122"), Decimal("154"))
MAX_SIZE_M2 = Decimal("10000000")  # 10 km²: larger than any city park
PLACES = {"latitude": 6, "longitude": 6, "size_m2": 2}  # the columns' decimal places


def coordinate(
    label: str, bounds: tuple[Decimal, Decimal], help_text: str = ""
) -> forms.DecimalField:
    low, high = bounds
    message = f"{label}は{low}から{high}の間の数で入力してください（日本の中の位置）。"
    return forms.DecimalField(
        label=label,
        required=False,
        help_text=help_text,
        max_digits=9,
        decimal_places=6,
        min_value=low,
        max_value=high,
        error_messages={
            "invalid": f"{label}は数字で入力してください（例：35.607）。",
            "min_value": message,
            "max_value": message,
            "max_digits": f"{label}は小数点以下6桁までにしてください。",
            "max_decimal_places": f"{label}は小数点以下6桁までにしてください。",
            "max_whole_digits": message,
        },
    )


class ParkForm(RecordForm):
    latitude = coordinate(
        "緯度",
        LATITUDE,
        help_text=f"空欄で所在地があれば、{APPROXIMATE}を入れます（現地で確かめた位置は消しません）。",
    )
    longitude = coordinate("経度", LONGITUDE)
    size_m2 = forms.DecimalField(
        label="面積（㎡）",
        required=False,
        min_value=0,
        max_value=MAX_SIZE_M2,
        max_digits=12,
        decimal_places=2,
        help_text="わからなければ空欄のままにしてください。",
        error_messages={
            "invalid": "面積は数字で入力してください（例：1250.5）。",
            "min_value": "面積は0以上の数で入力してください。",
            "max_value": f"面積は{MAX_SIZE_M2:,}㎡以下にしてください。",
            "max_digits": "面積の桁が多すぎます。",
            "max_decimal_places": "面積は小数点以下2桁までにしてください。",
            "max_whole_digits": "面積の桁が多すぎます。",
        },
    )
    benches = count_field(
        "ベンチの数", "数えていなければ空欄のままにしてください（0 は「ない」）。"
    )
    surroundings = ListField(
        label="周りの施設（店・バス停・集会所）",
        help_text="「、」か改行で区切ります。例：〇〇バス停（徒歩2分）、〇〇町内会集会所",
    )
    uses = forms.MultipleChoiceField(
        label="使い方の例",
        required=False,
        choices=Park.Use.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "一覧にある使い方を選んでください。"},
    )
    public_fields = forms.MultipleChoiceField(
        label="公開してよい項目",
        required=False,
        choices=Park.PUBLIC_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text="市民向けの「公園をさがす」のページに出してよい項目だけ選んでください（何も選ばなければ公開しません。名前と地域はいつも出ます）。",
        error_messages={"invalid_choice": "一覧にある項目を選んでください。"},
    )

    class Meta:
        model = Park
        fields = PARK_FIELDS
        help_texts = {
            "shade": "例：東側に藤棚、午後は木かげ",
            "slope": "例：入口に段差10cm、園内は平ら",
            "paths": "例：外周200mが舗装、雨の後はぬかるむ",
        }
        error_messages = {
            "surveyed_on": DATE_ERRORS,
            "toilet": {"invalid_choice": "一覧にあるトイレの様子を選んでください。"},
            "point_source": {"invalid_choice": "一覧にある位置の決め方を選んでください。"},
        }
        widgets = {"surveyed_on": date_input(), "notes": forms.Textarea(attrs={"rows": 3})}

    def clean_surveyed_on(self) -> Any:
        day = self.cleaned_data["surveyed_on"]
        not_in_future(day, "今日より後の調査日は入力できません。")
        return day

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name, places in PLACES.items():
            if data.get(name) is not None:
                # As the database keeps it, so a version does not see "35.6" → "35.600000".
                data[name] = data[name].quantize(Decimal(1).scaleb(-places))
        lat, lng = data.get("latitude"), data.get("longitude")
        if "latitude" in self.errors or "longitude" in self.errors:
            return data
        if (lat is None) != (lng is None):
            self.add_error(
                "longitude" if lng is None else "latitude", "緯度と経度は両方入力してください。"
            )
            return data
        if "address" not in self.errors and "point_source" not in self.errors:
            # No point yet (or one from the old address): the address's town's middle.
            saved = self.instance
            before = (saved.latitude, saved.longitude) if saved.pk else None
            point_from_address(data, data.get("address", ""), self.municipality, before)
            lat = data.get("latitude")
        source = data.get("point_source")
        if lat is not None and not source:
            self.add_error("point_source", "位置をどうやって決めたかを選んでください。")
        elif lat is None and source == Park.PointSource.ADDRESS:
            self.add_error(
                "address",
                "この所在地から町丁目を見つけられないため、位置を決められません。"
                "所在地を町名から入力するか、緯度・経度を入力してください。",
            )
        elif lat is None and source:
            self.add_error("point_source", "位置がないときは、位置の決め方は空欄にしてください。")
        return data


class ParkFilterForm(AreaFilterForm):
    toilet = forms.BooleanField(label="トイレあり", required=False)
    benches = forms.IntegerField(
        label="ベンチ（この数以上）",
        required=False,
        min_value=0,
        max_value=MAX_COUNT,
        error_messages={
            "invalid": "ベンチの数は数字で入力してください。",
            "min_value": "ベンチの数は0以上にしてください。",
            "max_value": f"ベンチの数は{MAX_COUNT:,}以下にしてください。",
        },
    )
    unsurveyed = forms.BooleanField(label="未調査だけ", required=False)


PHOTO_TYPES = "image/jpeg,image/png,image/webp"


class ParkPhotoForm(forms.Form):
    """A park's photo: directory/photos.py checks and re-encodes it (no EXIF, no GPS)."""

    image = forms.FileField(
        label="公園の写真",
        help_text="JPEG・PNG・WebP形式。位置情報などの撮影データは消してから保存します。",
        error_messages={
            "required": "写真を選んでください。",
            "empty": "選んだファイルが空です。別の写真を選んでください。",
            "invalid": "写真を選び直してください。",
        },
        widget=forms.ClearableFileInput(attrs={"accept": PHOTO_TYPES}),
    )
    alt = forms.CharField(
        label="写真の説明（代替テキスト）",
        max_length=200,
        help_text="読み上げソフトが写真の代わりに読みます。例：藤棚の下にベンチが2つある広場",
        error_messages={
            "required": "写真の説明を入力してください。",
            "max_length": "写真の説明は200文字までで入力してください。",
        },
    )

    def clean_image(self) -> ProcessedPhoto:
        return process_upload(self.cleaned_data["image"])
