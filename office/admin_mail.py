"""The お知らせメール in Django's admin, for the 管理者: what was sent and what failed (and
why), read-only, for their own city's coordinators only."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from office.admin import CityAdminOnly
from office.models import MailNotice, SentMail, Staff


def own_city(request: HttpRequest) -> int | None:
    if request.user.pk is None:
        return None
    staff = Staff.objects.filter(user_id=request.user.pk).first()
    return staff.municipality_id if staff else None


class ReadOnly(CityAdminOnly):
    def has_add_permission(self, request: HttpRequest, *args) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(MailNotice)
class MailNoticeAdmin(ReadOnly, admin.ModelAdmin):
    list_display = [
        "created_at",
        "staff",
        "kind",
        "object_id",
        "mode",
        "sent_at",
        "attempts",
        "error",
    ]
    list_filter = ["kind", "mode", ("sent_at", admin.EmptyFieldListFilter)]

    def get_queryset(self, request: HttpRequest):
        return (
            super()
            .get_queryset(request)
            .filter(staff__municipality_id=own_city(request))
            .select_related("staff__user")
        )


@admin.register(SentMail)
class SentMailAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["sent_at", "address", "subject", "form", "items"]
    list_filter = ["form"]

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).filter(user__staff__municipality_id=own_city(request))
