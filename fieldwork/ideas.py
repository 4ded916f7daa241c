"""アイデア募集: the rules behind the public form and the area's inbox, kept like office's
correction reports (office/reports.py: the same sender hash, the same limit per hour)."""

from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from areas.models import Area
from fieldwork.council_models import Idea
from office import reports
from office.models import Staff


def over_limit(sender: str, now: datetime.datetime | None = None) -> bool:
    """Has this sender already sent the most ideas allowed in the last hour?"""
    since = (now or timezone.now()) - datetime.timedelta(hours=1)
    sent = Idea.objects.filter(sender_hash=sender, created_at__gte=since).count()
    return sent >= reports.reports_per_hour()


def save_idea(municipality: Area, data: dict, sender: str) -> Idea:
    return Idea.objects.create(
        municipality=municipality,
        area=data.get("area"),
        sender_kind=data["sender_kind"],
        body=data["body"],
        contact=data.get("contact", ""),
        sender_hash=sender,
    )


def visible_ideas(staff: Staff) -> QuerySet[Idea]:
    """The ideas this person's inbox holds: a 管理者 and a 閲覧者 the city's; a coordinator
    those of an area inside their 担当地域, or for an area above it (a ward holding their
    圏域, or no area said: the whole city), so nobody's idea falls between inboxes."""
    ideas = Idea.objects.filter(municipality=staff.municipality).select_related("area")
    if staff.is_admin or staff.role == Staff.Role.VIEWER:
        return ideas
    if staff.role != Staff.Role.COORDINATOR:
        return ideas.none()
    q = Q(area__isnull=True)
    for mine in staff.area_list():
        if mine.kind == Area.Kind.MUNICIPALITY:
            return ideas
        q |= Q(area__path__startswith=mine.path)
        q |= Q(area__pk__in=mine.ancestor_ids)
    return ideas.filter(q)


def may_handle(staff: Staff, idea: Idea) -> bool:
    """Who marks an idea 対応済み: a 管理者, or a coordinator whose inbox holds it."""
    if staff.is_admin:
        return True
    if not staff.can_write:
        return False
    return visible_ideas(staff).filter(pk=idea.pk).exists()


def mark_done(idea: Idea, user, reply: str) -> bool:
    """対応済み with the reply; False when someone else marked it first."""
    done = Idea.objects.filter(pk=idea.pk, status=Idea.Status.OPEN).update(
        status=Idea.Status.DONE, handled_by=user, handled_at=timezone.now(), reply=reply
    )
    idea.refresh_from_db()
    return bool(done)
