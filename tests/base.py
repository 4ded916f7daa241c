"""The base test case: the session's Chiba demo data plus a few named, known resources."""

from __future__ import annotations

import datetime

from django.test import TestCase

from areas.models import Area
from directory.models import Category, Provider, Resource, ScheduleRule


class DirectoryTestCase(TestCase):
    """Named fixtures every view test can rely on, on top of the demo data."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.chiba = Area.objects.get(code="121002")
        cls.chuo = Area.objects.get(code="121011")  # 中央区
        cls.benten = Area.objects.get(code="121002-弁天")  # 弁天圏域
        cls.innai = Area.objects.get(code="121011-院内一丁目")
        cls.mihama = Area.objects.get(code="121061")  # 美浜区
        cls.provider = Provider.objects.create(
            municipality=cls.chiba, name="院内町内会", kind=Provider.Kind.NEIGHBOURHOOD
        )
        cls.salon = cls.make_resource(
            name="院内ひだまりサロン",
            kana="インナイヒダマリサロン",
            category="5.1.1",
            keywords="体操 茶話会",
            description="自治会館でお茶を飲みながらおしゃべりと軽い体操をします。",
            town=cls.innai,
            fee_amount=100,
            fee_note="お茶代",
            phone="043-555-0101",
            confirmed_on=datetime.date(2026, 10, 1),
            rule={
                "freq": "monthly_nth",
                "weekdays": [2],
                "nths": [2, 4],
                "opens_at": datetime.time(10),
                "closes_at": datetime.time(12),
            },
        )
        cls.hidden = cls.make_resource(
            name="院内ないしょの会",
            category="5.1.1",
            town=cls.innai,
            status=Resource.Status.PRIVATE,
        )

    @classmethod
    def make_resource(cls, *, category: str, rule: dict | None = None, **fields) -> Resource:
        fields.setdefault("municipality", cls.chiba)
        fields.setdefault("provider", cls.provider)
        resource = Resource.objects.create(**fields)
        resource.categories.add(Category.objects.get(code=category))
        if rule:
            ScheduleRule.objects.create(resource=resource, **rule)
        resource.refresh_derived()
        return resource
