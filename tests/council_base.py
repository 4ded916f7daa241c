"""Named 協議体 records on top of tests/fieldwork_base.py.

- council: in 弁天圏域 (both coordinators'), with two members; meeting: its workshop
- card: a 地域資源 card of that meeting, not placed; placed: a 地域課題 card on 弁天一丁目
- mihama_council / mihama_meeting / mihama_card: in 美浜区, neither coordinator's
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from areas.models import Area
from fieldwork import board, editing
from fieldwork.council_models import BoardCard, Council, Meeting
from tests.fieldwork_base import FieldworkTestCase


def add_council_records(cls) -> None:
    """The named records on a FieldworkTestCase class (also used by the permission matrix)."""
    cls.council = editing.create(
        Council(
            municipality=cls.chiba,
            area=cls.benten,
            name="A地区協議体",
            members=[
                {"name": "A地区民生委員", "kind": "minsei", "contact": "民生 花子", "note": ""},
                {"name": "NPO法人", "kind": "npo", "contact": "", "note": "車両あり"},
            ],
        ),
        cls.admin,
    )
    cls.meeting = make_meeting(cls, cls.council, "第1回 ワークショップ")
    cls.card = board.add_card(
        cls.meeting,
        cls.admin,
        {"column": "resource", "title": "施設内の空きスペースの無料提供", "note": ""},
        None,
    )
    town = Area.objects.get(code="121011-弁天一丁目")
    cls.placed = board.add_card(
        cls.meeting,
        cls.admin,
        {"column": "issue", "title": "誰でも参加できるカフェが欲しい", "note": "何人も"},
        {
            "place_text": "弁天一丁目",
            "town": town,
            "latitude": Decimal("35.615829"),
            "longitude": Decimal("140.112120"),
        },
    )
    cls.mihama_council = editing.create(
        Council(municipality=cls.chiba, area=cls.mihama, name="美浜協議体"), cls.admin
    )
    cls.mihama_meeting = make_meeting(cls, cls.mihama_council, "美浜の会議")
    cls.mihama_card = board.add_card(
        cls.mihama_meeting, cls.admin, {"column": "issue", "title": "美浜の課題"}, None
    )


def make_meeting(cls, council: Council, title: str) -> Meeting:
    return editing.create(
        Meeting(
            municipality=cls.chiba,
            area=council.area,
            council=council,
            title=title,
            held_on=datetime.date(2026, 10, 28),
        ),
        cls.admin,
    )


class CouncilTestCase(FieldworkTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        add_council_records(cls)

    def card_data(self, card: BoardCard, **changes) -> dict:
        data = {
            "column": card.column,
            "title": card.title,
            "note": card.note,
            "place_text": "",
            "version": card.version,
        }
        return {**data, **changes}
