"""アイデア募集's お知らせメール: fieldwork's kind for office.notices (registered in
FieldworkConfig.ready(); office never imports fieldwork).

Told: the coordinators whose 担当地域 cover the idea's area (a ward's idea: that ward's and
the city-wide coordinators; a 圏域's: also its ward's), or, when the sender chose
「わからない」, the city-wide ones. The mail says the area and who sent it (施設・住民・企業),
never the idea or the contact (office/mailing.py says why)."""

from __future__ import annotations

from areas.models import Area
from directory.printing import site_path
from fieldwork.council_models import Idea
from office import notices
from office.models import MailMode, Staff


def recipients(pk: int) -> list[Staff]:
    idea = Idea.objects.select_related("area").filter(pk=pk).first()
    if idea is None:
        return []
    return [s for s in notices.coordinators_of(idea.municipality_id) if covers(s, idea)]


def covers(staff: Staff, idea: Idea) -> bool:
    if idea.area is not None:
        return staff.covers_area(idea.area)
    return any(
        mine.kind == Area.Kind.MUNICIPALITY and mine.pk == idea.municipality_id
        for mine in staff.area_list()
    )


def describe(pk: int) -> notices.Item | None:
    idea = Idea.objects.select_related("area").filter(pk=pk).first()
    if idea is None:
        return None
    return notices.Item(
        title=idea.area_name,
        details=[
            f"送った人：{idea.get_sender_kind_display()}",
            f"受付：{notices.when(idea.created_at)}",
        ],
        path=site_path("fieldwork-idea", idea.pk),
    )


notices.register(
    notices.Kind(
        code="idea",
        label="交流・連携のアイデア",
        default=MailMode.DAILY,
        reason=(
            "アイデアは、すぐに返事をするものではないことが多いので、"
            "はじめは「1日1回まとめて」です。"
        ),
        recipients=recipients,
        describe=describe,
        order=30,
    )
)
