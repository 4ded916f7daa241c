"""「アカウント」: the person's own e-mail address and お知らせメール settings."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from office import account as account_rules
from office import notices
from office.access import StaffRequest, staff_required
from office.views.reports import see_other


@staff_required
@require_http_methods(["GET", "POST"])
def account(request: StaffRequest) -> HttpResponse:
    staff = request.staff
    form = account_rules.AccountForm(request.POST or None, staff=staff)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "メールの設定を保存しました。")
        return see_other(reverse("office-account"))
    context = {
        "form": form,
        "gets_mail": notices.gets_mail(staff),
        "mails": account_rules.recent_mails(staff),
        "unsent": account_rules.unsent(staff),
    }
    return render(request, "office/account.html", context, status=400 if form.errors else 200)
