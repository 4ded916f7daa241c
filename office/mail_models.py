"""お知らせメール: what each person asked to be told by e-mail, and what was (to be) sent.

Glossary (sasaeai/glossary.py): お知らせメール = MailNotice, メールの受け取り方 =
MailPreference.mode, まとめて送るお知らせ = MailNotice.Mode.DAILY, 送ったメール = SentMail.
The rules are in office/notices.py (who, when) and office/mailing.py (what a mail says).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from office.models import Staff

__all__ = ["MailMode", "MailNotice", "MailPreference", "SentMail"]


class MailMode(models.TextChoices):
    NOW = "now", "届いたらすぐに"
    DAILY = "daily", "1日1回まとめて"
    OFF = "off", "受け取らない"


class MailPreference(models.Model):
    """One person's choice for one kind of item (no row: the kind's default)."""

    staff = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="mail_preferences")
    # A kind registered in office.notices (report, proposal, or an app's: fieldwork's idea).
    kind = models.CharField(max_length=20)
    mode = models.CharField("受け取り方", max_length=10, choices=MailMode.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["staff", "kind"], name="mail_preference_unique")
        ]
        verbose_name = "メールの受け取り方"
        verbose_name_plural = "メールの受け取り方"

    def __str__(self) -> str:
        return f"{self.staff}: {self.kind} {self.get_mode_display()}"


class SentMail(models.Model):
    """A mail handed to the mail server: to whom, what about, when (never its body)."""

    class Form(models.TextChoices):
        NOW = "now", "すぐに"
        DIGEST = "digest", "まとめ"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    address = models.EmailField("宛先")
    subject = models.CharField("件名", max_length=200)
    form = models.CharField("送り方", max_length=10, choices=Form.choices)
    items = models.PositiveIntegerField("お知らせの数")
    sent_at = models.DateTimeField("送った日時", default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = "送ったメール"
        verbose_name_plural = "送ったメール"

    def __str__(self) -> str:
        return f"{self.address} {self.subject}"


class MailNotice(models.Model):
    """One item (a report, a proposal, an idea) to tell one person about, and whether it was.

    One row per person and item (unique), so an item is announced once however often its
    announcement runs, and a digest takes each row once: `sent` is set when the mail server
    took the mail. `claim` marks rows a sender is working on, so two senders (the worker and
    send_digests) never send the same row twice."""

    staff = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="mail_notices")
    kind = models.CharField(max_length=20)
    object_id = models.PositiveIntegerField()
    mode = models.CharField(max_length=10, choices=MailMode.choices)
    # The site's address where the item arrived (SASAEAI_SITE_URL wins when set).
    site_url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent = models.ForeignKey(
        SentMail, null=True, blank=True, on_delete=models.SET_NULL, related_name="notices"
    )
    sent_at = models.DateTimeField(null=True, blank=True, db_index=True)
    claim = models.CharField(max_length=32, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField("送ろうとした回数", default=0)
    # Why the last attempt failed, in plain Japanese (the log holds the server's answer).
    error = models.CharField("送れなかった理由", max_length=200, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["staff", "kind", "object_id"], name="mail_notice_unique"
            )
        ]
        indexes = [models.Index(fields=["kind", "object_id"], name="mail_notice_item")]
        verbose_name = "お知らせメール"
        verbose_name_plural = "お知らせメール"

    def __str__(self) -> str:
        return f"{self.staff} {self.kind} {self.object_id}"
