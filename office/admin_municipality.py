"""The 管理者's page for a municipality's own settings in Django's admin: its 市外局番, which
the import gives to a 7-digit local phone number (transfer/rows.py, sasaeai.lib.phones).

Only municipalities are listed, and only the 市外局番 can be changed: the area tree itself
comes from the official town data (areas/loader.py), never from hand edits here.
"""

from __future__ import annotations

import re
import unicodedata

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from areas.models import Area
from office.admin import CityAdminOnly

AREA_CODE_HELP = (
    "市外局番を付けずに書かれた7桁の電話番号（「754-3775」）を取り込むとき、この番号を前に付けて"
    "電話をかけられる番号にします（千葉市は 043）。0 で始まる2～5桁の数字です。"
    "市内で市外局番が1つに決まらないときや分からないときは空欄にしてください。"
    "空欄なら7桁の番号は書かれたとおり「電話の補足」に残り、電話のボタンにはなりません。"
)


class MunicipalityForm(forms.ModelForm):
    phone_area_code = forms.CharField(
        label="市外局番",
        required=False,
        max_length=10,
        help_text=AREA_CODE_HELP,
    )

    class Meta:
        model = Area
        fields = ["phone_area_code"]

    def clean_phone_area_code(self) -> str:
        # Full-width digits and a trailing dash (「０４３－」) are how people type it.
        value = unicodedata.normalize("NFKC", self.cleaned_data["phone_area_code"] or "")
        value = re.sub(r"[\s\-‐‑‒–—―−ー－()（）]", "", value)
        if value and not re.fullmatch(r"0\d{1,4}", value):
            raise forms.ValidationError(
                "市外局番は 0 で始まる2～5桁の数字で入力してください（例：043）。"
            )
        if value and value[1:2] == "0":
            raise forms.ValidationError("「00」で始まる番号は市外局番ではありません（例：043）。")
        return value


# Area itself, not a proxy model: a proxy would need a migration for a page's title only.
@admin.register(Area)
class MunicipalityAdmin(CityAdminOnly, admin.ModelAdmin):
    form = MunicipalityForm
    list_display = ["name", "code", "prefecture", "phone_area_code"]
    fields = ["name", "code", "prefecture", "phone_area_code"]
    readonly_fields = ["name", "code", "prefecture"]
    search_fields = ["name", "code"]

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).filter(kind=Area.Kind.MUNICIPALITY)

    def changelist_view(self, request: HttpRequest, extra_context=None):
        return super().changelist_view(
            request, {**(extra_context or {}), "title": "市区町村の市外局番"}
        )

    def change_view(self, request: HttpRequest, object_id, form_url="", extra_context=None):
        context = {**(extra_context or {}), "title": "市区町村の市外局番を変更"}
        return super().change_view(request, object_id, form_url, context)

    def has_add_permission(self, request: HttpRequest, *args) -> bool:
        return False  # municipalities come from the official town data
