"""「アカウント」 (/office/account/): a person's own e-mail address and how they are told of
new reports, proposals and ideas (office/notices.py)."""

from __future__ import annotations

from django import forms

from office import notices
from office.forms import FieldLayout
from office.models import MailMode, MailNotice, SentMail, Staff

SHOWN_MAILS = 10


class AccountForm(FieldLayout, forms.Form):
    email = forms.EmailField(
        label="メールアドレス",
        required=False,
        max_length=254,
        help_text="お知らせメールの宛先です。空欄にすると、お知らせメールは届きません。",
        error_messages={
            "invalid": "メールアドレスの形（例：name@city.example.jp）で書いてください。"
        },
    )

    def __init__(self, *args, staff: Staff, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.staff = staff
        self.fields["email"].initial = staff.user.email
        if not notices.gets_mail(staff):
            return
        chosen = notices.modes(staff)
        for kind in notices.kinds():
            choice = forms.ChoiceField(
                label=kind.label,
                choices=MailMode.choices,
                initial=chosen[kind.code],
                widget=forms.RadioSelect,
                help_text=kind.reason,
                error_messages={"required": f"「{kind.label}」の受け取り方を選んでください。"},
            )
            choice.template_name = "office/_field.html"  # type: ignore[attr-defined]
            self.fields[f"mail_{kind.code}"] = choice

    def save(self) -> None:
        user = self.staff.user
        if user.email != self.cleaned_data["email"]:
            user.email = self.cleaned_data["email"]
            user.save(update_fields=["email"])
        notices.save_modes(
            self.staff,
            {
                kind.code: self.cleaned_data[f"mail_{kind.code}"]
                for kind in notices.kinds()
                if f"mail_{kind.code}" in self.cleaned_data
            },
        )


def recent_mails(staff: Staff) -> list[SentMail]:
    return list(SentMail.objects.filter(user=staff.user)[:SHOWN_MAILS])


def unsent(staff: Staff) -> list[MailNotice]:
    """This person's notices not sent yet because the mail server failed (with why)."""
    return list(
        MailNotice.objects.filter(staff=staff, sent_at__isnull=True)
        .exclude(error="")
        .order_by("-created_at")[:SHOWN_MAILS]
    )
