"""What the public and providers send in: 情報の誤りの報告 and 提供者用の更新リンク.

The forms and the rules behind office/views/reports.py and office/views/links.py:

- A report (Report) comes from anyone, without an account. A honeypot field and a limit per
  sender and hour keep robots out; the sender is kept only as a keyed hash of the address.
- An update link (UpdateLink) lets a provider propose changes to one entry, once, before it
  expires. The proposal (Proposal) changes nothing by itself: a coordinator accepts or
  rejects each field, and what is accepted goes through office.editing.change() like any
  other edit (history, version check, reindex).
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import secrets
import unicodedata
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from django import forms
from django.conf import settings
from django.core import signing
from django.core.validators import MaxLengthValidator, MaxValueValidator
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone

from directory.models import Resource
from office import editing, history
from office.access import MAX_ID
from office.forms import NormalisedFields
from office.models import Proposal, Report, Revision, Staff, UpdateLink

REPORT_BODY_MAX = 2000
REPORT_CONTACT_MAX = 200
REPLY_MAX = 2000
MESSAGE_MAX = 1000
LONG_TEXT_MAX = 4000  # the model's TextFields have no limit of their own
MAX_NUMBER = 2_147_483_647  # a PositiveIntegerField's bound on every database
TOKEN_MAX = 400  # a real token is about 90 characters
HONEYPOT = "website"

MAX_LENGTH_MESSAGE = "%(limit_value)s文字以内で入力してください（いまは%(show_value)s文字です）。"


# --- 情報の誤りの報告 ------------------------------------------------------------------------


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
    resource = Resource.objects.public().filter(pk=pk).first() if 0 < pk <= MAX_ID else None
    if resource is None:
        raise Http404("この地域資源は見つかりません。")
    return resource


def sender_hash(request: HttpRequest) -> str:
    """A keyed hash of the sender's address: enough to count their reports, not to find them."""
    address = str(request.META.get("REMOTE_ADDR") or "")
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


def visible_reports(staff: Staff) -> QuerySet[Report]:
    """The reports this person's inbox holds.

    管理者: all. コーディネーター: those on resources in their areas. 閲覧者: all (read only).
    Reports on deleted resources only the 管理者 sees.
    """
    reports = Report.objects.select_related("resource", "handled_by")
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


def mark_done(report: Report, user, reply: str) -> bool:
    """対応済み with the reply; False when someone else marked it first."""
    now = timezone.now()
    done = Report.objects.filter(pk=report.pk, status=Report.Status.OPEN).update(
        status=Report.Status.DONE, handled_by=user, handled_at=now, reply=reply
    )
    report.refresh_from_db()
    return bool(done)


# --- 提供者用の更新リンク ------------------------------------------------------------------

TOKEN_SALT = "sasaeai.update-link"


def link_days() -> int:
    return int(getattr(settings, "SASAEAI_UPDATE_LINK_DAYS", 30))


class LinkState:
    ACTIVE = "active"
    USED = "used"
    EXPIRED = "expired"
    REVOKED = "revoked"
    LABELS = {
        ACTIVE: "有効",
        USED: "使用済み",
        EXPIRED: "期限切れ",
        REVOKED: "取り消し",
    }


def link_state(link: UpdateLink, now: datetime.datetime | None = None) -> str:
    if link.used_at is not None:
        return LinkState.USED
    if link.revoked_at is not None:
        return LinkState.REVOKED
    if link.expires_at <= (now or timezone.now()):
        return LinkState.EXPIRED
    return LinkState.ACTIVE


def make_token(link: UpdateLink) -> str:
    return signing.dumps({"l": link.pk, "n": link.nonce}, salt=TOKEN_SALT)


def create_link(resource: Resource, user) -> tuple[UpdateLink, str]:
    """A new link for the resource, and its token (shown once, never stored)."""
    link = UpdateLink.objects.create(
        resource=resource,
        created_by=user if getattr(user, "pk", None) else None,
        expires_at=timezone.now() + datetime.timedelta(days=link_days()),
        nonce=secrets.token_urlsafe(16),
    )
    return link, make_token(link)


def revoke_link(link: UpdateLink) -> bool:
    """取り消し: only a link that is still unused and not yet revoked."""
    done = UpdateLink.objects.filter(
        pk=link.pk, used_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())
    link.refresh_from_db()
    return bool(done)


class LinkProblem:
    """Why a provider link cannot be used, each with its status and Japanese explanation."""

    INVALID = "invalid"
    EXPIRED = "expired"
    USED = "used"
    REVOKED = "revoked"
    ENDED = "ended"
    STATUS = {INVALID: 404, EXPIRED: 410, USED: 410, REVOKED: 410, ENDED: 410}
    TITLES = {
        INVALID: "このリンクは正しくありません。",
        EXPIRED: "有効期限が切れたリンクです",
        USED: "このリンクはすでに使われています。",
        REVOKED: "このリンクは取り消されています。",
        ENDED: "この情報の掲載は終わっています。",
    }
    MESSAGES = {
        INVALID: (
            "アドレス（URL）が途中で切れているか、どこかが違っている可能性があります。"
            "届いたメールなどのアドレスを、最後までそのまま開いてください。"
        ),
        EXPIRED: (
            "このリンクは有効期限が切れています。"
            "担当の生活支援コーディネーターに新しいリンクをご依頼ください。"
        ),
        USED: (
            "このリンクからは、すでに変更の内容が送られています。"
            "リンクは1回だけ使えます。もう一度変更したいときは、"
            "担当の生活支援コーディネーターに新しいリンクをご依頼ください。"
        ),
        REVOKED: (
            "このリンクは担当の生活支援コーディネーターが取り消したため、使えません。"
            "必要なときは、担当の生活支援コーディネーターにお問い合わせください。"
        ),
        ENDED: (
            "この情報はサイトに掲載されなくなったため、このリンクは使えません。"
            "ご不明な点は、担当の生活支援コーディネーターにお問い合わせください。"
        ),
    }


def resolve_token(token: str) -> tuple[UpdateLink | None, str | None]:
    """The link a token names and why it cannot be used (None: it can be used).

    A token that is not ours, or names no link, is INVALID (no link returned); an expired,
    used or revoked one, or one for a deleted entry, returns the link with the reason.
    """
    if not token or len(token) > TOKEN_MAX:
        return None, LinkProblem.INVALID
    expired = False
    try:
        data = signing.loads(token, salt=TOKEN_SALT, max_age=link_days() * 86400)
    except signing.SignatureExpired:
        # A genuine token, only too old: still find its link to say so.
        expired = True
        try:
            data = signing.loads(token, salt=TOKEN_SALT)
        except (signing.BadSignature, ValueError, TypeError, UnicodeError):
            return None, LinkProblem.INVALID
    except (signing.BadSignature, ValueError, TypeError, UnicodeError):
        return None, LinkProblem.INVALID
    if not isinstance(data, dict):
        return None, LinkProblem.INVALID
    pk, nonce = data.get("l"), data.get("n")
    if not (isinstance(pk, int) and 0 < pk <= MAX_ID and isinstance(nonce, str)):
        return None, LinkProblem.INVALID
    link = UpdateLink.objects.select_related("resource").filter(pk=pk, nonce=nonce).first()
    if link is None:
        return None, LinkProblem.INVALID
    state = link_state(link)
    if state == LinkState.USED:
        return link, LinkProblem.USED
    if state == LinkState.REVOKED:
        return link, LinkProblem.REVOKED
    if expired or state == LinkState.EXPIRED:
        return link, LinkProblem.EXPIRED
    if link.resource.status == Resource.Status.DELETED:
        return link, LinkProblem.ENDED
    return link, None


def mailto_href(resource: Resource, url: str, link: UpdateLink, sender: str) -> str:
    """A mailto: link to the resource's address, with a ready-written Japanese message."""
    if not resource.email:
        return ""
    expires = timezone.localtime(link.expires_at)
    subject = f"「{resource.name}」の掲載内容のご確認のお願い"
    body = (
        "{name} ご担当者さま\n\n"
        "{site}に掲載している「{name}」の情報を、下のリンクから確認していただけますか。"
        "変わったところがあれば、その画面で直して送ってください。"
        "いただいた内容は、生活支援コーディネーターが確認してから掲載します。\n\n"
        "{url}\n\n"
        "・アカウントやパスワードは必要ありません。\n"
        "・リンクは1回だけ使えます。\n"
        "・有効期限：{expires}まで\n\n"
        "{sender}"
    ).format(
        name=resource.name,
        site=settings.SASAEAI_SITE_NAME,
        url=url,
        expires=f"{expires.year}年{expires.month}月{expires.day}日",
        sender=sender,
    )
    return (
        "mailto:"
        + quote(resource.email, safe="@")
        + "?subject="
        + quote(subject, safe="")
        + "&body="
        + quote(body, safe="")
    )


# Fields a provider may propose changes to; never the internal ones.
PROVIDER_FIELDS = [
    "name",
    "kana",
    "description",
    "keywords",
    "eligibility",
    "fee_amount",
    "fee_note",
    "booking",
    "booking_note",
    "capacity",
    "venue_name",
    "postal_code",
    "address",
    "phone",
    "fax",
    "email",
    "url",
    "barrier_free",
    "parking",
    "schedule_note",
]
PROVIDER_GROUPS = [
    ("about", "活動の名前と内容", ["name", "kana", "description", "keywords", "eligibility"]),
    (
        "fee",
        "料金と申し込み",
        ["fee_amount", "fee_note", "booking", "booking_note", "capacity"],
    ),
    ("schedule", "日程", ["schedule_note"]),
    ("place", "場所", ["venue_name", "postal_code", "address", "barrier_free", "parking"]),
    ("contact", "問い合わせ先", ["phone", "fax", "email", "url"]),
]
LONG_TEXT_FIELDS = ("description", "eligibility", "schedule_note")


class WholeNumberField(forms.IntegerField):
    """A number as people type it: 「２００」「1,000円」「20人」 are 200, 1000 and 20."""

    widget = forms.TextInput

    def to_python(self, value: Any) -> int | None:
        if isinstance(value, str):
            value = unicodedata.normalize("NFKC", value).strip()
            value = value.replace(",", "").removesuffix("円").removesuffix("人").strip()
        return super().to_python(value)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        return {"inputmode": "numeric", "autocomplete": "off"}


class ProviderForm(NormalisedFields, forms.ModelForm):
    """What a provider may change, checked by the model fields' own validators."""

    message = forms.CharField(
        label="コーディネーターへのひとこと",
        required=False,
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="開催日時が変わったときなど、伝えたいことがあれば書いてください。",
        error_messages={"max_length": MAX_LENGTH_MESSAGE},
    )

    class Meta:
        model = Resource
        fields = PROVIDER_FIELDS
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "eligibility": forms.Textarea(attrs={"rows": 2}),
            "schedule_note": forms.Textarea(attrs={"rows": 3}),
            "booking": forms.RadioSelect,
            "phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
            "fax": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
            "postal_code": forms.TextInput(
                attrs={"inputmode": "numeric", "autocomplete": "postal-code"}
            ),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "url": forms.URLInput(attrs={"autocomplete": "url"}),
        }
        field_classes = {"fee_amount": WholeNumberField, "capacity": WholeNumberField}
        help_texts = {
            "kana": "カタカナで入力してください（例：インナイヒダマリサロン）。",
            "keywords": (
                "検索で見つけてほしい言葉を、空白で区切って入力します（例：体操 茶話会）。"
            ),
            "fee_amount": "1回あたりの金額を数字で入力します。無料のときは0にします。",
            "capacity": "人数を数字で入力します。決まっていなければ空欄にします。",
            "schedule_note": "開催日時の補足です（例：8月はお休みです）。",
            "postal_code": "例：260-0013",
            "phone": "例：043-245-5111",
            "fax": "例：043-245-5112",
            "email": "例：info@example.jp",
            "url": "https:// から始まるアドレスを入力します。",
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name in LONG_TEXT_FIELDS:
                field.max_length = LONG_TEXT_MAX
                field.validators.append(MaxLengthValidator(LONG_TEXT_MAX))
            if isinstance(field, forms.CharField) and field.max_length:
                field.widget.attrs["maxlength"] = str(field.max_length)
                field.error_messages["max_length"] = MAX_LENGTH_MESSAGE
            if isinstance(field, forms.IntegerField):
                field.max_value = MAX_NUMBER
                field.validators.append(MaxValueValidator(MAX_NUMBER))
                field.error_messages["invalid"] = "半角か全角の数字だけで入力してください。"
                field.error_messages["min_value"] = "0以上の数字で入力してください。"
                field.error_messages["max_value"] = (
                    "数字が大きすぎます。正しい数字か確かめてください。"
                )
        self.fields["name"].error_messages["required"] = "名称を入力してください。"
        self.fields["booking"].error_messages["required"] = "参加方法を選んでください。"
        self.fields["booking"].error_messages["invalid_choice"] = "参加方法を選び直してください。"

    def groups(self) -> list[dict[str, Any]]:
        return [
            {"key": key, "title": title, "fields": [self[name] for name in names]}
            for key, title, names in PROVIDER_GROUPS
        ]


def current_values(resource: Resource) -> dict[str, Any]:
    """The provider fields of the resource as JSON, the way a snapshot keeps them."""
    return {
        name: history._plain(getattr(resource, Resource._meta.get_field(name).attname))
        for name in PROVIDER_FIELDS
    }


def submit_proposal(
    link: UpdateLink, base_values: dict[str, Any], form: ProviderForm
) -> Proposal | None:
    """Keep what the provider changed, and use the link up; None if it was used meanwhile.

    `base_values` is what the provider was shown (taken before the form was bound: a bound
    ModelForm writes its values onto its instance).
    """
    changes: dict[str, Any] = {}
    base: dict[str, Any] = {}
    for name in PROVIDER_FIELDS:
        value = history._plain(form.cleaned_data.get(name))
        if value != base_values.get(name):
            changes[name] = value
            base[name] = base_values.get(name)
    with transaction.atomic():
        claimed = UpdateLink.objects.filter(
            pk=link.pk, used_at__isnull=True, revoked_at__isnull=True
        ).update(used_at=timezone.now())
        if not claimed:
            return None
        return Proposal.objects.create(
            link=link,
            resource=link.resource,
            changes=changes,
            base=base,
            message=form.cleaned_data.get("message", ""),
        )


# --- Reviewing a proposal ----------------------------------------------------------------

ACCEPT = "accept"
BAD_VERSION = "画面の情報が正しくありません。画面を開き直してから、もう一度選んでください。"
REJECT = "reject"


@dataclass
class ProposalItem:
    name: str
    label: str
    current: str
    proposed: str
    seen: str  # what the provider saw when they wrote it
    moved: bool  # the entry changed in this field since the provider saw it
    same: bool  # the entry already holds the proposed value
    decision: bool | None  # once decided: accepted or not


def proposed_fields(proposal: Proposal) -> list[str]:
    """The proposed fields a provider may change, in the form's order."""
    changes = proposal.changes if isinstance(proposal.changes, dict) else {}
    return [name for name in PROVIDER_FIELDS if name in changes]


def proposal_items(proposal: Proposal, resource: Resource) -> list[ProposalItem]:
    now = current_values(resource)
    base = proposal.base if isinstance(proposal.base, dict) else {}
    decisions = proposal.decisions if isinstance(proposal.decisions, dict) else {}
    items = []
    for name in proposed_fields(proposal):
        value = proposal.changes[name]
        items.append(
            ProposalItem(
                name=name,
                label=history.label(name),
                current=history.display(name, now[name]),
                proposed=history.display(name, value),
                seen=history.display(name, base.get(name)),
                moved=base.get(name) != now[name],
                same=value == now[name],
                decision=decisions.get(name) if name in decisions else None,
            )
        )
    return items


class DecisionForm(forms.Form):
    """採用する／採用しない for each proposed field; 採用しない unless chosen."""

    version = forms.IntegerField(
        label="画面を開いたときの版",
        widget=forms.HiddenInput,
        required=False,
        min_value=0,
        max_value=MAX_ID,
        error_messages={
            "invalid": BAD_VERSION,
            "min_value": BAD_VERSION,
            "max_value": BAD_VERSION,
        },
    )

    def __init__(self, *args, proposal: Proposal, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.names = proposed_fields(proposal)
        for name in self.names:
            self.fields[f"decide_{name}"] = forms.ChoiceField(
                label=history.label(name),
                choices=[(ACCEPT, "採用する"), (REJECT, "採用しない")],
                initial=REJECT,
                widget=forms.RadioSelect,
                error_messages={
                    "required": "採用するか、しないかを選んでください。",
                    "invalid_choice": "採用するか、しないかを選び直してください。",
                },
            )

    def accepted(self) -> set[str]:
        return {name for name in self.names if self.cleaned_data.get(f"decide_{name}") == ACCEPT}

    def field_for(self, name: str) -> forms.BoundField:
        return self[f"decide_{name}"]


class AlreadyDecidedError(Exception):
    """Someone decided the proposal first."""


def decision_comment(proposal: Proposal, accepted: set[str]) -> str:
    """「提供者の提案：採用 電話番号・料金（円）／不採用 名称」"""
    names = proposed_fields(proposal)
    if not names:
        return "提供者の提案：変更の提案なし"
    taken = [history.label(n) for n in names if n in accepted]
    left = [history.label(n) for n in names if n not in accepted]
    parts = [
        "採用 {fields}".format(fields="・".join(taken)) if taken else "採用なし",
    ]
    if left:
        parts.append("不採用 {fields}".format(fields="・".join(left)))
    return "提供者の提案：{parts}".format(parts="／".join(parts))


def decide(proposal: Proposal, user, accepted: set[str], version: int | None = None) -> Revision:
    """Apply the accepted fields and record the decision, all or nothing.

    Always a revision, even when nothing is accepted: the history shows the decision.
    Raises AlreadyDecidedError, or editing.EditConflictError if the resource moved on from
    `version` (then nothing is saved, the proposal stays 確認待ち).
    """
    names = proposed_fields(proposal)
    decisions = {name: name in accepted for name in names}

    def mutate(resource: Resource) -> None:
        for name in names:
            if decisions[name]:
                field = Resource._meta.get_field(name)
                setattr(resource, field.attname, field.to_python(proposal.changes[name]))
        if decisions.get("address"):
            editing.follow_address(resource)

    with transaction.atomic():
        claimed = Proposal.objects.filter(pk=proposal.pk, status=Proposal.Status.PENDING).update(
            status=Proposal.Status.DECIDED,
            decisions=decisions,
            decided_by=user,
            decided_at=timezone.now(),
        )
        if not claimed:
            raise AlreadyDecidedError
        revision = editing.change(
            proposal.resource,
            user,
            Revision.Action.PROPOSAL,
            mutate,
            version=version,
            comment=decision_comment(proposal, accepted),
        )
    proposal.refresh_from_db()
    return revision


def pending_proposals(staff: Staff) -> QuerySet[Proposal]:
    """確認待ち proposals on resources this person may change (for a dashboard)."""
    return Proposal.objects.filter(
        status=Proposal.Status.PENDING, resource__in=staff.editable()
    ).select_related("resource")
