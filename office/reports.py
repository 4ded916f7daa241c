"""情報の誤りの報告: the rules behind the public form and the back-office inbox
(office/views/reports.py).

A report (Report) comes from anyone, without an account. A honeypot field and a limit per
sender and hour keep robots out; the sender is kept only as a keyed hash of the address.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac

from django import forms
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone

from directory.models import Resource
from office.forms import MAX_LENGTH_MESSAGE
from office.models import Report, Staff
from sasaeai.lib.clientaddress import client_address
from sasaeai.lib.ids import is_id

REPORT_BODY_MAX = 2000
REPORT_CONTACT_MAX = 200
REPLY_MAX = 2000
HONEYPOT = "website"


class ReportForm(forms.Form):
    """The public correction form. `website` is the honeypot: people never see it."""

    body = forms.CharField(
        label="どこが違っていますか",
        max_length=REPORT_BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=(
            "違っているところと、正しい内容が分かれば書いてください"
            "（例：開催日が第2水曜日から第3水曜日に変わりました）。"
        ),
        error_messages={
            "required": "どこが違っているかを書いてください。",
            "max_length": MAX_LENGTH_MESSAGE,
        },
    )
    contact = forms.CharField(
        label="連絡先",
        required=False,
        max_length=REPORT_CONTACT_MAX,
        help_text=(
            "お返事や確認が必要なときのために、お名前と電話番号かメールアドレスを書いてください。"
            "書かなくても送れます。連絡先は担当者だけが見て、公開されません。"
        ),
        error_messages={"max_length": MAX_LENGTH_MESSAGE},
    )
    website = forms.CharField(
        label="この欄には何も入力しないでください",
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def is_bot(self) -> bool:
        """Only a robot fills in the field people cannot see."""
        return bool(str(self.data.get(HONEYPOT, "")).strip())


class ReportDoneForm(forms.Form):
    reply = forms.CharField(
        label="対応の記録",
        max_length=REPLY_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="何を確認し、どう直したか（直さなかった理由）を書いてください。",
        error_messages={
            "required": "対応の記録を書いてください。",
            "max_length": MAX_LENGTH_MESSAGE,
        },
    )


REPORT_FILTERS = {
    "open": "未対応",
    "done": "対応済み",
    "all": "すべて",
}


def public_resource(pk: int) -> Resource:
    """A resource the public may reach by URL (公開 or 休止中), or a Japanese 404."""
    resource: Resource | None = (
        Resource.objects.public().filter(pk=pk).first() if is_id(pk) else None
    )
    if resource is None:
        raise Http404("この地域資源は見つかりません。")
    return resource


def sender_hash(request: HttpRequest) -> str:
    """A keyed hash of the sender's address: enough to count their reports, not to find them."""
    address = client_address(request)
    return hmac.new(
        settings.SECRET_KEY.encode(), address.encode(errors="replace"), hashlib.sha256
    ).hexdigest()


def reports_per_hour() -> int:
    return int(getattr(settings, "SASAEAI_REPORTS_PER_HOUR", 5))


def over_limit(sender: str, now: datetime.datetime | None = None) -> bool:
    """Has this sender already sent the most reports allowed in the last hour?"""
    since = (now or timezone.now()) - datetime.timedelta(hours=1)
    sent = Report.objects.filter(sender_hash=sender, created_at__gte=since).count()
    return sent >= reports_per_hour()


def save_report(resource: Resource, form: ReportForm, sender: str) -> Report:
    return Report.objects.create(
        resource=resource,
        body=form.cleaned_data["body"],
        contact=form.cleaned_data["contact"],
        sender_hash=sender,
    )


def purge_contacts(
    days: int, *, dry_run: bool = False, now: datetime.datetime | None = None
) -> int:
    """Erase the contact and sender hash of reports received more than `days` days ago."""
    before = (now or timezone.now()) - datetime.timedelta(days=days)
    old = Report.objects.filter(created_at__lt=before).exclude(contact="", sender_hash="")
    if dry_run:
        return old.count()
    return old.update(contact="", sender_hash="")


def visible_reports(staff: Staff) -> QuerySet[Report]:
    """The reports this person's inbox holds.

    Of the person's city only (the one a 全体の管理者 has chosen). 管理者: all of it.
    コーディネーター: those on resources in their areas. 閲覧者: all (read only). Reports on
    deleted resources only the 管理者 sees.
    """
    reports = Report.objects.select_related("resource", "handled_by").filter(
        resource__municipality_id=staff.municipality_id
    )
    if staff.is_admin:
        return reports
    reports = reports.exclude(resource__status=Resource.Status.DELETED)
    if staff.role == Staff.Role.COORDINATOR:
        return reports.filter(resource__in=Resource.objects.filter(staff.coverage_q()))
    if staff.role == Staff.Role.VIEWER:
        return reports
    return reports.none()


def filter_reports(reports: QuerySet[Report], key: str) -> QuerySet[Report]:
    if key == "open":
        reports = reports.filter(status=Report.Status.OPEN)
    elif key == "done":
        reports = reports.filter(status=Report.Status.DONE)
    return reports.order_by("-created_at", "-pk")


def report_counts(reports: QuerySet[Report]) -> dict[str, int]:
    counts = reports.aggregate(
        open=Count("pk", filter=Q(status=Report.Status.OPEN)),
        done=Count("pk", filter=Q(status=Report.Status.DONE)),
    )
    counts["all"] = counts["open"] + counts["done"]
    return counts


def open_reports(staff: Staff) -> QuerySet[Report]:
    """未対応 reports in this person's inbox (for a dashboard)."""
    return filter_reports(visible_reports(staff), "open")


def mark_done(report: Report, user: AbstractBaseUser, reply: str) -> bool:
    """対応済み with the reply; False when someone else marked it first."""
    now = timezone.now()
    done = Report.objects.filter(pk=report.pk, status=Report.Status.OPEN).update(
        status=Report.Status.DONE, handled_by=user, handled_at=now, reply=reply
    )
    report.refresh_from_db()
    return bool(done)
