"""Who may open what in the back office: every /office/ view starts with one of these."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import cast

from django.contrib.auth.models import User
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from directory.models import Resource
from office.models import Staff, installation_staff


class StaffRequest(HttpRequest):
    """What a view behind staff_required is given, for the type checker (no such object is
    made): a request whose user has logged in, with their Staff row as request.staff."""

    user: User
    staff: Staff


def get_staff(request: HttpRequest) -> Staff | None:
    if not request.user.is_authenticated:
        return None
    staff = (
        Staff.objects.filter(user=request.user)
        .select_related("municipality")
        .prefetch_related("areas")
        .first()
    )
    if staff is None and request.user.is_superuser:
        # A superuser made before office.signals existed (or by hand): the installation's
        # 全体の管理者 at once, never a 403 or a log-in loop.
        staff = installation_staff(request.user)
    return staff


def staff_required(
    view: Callable | None = None, *, write: bool = False, admin: bool = False
) -> Callable:
    """Log-in first; then a Staff row (and the right role) or a Japanese 403.

    The view gets request.staff.
    """

    def decorate(func: Callable) -> Callable:
        @wraps(func)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            staff = get_staff(request)
            if staff is None or not request.user.is_active:
                raise PermissionDenied("この画面を使う権限がありません。")
            if write and not staff.can_write:
                raise PermissionDenied("閲覧者のアカウントでは変更できません。")
            if admin and not staff.is_admin:
                raise PermissionDenied("管理者だけが使える画面です。")
            cast(StaffRequest, request).staff = staff
            return func(request, *args, **kwargs)

        return wrapper

    return decorate(view) if view is not None else decorate


def load_resource(request: StaffRequest, pk: int, *, write: bool = False) -> Resource:
    """The resource, if this person may see it (and change it, with write=True).

    Everyone in the back office sees every resource of their city (a 全体の管理者, of every
    city); a deleted one only the 管理者. Another city's is not found (404).
    Changing needs the resource to lie in the person's areas — checked here, on the server,
    whatever the form sent.
    """
    resource = (
        Resource.objects.select_related("town", "provider", "municipality", "status_changed_by")
        .filter(pk=pk)
        .first()
    )
    staff = request.staff
    if (
        resource is None
        or not staff.sees_municipality(resource.municipality_id)
        or (resource.status == Resource.Status.DELETED and not staff.is_admin)
    ):
        raise Http404("この地域資源は見つかりません。")
    if write and not staff.can_edit(resource):
        raise PermissionDenied("この地域資源は担当地域の外にあるため、変更できません。")
    return resource
