"""提供者からの提案: what a provider sends through an update link, and its review.

The proposal (Proposal) changes nothing by itself: a coordinator accepts or rejects each
field, and what is accepted goes through office.editing.change() like any other edit
(history, version check, reindex).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.validators import MaxLengthValidator, MaxValueValidator
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from directory.models import Resource
from office import editing, history
from office.forms import MAX_LENGTH_MESSAGE, NormalisedFields, version_field
from office.models import Proposal, Revision, Staff, UpdateLink
from sasaeai.lib.ids import MAX_ID

MESSAGE_MAX = 1000
LONG_TEXT_MAX = 4000  # the model's TextFields have no limit of their own
MAX_NUMBER = 2_147_483_647  # a PositiveIntegerField's bound on every database

PROVIDER_GROUPS = [
    ("about", "活動の名前と内容", ["name", "kana", "description", "keywords", "eligibility"]),
    (
        "fee",
        "料金と申し込み",
        ["fee_amount", "fee_note", "booking", "booking_note", "capacity"],
    ),
    ("schedule", "日程", ["schedule_note"]),
    ("place", "場所", ["venue_name", "postal_code", "address", "barrier_free", "parking"]),
    ("contact", "問い合わせ先", ["phone", "phone_note", "fax", "email", "url"]),
]
# Fields a provider may propose changes to, in the order a version keeps them; never the
# internal ones.
PROVIDER_FIELDS = [
    name for name in history.FIELDS if any(name in names for _, _, names in PROVIDER_GROUPS)
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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name in LONG_TEXT_FIELDS and isinstance(field, forms.CharField):
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
        name: history._plain(getattr(resource, history.model_field(name).attname))
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

    version = version_field(min_value=0, max_value=MAX_ID, message=BAD_VERSION)

    def __init__(self, *args: Any, proposal: Proposal, **kwargs: Any) -> None:
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


def decide(
    proposal: Proposal, user: AbstractBaseUser, accepted: set[str], version: int | None = None
) -> Revision:
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
                field = history.model_field(name)
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
