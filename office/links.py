"""提供者用の更新リンク: a signed link that lets a provider propose changes to one entry,
once, before it expires (office/views/links.py makes them and serves the provider's page).

The token is signed, names the link and its random nonce, and is never stored: a link can
be revoked or used up because the nonce is.
"""

from __future__ import annotations

import datetime
import secrets
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth.models import User
from django.core import signing
from django.utils import timezone

from directory.models import Resource
from office.models import UpdateLink
from sasaeai.lib.ids import is_id

TOKEN_MAX = 400  # a real token is about 90 characters
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


def create_link(resource: Resource, user: User | None) -> tuple[UpdateLink, str]:
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
    if not (isinstance(pk, int) and is_id(pk) and isinstance(nonce, str)):
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
