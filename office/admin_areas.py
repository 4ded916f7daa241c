"""The 管理者's tools for places: the area tree's names (よみがな, 別名) and the landmark list
近くを探す understands, with a CSV import (areas/landmarks.py checks the whole file first)."""

from __future__ import annotations

import re
import unicodedata

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from areas import landmarks
from areas.models import Area, Landmark
from office.admin import CityAdminOnly, OwnCity, city_areas, is_city_admin, is_installation_admin

AREA_CODE_HELP = (
    "市外局番を付けずに書かれた7桁の電話番号（「754-3775」）を取り込むとき、この番号を前に付けて"
    "電話をかけられる番号にします（千葉市は 043）。0 で始まる2～5桁の数字です。"
    "市内で市外局番が1つに決まらないときや分からないときは空欄にしてください。"
    "空欄なら7桁の番号は書かれたとおり「電話の補足」に残り、電話のボタンにはなりません。"
)


class AreaForm(forms.ModelForm):
    class Meta:
        model = Area
        fields = ["kana", "aliases", "phone_area_code"]
        help_texts = {"phone_area_code": AREA_CODE_HELP}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields.get("phone_area_code")
        if isinstance(field, forms.CharField):
            # 「０４３－」 or 「043456」 is longer than the column: let clean_phone_area_code
            # name the rule instead of a bare length error.
            field.max_length = 10
            field.validators = []
            field.widget.attrs["maxlength"] = "10"

    def clean_phone_area_code(self) -> str:
        # Full-width digits and a trailing dash (「０４３－」) are how people type it.
        value = unicodedata.normalize("NFKC", self.cleaned_data.get("phone_area_code") or "")
        value = re.sub(r"[\s\-‐‑‒–—―−ー－()（）]", "", value)
        if value and not re.fullmatch(r"0\d{1,4}", value):
            raise forms.ValidationError(
                "市外局番は 0 で始まる2～5桁の数字で入力してください（例：043）。"
            )
        if value and value[1:2] == "0":
            raise forms.ValidationError("「00」で始まる番号は市外局番ではありません（例：043）。")
        return value


@admin.register(Area)
class AreaAdmin(CityAdminOnly, OwnCity, admin.ModelAdmin):
    """Names and a municipality's 市外局番 only: the tree itself comes from the loader
    (codes, parents, points), never from hand edits here. The 市外局番 is what the import
    gives a 7-digit local phone number (transfer/rows.py, sasaeai.lib.phones)."""

    form = AreaForm
    list_display = ["name", "kind", "kana", "aliases", "phone_area_code"]
    list_filter = ["kind"]
    search_fields = ["name", "kana", "aliases"]
    readonly_fields = ["name", "kind", "code"]
    ordering = ["path"]

    def get_fields(self, request: HttpRequest, obj=None) -> tuple[str, ...]:
        fields = ("name", "kind", "code", "kana", "aliases")
        if obj is not None and obj.kind == Area.Kind.MUNICIPALITY:
            return (*fields, "phone_area_code")
        return fields

    def has_add_permission(self, request: HttpRequest, *args) -> bool:
        return False  # areas come from the official town data

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        from areas.place_index import clear_cache

        clear_cache(obj.municipality_id)


class LandmarkImportForm(forms.Form):
    municipality = forms.ModelChoiceField(
        label="市区町村", queryset=Area.objects.municipalities(), empty_label=None
    )
    file = forms.FileField(
        label="CSVファイル",
        help_text=(
            "1行目は見出し（名称,よみがな,種別,緯度,経度）。種別は「駅」か「施設」。"
            f"上限 {landmarks.MAX_BYTES // 1000:,}KB・{landmarks.MAX_ROWS:,}行。"
            "1行でも誤りがあれば、何も取り込みません。"
        ),
    )
    source = forms.CharField(label="出典", max_length=200, required=False)


@admin.register(Landmark)
class LandmarkAdmin(CityAdminOnly, OwnCity, admin.ModelAdmin):
    list_display = ["name", "kana", "kind", "municipality", "lat", "lng", "source"]
    list_filter = ["kind", "municipality"]
    search_fields = ["name", "kana"]
    change_list_template = "admin/areas/landmark/change_list.html"

    def get_list_filter(self, request: HttpRequest):
        # Filtering by city is the 全体の管理者's: a city's 管理者 sees their own only.
        return self.list_filter if is_installation_admin(request) else ["kind"]

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return is_city_admin(request)  # a landmark is referenced by nothing

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="areas_landmark_import",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request: HttpRequest) -> HttpResponse:
        errors: list[str] = []
        form = LandmarkImportForm(request.POST or None, request.FILES or None)
        municipality_field = form.fields["municipality"]
        assert isinstance(municipality_field, forms.ModelChoiceField)
        municipality_field.queryset = city_areas(request).filter(kind=Area.Kind.MUNICIPALITY)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > landmarks.MAX_BYTES:
                errors = [f"ファイルが大きすぎます（上限 {landmarks.MAX_BYTES // 1000:,}KB）。"]
            else:
                result = landmarks.import_csv(
                    form.cleaned_data["municipality"],
                    upload.read(landmarks.MAX_BYTES + 1),
                    form.cleaned_data["source"],
                )
                errors = result.errors
                if not errors:
                    messages.success(
                        request,
                        f"目印を取り込みました（新しく {result.created}件・更新 {result.updated}件）。",
                    )
                    return HttpResponseRedirect(reverse("admin:areas_landmark_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "title": "目印をCSVから取り込む",
            "form": form,
            "errors": errors,
            "opts": self.model._meta,
        }
        return TemplateResponse(
            request,
            "admin/areas/landmark/import.html",
            context,
            status=400 if errors or form.errors else 200,
        )
