"""お知らせメール: what a mail says, and sending it once (office/notices.py says to whom).

A mail names the item (the resource, or the idea's area), where and when it arrived, and a
link to its back-office page — never what the sender wrote or their contact: a mail leaves the
site for mail servers, phones and forwards, where neither the log-in nor the 180-day erasure
of report contacts (`purge_report_contacts`) can reach it; the link asks for the log-in.

Sending is at least once and at most once per MailNotice row as far as the database knows:
rows are claimed first (so the worker and `send_digests` never take the same row), marked
sent when the mail server took the mail, and a failure is recorded on them (attempts, a reason
in Japanese) and logged, never raised: no form and no job breaks on a mail server.
"""

from __future__ import annotations

import datetime
import logging
import secrets
import smtplib
from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import F, Q
from django.utils import timezone

from directory.printing import site_path
from office import notices
from office.models import MailMode, MailNotice, SentMail, Staff

logger = logging.getLogger(__name__)

# A claim older than this belongs to a sender that died (a killed worker): taken again.
STALE_CLAIM = datetime.timedelta(minutes=15)
# An immediate notice still unsent this long after it arrived goes into the daily digest.
LATE = datetime.timedelta(minutes=30)
# After this many failed attempts a notice is left, with its reason, for the 管理者.
MAX_ATTEMPTS = 6
GONE = "お知らせする項目が削除されたか、担当でなくなったため送りませんでした"


def site_name() -> str:
    return settings.SASAEAI_SITE_NAME


def site_base(notices_: Iterable[MailNotice]) -> str:
    """The site's address for links: SASAEAI_SITE_URL, else where the item arrived."""
    configured = settings.SASAEAI_SITE_URL
    if configured:
        return configured.rstrip("/")
    for notice in notices_:
        if notice.site_url:
            return notice.site_url.rstrip("/")
    return "http://127.0.0.1:8000"


def failure_reason(error: BaseException) -> str:
    """Why a mail was not sent, in plain Japanese, from the kind of error."""
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return "メールサーバーにログインできませんでした（EMAIL_HOST_USER と EMAIL_HOST_PASSWORD）"
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return "メールサーバーが宛先を受け付けませんでした（メールアドレスを確かめてください）"
    if isinstance(error, smtplib.SMTPServerDisconnected):
        if isinstance(error.__context__, TimeoutError):  # smtplib wraps a read's timeout
            return "メールサーバーから時間内に返事がありませんでした"
        return "メールサーバーが途中で接続を切りました"
    if isinstance(error, smtplib.SMTPException):
        return "メールサーバーがメールを受け付けませんでした"
    if isinstance(error, TimeoutError):
        return "メールサーバーから時間内に返事がありませんでした"
    if isinstance(error, OSError):
        return "メールサーバーにつながりませんでした（EMAIL_HOST と EMAIL_PORT）"
    return "思いがけないエラーで送れませんでした（記録を管理者が確かめられます）"


# --- What a mail says ------------------------------------------------------------------


def greeting(staff: Staff) -> str:
    user = staff.user
    return f"{user.get_full_name() or user.get_username()} さん"


def footer(base: str) -> list[str]:
    account = f"{base}/{site_path('office-account')}"
    return [
        "--",
        f"{site_name()} 事務局",
        "このメールは、事務局の「アカウント」画面で選んだ受け取り方で送っています。",
        "受け取り方（届いたらすぐに・1日1回まとめて・受け取らない）はこちらで変えられます：",
        account,
    ]


def item_lines(base: str, kind: notices.Kind, item: notices.Item) -> list[str]:
    return [
        f"■ {item.title}（{kind.label}）",
        *[f"  {line}" for line in item.details],
        f"  {base}/{item.path}",
    ]


PRIVACY_NOTE = [
    "内容と連絡先は、リンクから事務局の画面にログインして確かめてください。",
    "送った人の連絡先や書いた内容は、このメールには載せていません。",
]


def compose(
    staff: Staff, entries: list[tuple[notices.Kind, notices.Item]], base: str, *, digest: bool
) -> EmailMessage:
    """The mail to one person about one item (at once) or several (a digest)."""
    if digest:
        counts: dict[str, int] = defaultdict(int)
        for kind, _ in entries:
            counts[kind.label] += 1
        summary = "・".join(f"{label}{n}件" for label, n in counts.items())
        subject = f"【{site_name()}】まとめてお知らせ：{summary}"
        lead = f"担当地域に、前回のお知らせのあと次の{len(entries)}件が届きました。"
    else:
        kind, item = entries[0]
        subject = f"【{site_name()}】{kind.label}が届きました：{item.title}"
        lead = f"担当地域に、{kind.label}が届きました。"
    body = [greeting(staff), "", lead, ""]
    for kind, item in entries:
        body += [*item_lines(base, kind, item), ""]
    body += [*PRIVACY_NOTE, "", *footer(base)]
    account = f"{base}/{site_path('office-account')}"
    return EmailMessage(
        subject=subject[:200],
        body="\n".join(body) + "\n",
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[staff.user.email],
        headers={
            # Where to stop these mails (a page behind the log-in: no one-click unsubscribe).
            "List-Unsubscribe": f"<{account}>",
            "Auto-Submitted": "auto-generated",
        },
    )


# --- Sending once --------------------------------------------------------------------------


def claim(ids: Iterable[int]) -> list[MailNotice]:
    """The unsent rows among these that no live sender holds, now held by this one."""
    now = timezone.now()
    token = secrets.token_hex(16)
    MailNotice.objects.filter(pk__in=list(ids), sent_at__isnull=True).filter(
        Q(claim="") | Q(claimed_at__lt=now - STALE_CLAIM)
    ).update(claim=token, claimed_at=now)
    return list(MailNotice.objects.filter(claim=token).select_related("staff__user").order_by("pk"))


def still_wanted(notice: MailNotice) -> notices.Item | None:
    """What to say about the notice's item, if it still exists and the person still covers it
    and still wants to be told (None: drop the notice)."""
    kind = notices.get_kind(notice.kind)
    staff = notice.staff
    if kind is None or not staff.user.is_active or not staff.user.email:
        return None
    if notices.modes(staff).get(kind.code) == MailMode.OFF:
        return None
    if not notices.is_recipient(staff, kind, notice.object_id):
        return None
    return kind.describe(notice.object_id)


def deliver(ids: Iterable[int], *, digest: bool) -> SentMail | None:
    """One mail to one person about the given notices (all theirs); None when nothing went."""
    rows = claim(ids)
    if not rows:
        return None
    entries, kept, dropped = [], [], []
    for notice in rows:
        item = still_wanted(notice)
        kind = notices.get_kind(notice.kind)
        if item is None or kind is None:
            dropped.append(notice.pk)
        else:
            entries.append((kind, item))
            kept.append(notice)
    now = timezone.now()
    if dropped:
        MailNotice.objects.filter(pk__in=dropped).update(sent_at=now, claim="", error=GONE)
    if not kept:
        return None
    staff = kept[0].staff
    message = compose(staff, entries, site_base(kept), digest=digest)
    held = MailNotice.objects.filter(pk__in=[n.pk for n in kept])
    try:
        message.send(fail_silently=False)
    except Exception as error:
        reason = failure_reason(error)
        logger.warning(
            "お知らせメールを送れませんでした（%s、宛先 staff %s、%d件）：%r",
            reason,
            staff.pk,
            len(kept),
            error,
        )
        held.update(claim="", attempts=F("attempts") + 1, error=reason)
        return None
    sent = SentMail.objects.create(
        user=staff.user,
        address=staff.user.email,
        subject=str(message.subject),
        form=SentMail.Form.DIGEST if digest else SentMail.Form.NOW,
        items=len(kept),
    )
    held.update(sent=sent, sent_at=timezone.now(), claim="", error="")
    return sent


def send_each(ids: Iterable[int]) -> list[int]:
    """Each notice in its own mail (届いたらすぐに); the ids that could not be sent yet."""
    failed = []
    for pk in ids:
        if (
            deliver([pk], digest=False) is None
            and MailNotice.objects.filter(
                pk=pk, sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS
            ).exists()
        ):
            failed.append(pk)
    return failed


def due_for_digest(now: datetime.datetime | None = None) -> dict[int, list[int]]:
    """{staff id: [notice ids]}: every unsent daily notice, and the immediate ones that could
    not go at once (the mail server failed, or no worker ran for a while)."""
    now = now or timezone.now()
    due = (
        MailNotice.objects.filter(sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS)
        .filter(Q(mode=MailMode.DAILY) | Q(attempts__gt=0) | Q(created_at__lt=now - LATE))
        .order_by("staff_id", "created_at", "pk")
        .values_list("staff_id", "pk")
    )
    grouped: dict[int, list[int]] = defaultdict(list)
    for staff_id, pk in due:
        grouped[staff_id].append(pk)
    return grouped


def send_digests(now: datetime.datetime | None = None) -> tuple[int, int]:
    """Each person one mail of everything due; (mails sent, people whose mail failed)."""
    sent = failed = 0
    for ids in due_for_digest(now).values():
        if deliver(ids, digest=True) is not None:
            sent += 1
        elif MailNotice.objects.filter(pk__in=ids, sent_at__isnull=True).exists():
            failed += 1
    return sent, failed
