"""お知らせメール: who is told of a new item (a correction report, a provider's proposal, an
app's item such as fieldwork's idea), and how each person chose to be told.

- **Who**: only the coordinators whose 担当地域 cover the item — for a report or a proposal,
  those who may change its resource (`Staff.can_edit`: by its town, the area it is held in or
  an area it serves; a resource with none of these only the city-wide ones); an app decides
  for its own kind the same way (fieldwork: the idea's area, or the city-wide ones when it
  names none). Never a 閲覧者, a 管理者 as such, an account without an e-mail address, an
  inactive one, or anyone of another city. Checked again when a mail is sent, so a person
  moved to other areas meanwhile gets nothing more about the old ones.
- **When**: per person and kind, 届いたらすぐに / 1日1回まとめて / 受け取らない, chosen on
  their account page (/office/account/); until then the kind's default (own_kinds() and
  fieldwork/idea_notices.py say why each).
- **How**: the public form only queues `office.tasks.announce` (django-tasks); the worker
  makes one MailNotice per person and sends the immediate ones (office/mailing.py);
  `manage.py send_digests` sends the rest once a day.

Apps above office register their kinds in their AppConfig.ready() (office never imports them).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from directory.models import Resource
from directory.printing import site_path
from office import history
from office.models import MailMode, MailNotice, MailPreference, Proposal, Report, Staff

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Item:
    """What a mail says about one item: where and when, never what the sender wrote or how to
    reach them (office/mailing.py says why). `path` is its back-office page (site_path)."""

    title: str
    details: list[str]
    path: str


@dataclass(frozen=True)
class Kind:
    code: str
    label: str  # 「情報の誤りの報告」: a mail says 「…が届きました」
    default: str  # a MailMode
    reason: str  # why that default, shown beside the choice
    # The coordinators to tell about the item with this id ([] when it is gone).
    recipients: Callable[[int], list[Staff]]
    # What a mail says about it (None when it is gone).
    describe: Callable[[int], Item | None]
    order: int = field(default=100)


_kinds: dict[str, Kind] = {}


def register(kind: Kind) -> None:
    """Add (or replace: ready() may run twice in tests) a kind of item to announce."""
    _kinds[kind.code] = kind


def kinds() -> list[Kind]:
    return sorted(_kinds.values(), key=lambda k: (k.order, k.code))


def get_kind(code: str) -> Kind | None:
    return _kinds.get(code)


# --- Who -------------------------------------------------------------------------------


def coordinators_of(municipality_id: int | None) -> QuerySet[Staff]:
    """The city's coordinators who can be mailed: active, with an address, an area there."""
    if municipality_id is None:
        return Staff.objects.none()
    return (
        Staff.objects.filter(
            role=Staff.Role.COORDINATOR,
            user__is_active=True,
            areas__municipality_id=municipality_id,
        )
        .exclude(user__email="")
        .select_related("user")
        .prefetch_related("areas")
        .distinct()
        .order_by("pk")
    )


def covering_resource(resource_id: int | None) -> list[Staff]:
    """The coordinators who may change the resource (its inbox's coordinators)."""
    resource = (
        Resource.objects.exclude(status=Resource.Status.DELETED).filter(pk=resource_id).first()
    )
    if resource is None:
        return []
    return [s for s in coordinators_of(resource.municipality_id) if s.can_edit(resource)]


def is_recipient(staff: Staff, kind: Kind, object_id: int) -> bool:
    return any(s.pk == staff.pk for s in kind.recipients(object_id))


# --- How each person chose ---------------------------------------------------------------


def modes(staff: Staff) -> dict[str, str]:
    """{kind: MailMode} for this person: their choice, or the kind's default."""
    chosen = dict(MailPreference.objects.filter(staff=staff).values_list("kind", "mode"))
    return {k.code: chosen.get(k.code, k.default) for k in kinds()}


def save_modes(staff: Staff, chosen: dict[str, str]) -> None:
    for code, mode in chosen.items():
        if get_kind(code) is not None and mode in MailMode.values:
            MailPreference.objects.update_or_create(staff=staff, kind=code, defaults={"mode": mode})


def gets_mail(staff: Staff) -> bool:
    """Can this person be told of anything (a coordinator; an address is asked separately)?"""
    return staff.role == Staff.Role.COORDINATOR


# --- Announcing ------------------------------------------------------------------------


def announce(request: HttpRequest, kind: str, object_id: int) -> None:
    """Queue the announcement of a new item. Called by the public forms after saving: only a
    job is queued here (no mail server is ever waited for in a request), and a failure to
    queue it is logged, never raised — the item is saved and in the inbox whatever happens."""
    from office import tasks  # the task module imports this one

    # The address the sender used, for the mail's links when SASAEAI_SITE_URL is not set.
    site_url = settings.SASAEAI_SITE_URL or request.build_absolute_uri(reverse("directory-top"))
    try:
        tasks.announce.enqueue(kind, object_id, site_url)
    except Exception:
        logger.exception("お知らせメールの作業を登録できませんでした（%s %s）", kind, object_id)


def create_notices(kind_code: str, object_id: int, site_url: str) -> list[MailNotice]:
    """One MailNotice per person to tell (once: running again makes no second one)."""
    kind = get_kind(kind_code)
    if kind is None:
        return []
    made = []
    for staff in kind.recipients(object_id):
        mode = modes(staff)[kind.code]
        if mode == MailMode.OFF:
            continue
        notice, _ = MailNotice.objects.get_or_create(
            staff=staff,
            kind=kind.code,
            object_id=object_id,
            defaults={"mode": mode, "site_url": site_url[:300], "created_at": timezone.now()},
        )
        made.append(notice)
    return made


# --- office's own kinds ----------------------------------------------------------------


def when(moment) -> str:
    """「2026年12月8日 10時05分」 in the site's time zone."""
    local = timezone.localtime(moment)
    return f"{local.year}年{local.month}月{local.day}日 {local.hour}時{local.minute:02d}分"


def resource_place(resource: Resource) -> str:
    area = resource.town or resource.place_area or resource.municipality
    return getattr(area, "name", "") or "地域の指定なし"


def _resource_recipients(model: type[Report] | type[Proposal]) -> Callable[[int], list[Staff]]:
    def recipients(pk: int) -> list[Staff]:
        resource_id = model.objects.filter(pk=pk).values_list("resource_id", flat=True).first()
        return covering_resource(resource_id)

    return recipients


def _describe_report(pk: int) -> Item | None:
    report = Report.objects.select_related("resource").filter(pk=pk).first()
    if report is None:
        return None
    return Item(
        title=report.resource.name,
        details=[f"地域：{resource_place(report.resource)}", f"受付：{when(report.created_at)}"],
        path=site_path("office-report", report.pk),
    )


def _describe_proposal(pk: int) -> Item | None:
    proposal = Proposal.objects.select_related("resource").filter(pk=pk).first()
    if proposal is None:
        return None
    labels = [history.label(name) for name in proposal.changes]
    changed = "・".join(labels) if labels else "変更なし（ひとことのみ）"
    return Item(
        title=proposal.resource.name,
        details=[
            f"地域：{resource_place(proposal.resource)}",
            f"提案された項目：{changed}",
            f"受付：{when(proposal.submitted_at)}",
        ],
        path=site_path("office-proposal", proposal.pk),
    )


def own_kinds() -> Iterable[Kind]:
    return [
        Kind(
            code="report",
            label="情報の誤りの報告",
            default=MailMode.NOW,
            reason=(
                "公開中の情報が違っていると、住民が行っても開いていないことがあります。"
                "早く直せるよう、はじめは「届いたらすぐに」です。"
            ),
            recipients=_resource_recipients(Report),
            describe=_describe_report,
            order=10,
        ),
        Kind(
            code="proposal",
            label="提供者からの提案",
            default=MailMode.NOW,
            reason=(
                "提供者は、あなたが送った更新リンクから提案します。返事を待っているので、"
                "はじめは「届いたらすぐに」です。"
            ),
            recipients=_resource_recipients(Proposal),
            describe=_describe_proposal,
            order=20,
        ),
    ]


for _kind in own_kinds():
    register(_kind)
