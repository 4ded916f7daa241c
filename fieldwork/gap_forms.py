"""The gap map's conditions and the population file's form."""

from __future__ import annotations

from django import forms

from areas.models import Area
from directory.models import Category
from fieldwork.forms import AreaFilterForm, CategoryField

# 交流の場・通いの場 (directory/categories.py): what the gap map counts unless told.
DEFAULT_CATEGORY = "5"
SORTS = {
    "count": "近くの数が少ない順",
    "uncovered": "近くにない65歳以上が多い順",
    "aged": "65歳以上が多い順",
    "name": "町丁目の順",
}


class GapForm(AreaFilterForm):
    category = CategoryField(
        queryset=Category.objects.order_by("code"),
        required=False,
        label="数える分類（下の分類も含む）",
        empty_label=None,
        error_messages={"invalid_choice": "一覧にある分類を選んでください。"},
    )
    sort = forms.ChoiceField(
        label="表の並び",
        required=False,
        choices=list(SORTS.items()),
        error_messages={"invalid_choice": "一覧にある並び順を選んでください。"},
    )

    def __init__(self, *args, areas: list[Area], **kwargs) -> None:
        super().__init__(*args, areas=areas, **kwargs)
        area = self.fields["area"]
        assert isinstance(area, forms.ModelChoiceField)
        area.empty_label = None
        area.label = "地域（区・圏域）"


class PopulationForm(forms.Form):
    file = forms.FileField(
        label="人口の CSV ファイル",
        help_text="e-Stat の国勢調査 小地域集計「年齢（5歳階級、4区分）別、男女別人口」の CSV（そのまま）か、"
        "見出しが「町丁目」「65歳以上」（あれば「区」）の CSV。",
        error_messages={
            "required": "CSV ファイルを選んでください。",
            "empty": "ファイルが空です。",
            "invalid": "ファイルを読めません。",
        },
    )
    source = forms.CharField(
        label="出典",
        max_length=200,
        required=False,
        help_text="例: 令和2年国勢調査 小地域集計（総務省統計局）",
        error_messages={"max_length": "出典は200文字以内にしてください。"},
    )
    skip = forms.BooleanField(
        label="町丁目が見つからない行と秘匿（X）の行を飛ばして、残りを取り込む（飛ばした町丁目は「不明」のままです）",
        required=False,
    )
