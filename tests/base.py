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
            status=Resource.Status.DRAFT,
        )

    @classmethod
    def make_resource(cls, *, category: str, rule: dict | None = None, **fields) -> Resource:
        fields.setdefault("municipality", cls.chiba)
        fields.setdefault("provider", cls.provider)
        # The fixtures' own facts, said explicitly: the model assumes neither (issue 9).
        fields.setdefault("booking", Resource.Booking.NONE)
        fields.setdefault("for_self", True)
        resource = Resource.objects.create(**fields)
        resource.categories.add(Category.objects.get(code=category))
        if rule:
            ScheduleRule.objects.create(resource=resource, **rule)
        resource.refresh_derived()
        return resource


class OfficeTestCase(DirectoryTestCase):
    """The back office's named people, on top of the directory's fixtures.

    - admin: 管理者 (city staff)
    - chuo: コーディネーター for 中央区 (第1層)
    - higashichiba: コーディネーター for 東千葉圏域 (第2層). The city's 東千葉圏域 covers the
      same 13 towns as the あんしんケアセンター弁天 area (院内, 春日, … 東千葉, 弁天 …), which
      is how our area tree names it: code "121002-弁天".
    - viewer: 閲覧者 (a care manager)
    - outsider: can log in, but has no back-office account
    And resources: salon (院内, inside both coordinators' areas), in_chuo (中央区 but outside
    the 弁天 area), in_mihama (美浜区, outside both).
    """

    PASSWORD = "correct-horse-battery-staple-42"

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        from django.contrib.auth.models import User

        from office.models import Staff

        def person(username: str, role: str | None, *areas: Area, **extra) -> User:
            user = User.objects.create_user(username, password=cls.PASSWORD, **extra)
            if role:
                staff = Staff.objects.create(user=user, role=role)
                staff.areas.set(areas)
            return user

        cls.admin = person("city-admin", Staff.Role.ADMIN, last_name="千葉市 高齢福祉課")
        cls.chuo_coordinator = person(
            "chuo", Staff.Role.COORDINATOR, cls.chuo, last_name="中央区 第1層"
        )
        cls.higashichiba_coordinator = person(
            "higashichiba", Staff.Role.COORDINATOR, cls.benten, last_name="東千葉圏域 第2層"
        )
        cls.viewer = person("caremanager", Staff.Role.VIEWER, last_name="ケアマネジャー")
        cls.outsider = person("outsider", None)
        cls.chuo_town = Area.objects.get(code="121011-中央一丁目")
        cls.in_chuo = cls.make_resource(
            name="中央いきいき体操", category="5.1.2", town=cls.chuo_town
        )
        cls.in_mihama = cls.make_resource(
            name="美浜ふれあい食堂",
            category="5.2",
            town=Area.objects.filter(code__startswith="121061-").filter(kind="town").first(),
        )


def add_second_city(cls) -> None:
    """A second city on the installation, for tests of what must never cross cities.

    - funabashi: 船橋市 (122041) with three towns and one 圏域 (見本塚田圏域: 前貝塚町 and
      行田一丁目; 夏見一丁目 lies outside it)
    - funabashi_admin: 船橋市's 管理者; funabashi_coordinator: コーディネーター for 見本塚田圏域
    - funabashi_salon: a published resource in 前貝塚町, by 船橋見本町会
    Set on `cls` (an OfficeTestCase, whose PASSWORD they share).
    """
    from django.contrib.auth.models import User

    from office.models import Staff

    def area(code: str, kind: str, name: str, parent: Area | None, order: int) -> Area:
        return Area.objects.create(
            code=code, kind=kind, name=name, parent=parent, prefecture="千葉県", sort_order=order
        )

    city = area("122041", Area.Kind.MUNICIPALITY, "船橋市", None, 0)
    sphere = area("122041-見本塚田", Area.Kind.SPHERE, "見本塚田圏域", city, 1)
    cls.funabashi, cls.funabashi_sphere = city, sphere
    cls.maekaizuka = area("122041-前貝塚町", Area.Kind.TOWN, "前貝塚町", sphere, 1)
    area("122041-行田一丁目", Area.Kind.TOWN, "行田一丁目", sphere, 2)
    cls.natsumi = area("122041-夏見一丁目", Area.Kind.TOWN, "夏見一丁目", city, 3)

    def person(username: str, role: str, *areas: Area, **extra) -> User:
        user = User.objects.create_user(username, password=cls.PASSWORD, **extra)
        staff = Staff.objects.create(user=user, role=role, municipality=city)
        staff.areas.set(areas)
        return user

    cls.funabashi_admin = person("funabashi-admin", Staff.Role.ADMIN, last_name="船橋市 見本課")
    cls.funabashi_coordinator = person(
        "funabashi-tsukada", Staff.Role.COORDINATOR, sphere, last_name="見本塚田圏域 第2層"
    )
    provider = Provider.objects.create(
        municipality=city, name="船橋見本町会", kind=Provider.Kind.NEIGHBOURHOOD
    )
    cls.funabashi_salon = cls.make_resource(
        name="船橋みほんサロン",
        category="5.1.1",
        municipality=city,
        provider=provider,
        town=cls.maekaizuka,
        status=Resource.Status.PUBLISHED,
    )
