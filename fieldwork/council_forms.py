"""The 協議体 forms: council, members, meeting, a workshop card (its place typed or tapped),
and the public アイデア form. Errors are Japanese and name their field; nothing is saved
unless all of it is valid."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import DecimalValidator

from areas.models import Area
from directory import near
from fieldwork.council_models import BoardCard, Council, Idea, Meeting
from fieldwork.forms import DATE_ERRORS, AreaField, RecordForm, count_field, date_input
from fieldwork.park_forms import LATITUDE, LONGITUDE, coordinate
from office.forms import MAX_LENGTH_MESSAGE, version_field
from office.reports import HONEYPOT, ReportForm

MAX_MEMBERS = 60
IDEA_BODY_MAX = 2000
SIX = Decimal("0.000001")


def text_field(label: str, max_length: int, *, required: bool = True, **kwargs) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        error_messages={
            "required": f"{label}を入力してください。",
            "max_length": MAX_LENGTH_MESSAGE,
        },
        **kwargs,
    )


class CouncilForm(RecordForm):
    name = text_field("協議体の名前", 100, help_text="例：A地区協議体")

    class Meta:
        model = Council
        fields = ["area", "name", "purpose"]
        help_texts = {"purpose": "例：地域資源・地域課題の把握と共有、ネットワークづくり"}


class MemberForm(forms.Form):
    """One 構成団体: its name and type, and the person to contact (back office only)."""

    name = text_field("団体名", 100, required=False)
    kind = forms.ChoiceField(
        label="種別",
        required=False,
        choices=[("", "選んでください"), *Council.MemberKind.choices],
        error_messages={"invalid_choice": "一覧にある種別を選んでください。"},
    )
    contact = text_field(
        "担当者（連絡先）", 100, required=False, help_text="事務局だけが見ます。公開されません。"
    )
    note = text_field("メモ", 200, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        filled = any(data.get(k) for k in ("kind", "contact", "note"))
        if filled and not data.get("name") and "name" not in self.errors:
            self.add_error("name", "団体名を入力してください（使わない行は全部空欄にします）。")
        if data.get("name") and not data.get("kind") and "kind" not in self.errors:
            self.add_error("kind", "種別を選んでください。")
        return data


MemberFormSet = forms.formset_factory(
    MemberForm, extra=3, max_num=MAX_MEMBERS, validate_max=True, absolute_max=MAX_MEMBERS + 3
)


def members_of(formset: Any) -> list[dict[str, str]]:
    """The filled rows of a valid member formset, in order (empty rows dropped)."""
    return [
        {key: row[key] for key in ("name", "kind", "contact", "note")}
        for row in formset.cleaned_data
        if row.get("name")
    ]


class MeetingForm(forms.ModelForm):
    """A meeting; its area is its council's (set by the view)."""

    title = text_field("会議の名前", 100, help_text="例：第1回 ワークショップ")
    held_on = forms.DateField(label="開催日", widget=date_input(), error_messages=DATE_ERRORS)
    attendance = count_field("出席者数")
    version = version_field()

    class Meta:
        model = Meeting
        fields = ["title", "held_on", "place", "attendance", "minutes"]
        widgets = {"minutes": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version


class PlaceMixin:
    """A place typed as an address or a town, understood with areas/places.py."""

    municipality: Area

    def understand_place(self, text: str) -> dict[str, Any]:
        if not text:
            return {"place_text": "", "latitude": None, "longitude": None, "town": None}
        understood = near.understand(self.municipality, text)
        if understood.spot is None:
            if understood.choices:
                names = "、".join(spot.name for spot in understood.choices[:5])
                raise ValidationError(f"「{text}」にあたる場所が複数あります（{names}）。")
            raise ValidationError(
                f"「{text}」という場所が見つかりません。町名（例：弁天一丁目）か住所で入力してください。"
            )
        place = near.place_of(self.municipality, understood.spot)
        town = place.home if place.home and place.home.kind == Area.Kind.TOWN else None
        return {
            "place_text": text,
            "latitude": Decimal(str(place.lat)).quantize(SIX),
            "longitude": Decimal(str(place.lng)).quantize(SIX),
            "town": town,
        }


class CardForm(PlaceMixin, forms.Form):
    """A card: what it says, its column, and (optional) a place typed as an address or town.
    A place left empty keeps a point tapped on the map."""

    column = forms.ChoiceField(
        label="列",
        choices=BoardCard.Column.choices,
        error_messages={
            "required": "列（地域資源か地域課題か）を選んでください。",
            "invalid_choice": "列は「地域資源」か「地域課題」を選んでください。",
        },
    )
    title = text_field("カードの内容", 100, help_text="例：施設内の空きスペースの無料提供")
    note = text_field("ひとこと", 300, required=False)
    place_text = text_field(
        "場所（住所・町名）",
        100,
        required=False,
        help_text="例：弁天一丁目、中央区院内1-1。地図をタップして置くこともできます。",
    )
    version = version_field()

    def __init__(self, *args, municipality: Area, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.municipality = municipality

    def clean_place_text(self) -> str:
        text = " ".join(self.cleaned_data["place_text"].split())
        self.place = self.understand_place(text) if text else None
        return text


class CardPlaceForm(forms.Form):
    """A point tapped (or chosen by keyboard) on the board's map."""

    latitude = coordinate("緯度", LATITUDE)
    longitude = coordinate("経度", LONGITUDE)
    version = version_field()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["latitude"].required = True
        self.fields["longitude"].required = True
        for name in ("latitude", "longitude"):
            field = self.fields[name]
            field.error_messages["required"] = "地図で場所を選んでください。"
            # A tap gives many decimals: rounded to 6 (about 10 cm) in clean(), not refused.
            field.validators = [v for v in field.validators if not isinstance(v, DecimalValidator)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("latitude", "longitude"):
            if data.get(name) is not None:
                data[name] = data[name].quantize(SIX)
        return data


class IdeaForm(ReportForm):
    """「交流・連携のアイデアを送る」: the correction form's honeypot (`website`) and checks,
    with who sends it and the area it is for."""

    field_order = ["sender_kind", "area", "body", "contact", HONEYPOT]
    sender_kind = forms.ChoiceField(
        label="あなたは",
        choices=Idea.Sender.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "「あなたは」から、施設・住民・企業・その他のどれかを選んでください。",
            "invalid_choice": "「あなたは」は一覧から選んでください。",
        },
    )
    area = AreaField(
        queryset=Area.objects.none(),
        required=False,
        label="どの地域のアイデアですか",
        empty_label="わからない・決めていない",
        help_text="区や圏域を選ぶと、その地域の生活支援コーディネーターに届きます。",
        error_messages={"invalid_choice": "「どの地域」は一覧から選んでください。"},
    )
    body = text_field(
        "アイデア",
        IDEA_BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="例：施設のホールを、地域のカフェや体操の場に使ってもらえます。",
    )

    def __init__(self, *args, municipality: Area | None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["area"]
        assert isinstance(field, AreaField)
        if municipality is not None:
            field.queryset = Area.objects.filter(
                municipality=municipality, kind__in=[Area.Kind.WARD, Area.Kind.SPHERE]
            ).order_by("path")
