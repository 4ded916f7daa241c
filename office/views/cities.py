"""市区町村の切り替え (/office/city/): the 全体の管理者 chooses the city the back office's lists,
new entries and imports are about. Everyone else works in their own city only: the page
names it, and choosing another is refused (403)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from office.access import StaffRequest, staff_required
from office.models import Staff


@staff_required
def city_choice(request: StaffRequest) -> HttpResponse:
    staff = request.staff
    cities = list(staff.cities())
    if request.method == "POST":
        if not staff.is_installation_admin:
            raise PermissionDenied("市区町村を切り替えられるのは全体の管理者だけです。")
        chosen = next((c for c in cities if str(c.pk) == request.POST.get("city")), None)
        if chosen is None:
            messages.error(request, "一覧にある市区町村を選んでください。")
            return render(request, "office/cities.html", {"cities": cities}, status=400)
        Staff.objects.filter(pk=staff.pk).update(municipality=chosen)
        messages.success(request, f"{chosen.name}の画面に切り替えました。")
        return HttpResponseRedirect(reverse("office-dashboard"))
    return render(request, "office/cities.html", {"cities": cities})
