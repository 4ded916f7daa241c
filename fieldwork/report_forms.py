"""The area report's conditions: an area of the city and a 年度."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from areas.models import Area
from fieldwork.forms import AreaFilterForm
from fieldwork.report import fiscal_year

FIRST_YEAR = 2000
FORMATS = {"csv": "utf-8", "csv-cp932": "cp932"}


class ReportForm(AreaFilterForm):
    year = forms.IntegerField(
        label="年度（4月〜翌年3月）",
        required=False,
        help_text="例：2026（2026年4月1日〜2027年3月31日）。空欄は今の年度です。",
        error_messages={"invalid": "年度は数字で入力してください（例：2026）。"},
    )
    format = forms.ChoiceField(
        label="CSV の文字コード",
        required=False,
        choices=[("csv", "UTF-8（BOM付き）"), ("csv-cp932", "Shift_JIS（CP932）")],
        error_messages={"invalid_choice": "UTF-8 か Shift_JIS を選んでください。"},
    )

    def __init__(self, *args, areas: list[Area], **kwargs) -> None:
        super().__init__(*args, areas=areas, **kwargs)
        area = self.fields["area"]
        assert isinstance(area, forms.ModelChoiceField)
        area.empty_label = None
        area.label = "地域（市・区・圏域）"

    def clean_year(self) -> int:
        """Empty is this 年度; a 年度 not begun yet, or before FIRST_YEAR, is refused."""
        this_year = fiscal_year(timezone.localdate())
        year = self.cleaned_data.get("year")
        if year is None:
            return this_year
        if year < FIRST_YEAR:
            raise forms.ValidationError(f"年度は{FIRST_YEAR}以降にしてください。")
        if year > this_year:
            raise forms.ValidationError(f"年度は{this_year}（今の年度）までにしてください。")
        return year
