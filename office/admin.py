"""Django's admin, for the 管理者 only: accounts (with role and areas), categories, providers.

It is a reference-table tool; coordinators work in the /office/ pages. Access is decided by
the Staff role, not by Django's is_staff/permissions, so there is one rule for both.
"""

from __future__ import annotations

from functools import wraps

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group, User
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import reverse_lazy

from directory.models import Category, Provider
from office.models import Staff


def is_city_admin(request: HttpRequest) -> bool:
    user = request.user
    return bool(
        user.is_active
        and user.is_authenticated
        and Staff.objects.filter(user=user, role=Staff.Role.ADMIN).exists()
    )


admin.site.has_permission = is_city_admin  # type: ignore[method-assign]

_admin_view = admin.site.admin_view


def admin_view(view, cacheable: bool = False):
    """Django's admin sends anyone without permission to its log-in page; ours (/office/
    login/) sends a logged-in person straight back, for ever. So: the log-in page for the
    logged-out, a Japanese 403 for a logged-in person who is not the 管理者."""
    inner = _admin_view(view, cacheable)

    @wraps(view)
    def guarded(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_city_admin(request):
            raise PermissionDenied("管理者だけが使える画面です。")
        return inner(request, *args, **kwargs)

    return guarded


# An instance attribute, like has_permission above: admin.site.urls wraps every admin view
# with it (the URLs are built when office/urls.py is loaded, after this module).
admin.site.admin_view = admin_view  # type: ignore[method-assign]
admin.site.site_header = "ささえあい 管理者メニュー"
admin.site.site_title = "管理者メニュー"
admin.site.index_title = "アカウント・分類・実施主体・市区町村"
# Lazy: this module is loaded before the URLs are.
admin.site.site_url = reverse_lazy("office-dashboard")  # type: ignore[assignment]


class CityAdminOnly:
    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_city_admin(request)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return is_city_admin(request)

    def has_add_permission(self, request: HttpRequest, *args) -> bool:
        return is_city_admin(request)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return is_city_admin(request)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        # Categories and providers are referenced by resources (PROTECT); accounts are
        # deactivated rather than deleted so history keeps its names.
        return False


class StaffInline(CityAdminOnly, admin.StackedInline):
    model = Staff
    can_delete = False
    filter_horizontal = ["areas"]
    verbose_name_plural = "役割と担当地域"

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "areas":
            from areas.models import Area

            kwargs["queryset"] = Area.objects.exclude(kind=Area.Kind.TOWN).order_by("path")
        return super().formfield_for_manytomany(db_field, request, **kwargs)


admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class AccountAdmin(CityAdminOnly, UserAdmin):
    inlines = [StaffInline]
    list_display = ["username", "last_name", "first_name", "is_active", "role"]
    list_filter = ["is_active", "staff__role"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        ("氏名・連絡先", {"fields": ["last_name", "first_name", "email"]}),
        ("利用", {"fields": ["is_active", "last_login", "date_joined"]}),
    ]
    readonly_fields = ["last_login", "date_joined"]

    @admin.display(description="役割")
    def role(self, user: User) -> str:
        staff = getattr(user, "staff", None)
        return staff.get_role_display() if staff else "—"


@admin.register(Category)
class CategoryAdmin(CityAdminOnly, admin.ModelAdmin):
    list_display = ["code", "name", "short_name", "parent", "sort_order"]
    search_fields = ["code", "name"]


@admin.register(Provider)
class ProviderAdmin(CityAdminOnly, admin.ModelAdmin):
    list_display = ["name", "kind", "municipality", "phone", "is_sample"]
    list_filter = ["kind", "is_sample"]
    search_fields = ["name", "kana"]


# django-axes' lock-outs: the 管理者 sees who is locked out and unlocks them by deleting the
# attempt row (the log of past log-ins stays, read-only).
for axes_model in (AccessAttempt, AccessLog, AccessFailureLog):
    if admin.site.is_registered(axes_model):
        admin.site.unregister(axes_model)


@admin.register(AccessAttempt)
class LockoutAdmin(CityAdminOnly, admin.ModelAdmin):
    list_display = ["username", "ip_address", "failures_since_start", "attempt_time"]
    search_fields = ["username", "ip_address"]
    readonly_fields = [f.name for f in AccessAttempt._meta.fields]

    def has_add_permission(self, request: HttpRequest, *args) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return is_city_admin(request)  # deleting the attempts lifts the lock-out


@admin.register(AccessLog)
class AccessLogAdmin(CityAdminOnly, admin.ModelAdmin):
    list_display = ["username", "ip_address", "attempt_time", "logout_time"]
    search_fields = ["username", "ip_address"]

    def has_add_permission(self, request: HttpRequest, *args) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


# Places: the area tree's names, a municipality's 市外局番 and the landmark list (a module of its own, for its length).
# お知らせメール: what was sent and what failed (read-only).
from office import admin_areas, admin_mail  # noqa: E402, F401
