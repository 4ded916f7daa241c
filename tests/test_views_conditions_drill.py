"""条件を選ぶ (issue 13): drilling ward → 圏域 → 町丁目 keeps every condition already chosen,
the 近く condition is said on the page, 圏域 are named with their towns; and the API's
services filter takes the same several weekdays (day=mon&day=tue)."""

from __future__ import annotations

import datetime
from html import unescape
from urllib.parse import parse_qs, urlsplit

from tests.base import DirectoryTestCase
from tests.hsds.cases import ApiTestCase

# One case per condition: the query string it starts with, and what must survive the drill.
CONDITIONS = {
    "q": [("q", "体操")],
    "category": [("category", "5.1")],
    "several days": [("day", "mon"), ("day", "wed")],
    "平日": [("day", "mon,tue,wed,thu,fri")],
    "time": [("time", "am")],
    "free": [("free", "1")],
    "nobooking": [("nobooking", "1")],
    "carers": [("carers", "1")],
    "near": [("near", "新千葉"), ("within", "2000")],
}


def link_to(page, name: str) -> str:
    """The href of the drill link whose text starts with name."""
    html = page.content.decode()
    for chunk in html.split('<li><a href="')[1:]:
        href, _, rest = chunk.partition('">')
        if rest.startswith(name):
            return unescape(href)
    raise AssertionError(f"no link {name!r}")


class DrillKeepsConditionsTests(DirectoryTestCase):
    def test_it_keeps_each_condition_from_ward_to_town(self):
        for label, pairs in CONDITIONS.items():
            with self.subTest(label):
                query = "&".join(f"{k}={v}" for k, v in pairs)
                page = self.client.get(f"/search/conditions/?{query}")
                for step in ("中央区", "弁天圏域", "院内一丁目"):
                    url = link_to(page, step)
                    got = parse_qs(urlsplit(url).query)
                    for key, value in pairs:
                        self.assertIn(value, got.get(key, []), f"{step}: {url}")
                    page = self.client.get(url)
                    self.assertEqual(page.status_code, 200)
                self.assertEqual(page.context["area"], self.innai)
                # and the form it ends on still asks for it
                html = page.content.decode()
                for key, value in pairs:
                    if key in ("near", "within"):
                        self.assertIn(f'name="{key}" value="{value}"', html)
                    elif key == "day":
                        continue  # checked below as ticked boxes
                    elif key in ("q",):
                        self.assertIn(f'value="{value}"', html)
                    else:
                        self.assertIn(f'name="{key}" value="{value}" checked', html)

    def test_it_keeps_several_weekdays_ticked_after_the_drill(self):
        page = self.client.get("/search/conditions/?day=mon&day=wed")
        page = self.client.get(link_to(page, "中央区"))
        self.assertContains(page, 'name="day" value="mon" checked')
        self.assertContains(page, 'name="day" value="wed" checked')
        self.assertNotContains(page, 'name="day" value="tue" checked')

    def test_it_says_the_near_condition_and_offers_to_drop_it(self):
        page = self.client.get("/search/conditions/?near=新千葉&within=2000&q=体操")
        self.assertContains(page, "選んでいる場所：<strong>新千葉")
        self.assertContains(page, "2km以内")
        drop = page.context["near_clear_url"]
        self.assertEqual(parse_qs(urlsplit(drop).query), {"q": ["体操"]})
        self.assertNotContains(self.client.get("/search/conditions/"), "選んでいる場所")

    def test_it_names_a_sphere_with_its_towns(self):
        page = self.client.get("/search/conditions/?area=121011")
        names = [a["name"] for a in page.context["area_children"]]
        benten = next(n for n in names if n.startswith("弁天圏域"))
        self.assertRegex(benten, r"^弁天圏域（[^）]+・[^）]+・[^）]+…）$")
        self.assertEqual(self.benten.name_with_towns(), benten)
        self.assertEqual(self.chuo.name_with_towns(), "中央区")  # a ward is its name


class ApiSeveralDaysTests(ApiTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.monday = cls.make_resource(
            name="月曜の体操",
            category="5.1.1",
            town=cls.innai,
            rule={"freq": "weekly", "weekdays": [0], "opens_at": datetime.time(10)},
        )
        cls.saturday = cls.make_resource(
            name="土曜の体操",
            category="5.1.1",
            town=cls.innai,
            rule={"freq": "weekly", "weekdays": [5], "opens_at": datetime.time(10)},
        )

    def names(self, query: str) -> set[str]:
        # the fixtures' own provider: the demo loaded for the session holds many more
        body = self.get_json(
            f"/api/hsds/services?per_page=100&organization_id={self.provider.pk}&" + query
        )
        return {item["name"] for item in body["contents"]}

    def test_it_takes_several_weekdays_repeated_or_with_commas(self):
        repeated = self.names("day=mon&day=wed")
        self.assertIn("月曜の体操", repeated)
        self.assertIn("院内ひだまりサロン", repeated)  # 第2・4水曜日
        self.assertNotIn("土曜の体操", repeated)
        self.assertEqual(self.names("day=mon,wed"), repeated)
        self.assertEqual(self.names("day=sat"), {"土曜の体操"})
        workdays = self.names("day=mon,tue,wed,thu,fri")
        self.assertNotIn("土曜の体操", workdays)
        self.assertIn("月曜の体操", workdays)

    def test_it_refuses_an_unknown_weekday_in_japanese(self):
        body = self.get_json("/api/hsds/services?day=mon&day=xyz", status=400)
        self.assertIn("mon・tue", str(body))
