"""The 管理者's tools for places: the area tree's names (よみがな, 別名) and the landmark list
近くを探す understands, with a CSV import (areas/landmarks.py checks the whole file first)."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from areas import landmarks
from areas.models import Area, Landmark
from office.admin import CityAdminOnly, is_city_admin


@admin.register(Area)
class AreaAdmin(CityAdminOnly, admin.ModelAdmin):
    """Names only: the tree itself comes from the loader (codes, parents, points)."""

    list_display = ["name", "kind", "kana", "aliases"]
    list_filter = ["kind"]
    search_fields = ["name", "kana", "aliases"]
    fields = ["name", "kind", "code", "kana", "aliases"]
    readonly_fields = ["name", "kind", "code"]
    ordering = ["path"]

    def has_add_permission(self, request: HttpRequest, *args) -> bool:
        return False

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
class LandmarkAdmin(CityAdminOnly, admin.ModelAdmin):
    list_display = ["name", "kana", "kind", "municipality", "lat", "lng", "source"]
    list_filter = ["kind", "municipality"]
    search_fields = ["name", "kana"]
    change_list_template = "admin/areas/landmark/change_list.html"

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
