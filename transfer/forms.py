"""Forms of the import pages: the upload, and the column mapping."""

from __future__ import annotations

from typing import Any

from django import forms

from areas.models import Area
from office.forms import FieldLayout
from office.models import Staff
from transfer import limits
from transfer.columns import BY_KEY, COLUMNS, IMPORT_ONLY
from transfer.models import SavedMapping

ENCODING_CHOICES = [
    ("", "自動で判別"),
    ("utf-8", "UTF-8"),
    ("cp932", "Shift_JIS（CP932）"),
]
UNUSED = ""


class UploadForm(FieldLayout, forms.Form):
    file = forms.FileField(
        label="ファイル（CSV または Excel .xlsx）",
        help_text="1行目は見出しにしてください。10MB・2万行まで。",
        error_messages={
            "required": "ファイルを選んでください。",
            "empty": "ファイルが空です。",
            "invalid": "ファイルを選び直してください。",
        },
    )
    encoding = forms.ChoiceField(
        label="文字コード（CSV のとき）", choices=ENCODING_CHOICES, required=False
    )
    municipality = forms.ModelChoiceField(
        label="取り込む市区町村",
        queryset=Area.objects.none(),
        empty_label=None,
        required=False,  # not sent: the person's own city
        error_messages={"invalid_choice": "一覧にある市区町村を選んでください。"},
    )
    mapping = forms.ModelChoiceField(
        label="保存した列の対応",
        queryset=SavedMapping.objects.all(),
        required=False,
        empty_label="使わない（見出しから自動で判断）",
        help_text="市区町村の一覧など、見出しが違うファイルのときに選びます。",
    )

    def __init__(self, *args, staff: Staff, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["municipality"]
        assert isinstance(field, forms.ModelChoiceField)
        # Only the cities this person works in: a city's people, their own.
        field.queryset = staff.cities()
        field.initial = staff.municipality_id
        self.staff = staff

    def clean_municipality(self) -> Area:
        city = self.cleaned_data.get("municipality") or self.staff.municipality
        if city is None:
            raise forms.ValidationError("取り込む市区町村を選んでください。")
        return city

    def clean_file(self):
        upload = self.cleaned_data["file"]
        # Refused from its size alone, before anything reads it.
        if upload.size > limits.max_bytes():
            raise forms.ValidationError(limits.too_big_message())
        return upload


class MappingForm(forms.Form):
    """One select per file column: which of our columns it is, or 使わない."""

    save_as = forms.CharField(
        label="この対応に名前を付けて保存（空欄なら保存しません）",
        required=False,
        max_length=100,
    )

    def __init__(self, *args, headers: list[str], initial_mapping: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        kwargs.setdefault("label_suffix", "")
        choices = [(UNUSED, "使わない")] + [(c.key, c.header) for c in [*COLUMNS, *IMPORT_ONLY]]
        self.headers = headers
        for index, header in enumerate(headers):
            self.fields[f"col_{index}"] = forms.ChoiceField(
                label=header,
                choices=choices,
                required=False,
                initial=initial_mapping.get(header, UNUSED),
            )
        self.order_fields([f"col_{i}" for i in range(len(headers))] + ["save_as"])

    def column_fields(self):
        return [self[f"col_{i}"] for i in range(len(self.headers))]

    def clean_save_as(self) -> str:
        name = self.cleaned_data["save_as"].strip()
        if name and SavedMapping.objects.filter(name=name).exists():
            raise forms.ValidationError(
                "その名前の列の対応はもうあります。別の名前にしてください。"
            )
        return name

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None  # Form.clean() returns cleaned_data
        chosen = [data.get(f"col_{i}") for i in range(len(self.headers))]
        used = [key for key in chosen if key]
        if "name" not in used:
            raise forms.ValidationError("「名称」にあたる列を1つ選んでください。")
        for key in set(used):
            if used.count(key) > 1:
                header = BY_KEY[key].header
                raise forms.ValidationError(
                    f"「{header}」が2つの列に選ばれています。1つにしてください。"
                )
        return data

    def mapping(self) -> dict[str, str]:
        return {
            header: self.cleaned_data.get(f"col_{i}") or UNUSED
            for i, header in enumerate(self.headers)
        }
