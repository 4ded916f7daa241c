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


def admin_staff(request: HttpRequest) -> Staff | None:
    """The person's Staff row when they are a 管理者 (of a city or of the installation)."""
    user = request.user
    if not (user.is_active and user.is_authenticated):
        return None
    if not hasattr(request, "_admin_staff"):  # asked for every model on a page: once
        from office.access import get_staff

        staff = get_staff(request)
        request._admin_staff = staff if staff is not None and staff.is_admin else None  # type: ignore[attr-defined]
    return request._admin_staff  # type: ignore[attr-defined]


def is_city_admin(request: HttpRequest) -> bool:
    return admin_staff(request) is not None


def is_installation_admin(request: HttpRequest) -> bool:
    staff = admin_staff(request)
    return staff is not None and staff.is_installation_admin


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


class OwnCity:
    """A city's 管理者 sees and changes their city's rows only; the 全体の管理者 all of them.
    `city` is the lookup from the row to its municipality's id."""

    city = "municipality_id"

    def get_queryset(self, request: HttpRequest):
        rows = super().get_queryset(request)  # type: ignore[misc]
        staff = admin_staff(request)
        if staff is None:
            return rows.none()
        if staff.is_installation_admin:
            return rows
        return self.of_city(rows, staff)

    def of_city(self, rows, staff: Staff):
        return rows.filter(**{self.city: staff.municipality_id})


def city_areas(request: HttpRequest):
    """Areas a 管理者 may hand out: their city's (the 全体の管理者: every city's)."""
    from areas.models import Area

    areas = Area.objects.exclude(kind=Area.Kind.TOWN).order_by("path")
    staff = admin_staff(request)
    if staff is None or staff.is_installation_admin:
        return areas
    return areas.filter(municipality_id=staff.municipality_id)


class StaffInline(CityAdminOnly, admin.StackedInline):
    model = Staff
    can_delete = False
    filter_horizontal = ["areas"]
    verbose_name_plural = "役割と担当地域"

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "areas":
            kwargs["queryset"] = city_areas(request)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "municipality":
            kwargs["queryset"] = city_areas(request).filter(kind="municipality")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "role" and not is_installation_admin(request):
            # A city's 管理者 never makes a 全体の管理者.
            kwargs["choices"] = [c for c in Staff.Role.choices if c[0] != Staff.Role.INSTALLATION]
        return super().formfield_for_choice_field(db_field, request, **kwargs)


admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class AccountAdmin(CityAdminOnly, OwnCity, UserAdmin):
    city = "staff__municipality_id"
    inlines = [StaffInline]
    list_display = ["username", "last_name", "first_name", "is_active", "role"]
    list_filter = ["is_active", "staff__role"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        ("氏名・連絡先", {"fields": ["last_name", "first_name", "email"]}),
        ("利用", {"fields": ["is_active", "last_login", "date_joined"]}),
    ]
    readonly_fields = ["last_login", "date_joined"]

    def get_queryset(self, request: HttpRequest):
        rows = super().get_queryset(request)
        if is_installation_admin(request):
            return rows
        # A city's 管理者: their city's accounts, never the installation's.
        return rows.exclude(staff__role=Staff.Role.INSTALLATION).exclude(is_superuser=True)

    def save_formset(self, request, form, formset, change) -> None:
        staff = admin_staff(request)
        if staff is not None and not staff.is_installation_admin:
            for inline_form in formset.forms:
                instance = inline_form.instance
                if isinstance(instance, Staff):
                    instance.municipality_id = staff.municipality_id  # their own city only
        super().save_formset(request, form, formset, change)

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        # The 全体の管理者 left 市区町村 blank: the account works in the city of its areas
        # (Staff.save could not know them before they were saved).
        staff = Staff.objects.filter(user=form.instance).first()
        if staff is not None and is_installation_admin(request) and not staff.is_admin:
            city = staff.municipality_of_areas()
            if city is not None and city.pk != staff.municipality_id:
                Staff.objects.filter(pk=staff.pk).update(municipality=city)

    @admin.display(description="役割")
    def role(self, user: User) -> str:
        staff = getattr(user, "staff", None)
        return staff.get_role_display() if staff else "—"


@admin.register(Category)
class CategoryAdmin(CityAdminOnly, admin.ModelAdmin):
    """Categories are shared by every city: a city's 管理者 reads them, the 全体の管理者 changes them."""

    list_display = ["code", "name", "short_name", "parent", "sort_order"]
    search_fields = ["code", "name"]

    def has_add_permission(self, request: HttpRequest, *args) -> bool:
        return is_installation_admin(request)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return is_installation_admin(request)


@admin.register(Provider)
class ProviderAdmin(CityAdminOnly, OwnCity, admin.ModelAdmin):
    list_display = ["name", "kind", "municipality", "phone", "is_sample"]
    list_filter = ["kind", "is_sample"]
    search_fields = ["name", "kana"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "municipality":
            kwargs["queryset"] = city_areas(request).filter(kind="municipality")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


# django-axes' lock-outs: the 管理者 sees who is locked out and unlocks them by deleting the
# attempt row (the log of past log-ins stays, read-only).
for axes_model in (AccessAttempt, AccessLog, AccessFailureLog):
    if admin.site.is_registered(axes_model):
        admin.site.unregister(axes_model)


class OwnCityAccounts(OwnCity):
    """Lock-outs and log-ins of the city's own accounts only (the 全体の管理者: all)."""

    def of_city(self, rows, staff: Staff):
        names = User.objects.filter(staff__municipality_id=staff.municipality_id)
        return rows.filter(username__in=names.values("username"))


@admin.register(AccessAttempt)
class LockoutAdmin(CityAdminOnly, OwnCityAccounts, admin.ModelAdmin):
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
class AccessLogAdmin(CityAdminOnly, OwnCityAccounts, admin.ModelAdmin):
    list_display = ["username", "ip_address", "attempt_time", "logout_time"]
    search_fields = ["username", "ip_address"]

    def has_add_permission(self, request: HttpRequest, *args) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


# Places: the area tree's names, a municipality's 市外局番 and the landmark list (a module of its own, for its length).
# お知らせメール: what was sent and what failed (read-only).
from office import admin_areas, admin_mail  # noqa: E402, F401
