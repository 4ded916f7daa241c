"""The gap map page (every back-office account) and the population file page (管理者)."""

from __future__ import annotations

import re
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from areas.models import PopulationImport, TownPopulation
from directory.models import Category
from tests.fieldwork_base import FieldworkTestCase

GAPS = "/office/fieldwork/gaps/"
POPULATION = "/office/fieldwork/gaps/population/"
DATA = Path(__file__).parent / "data" / "population"


class GapViewTest(FieldworkTestCase):
    def test_it_shows_a_coordinators_own_area_by_default_without_javascript(self) -> None:
        self.client.force_login(self.higashichiba_coordinator)
        response = self.client.get(GAPS)
        self.assertEqual(response.status_code, 200)
        body = response.content.decode()
        self.assertIn("<h2>弁天圏域：交流の場・通いの場</h2>", body)
        # The table is the page without JavaScript; the map's section waits hidden for it.
        self.assertIn('<th scope="row">院内一丁目</th>', body)
        self.assertRegex(body, r"<section [^>]*data-gap-map[^>]* hidden>")
        self.assertIn(
            "人口のファイルが取り込まれていないため、65歳以上の人数は「不明」です。", body
        )
        self.assertIn("ごみ出しが大変", body)  # the area's open issue beside the table

    def test_it_counts_the_chosen_category_and_sorts_by_links(self) -> None:
        self.client.force_login(self.viewer)
        category = Category.objects.get(code="5")
        response = self.client.get(
            GAPS, {"area": self.chuo.pk, "category": category.pk, "sort": "name"}
        )
        self.assertEqual(response.status_code, 200)
        body = response.content.decode()
        self.assertIn('<span class="current" aria-current="true">町丁目の順</span>', body)
        link = f"?area={self.chuo.pk}&amp;category={category.pk}&amp;sort=uncovered"
        self.assertIn(link, body)
        towns = response.context["towns"]
        self.assertEqual([t.order for t in towns], sorted(t.order for t in towns))
        self.assertTrue(any(t.count for t in towns))

    def test_it_says_which_condition_it_could_not_read(self) -> None:
        self.client.force_login(self.viewer)
        response = self.client.get(GAPS, {"area": "999999", "category": "x", "sort": "no"})
        self.assertEqual(response.status_code, 200)
        body = response.content.decode()
        self.assertIn("一覧にある分類を選んでください。", body)
        self.assertIsNotNone(response.context["result"])

    def test_it_shows_the_people_without_one_in_reach(self) -> None:
        self.client.force_login(self.admin)
        data = SimpleUploadedFile("p.csv", (DATA / "estat_chiba_sample.csv").read_bytes())
        response = self.client.post(POPULATION, {"file": data, "source": "テストの人口"})
        self.assertEqual(response.status_code, 200)
        self.assertIn("6か所の町丁目の人口を取り込みました。", response.content.decode())
        response = self.client.get(GAPS, {"area": self.chuo.pk})
        body = response.content.decode()
        self.assertIn("人口: テストの人口", body)
        row = re.search(r'<th scope="row">院内一丁目</th>.*?</tr>', body, re.S)
        assert row is not None
        self.assertIn("<td>286人</td>", row.group(0))
        # 中央一丁目 is not in the file: its people stay unknown, never 0.
        row = re.search(r'<th scope="row">中央一丁目</th>.*?</tr>', body, re.S)
        assert row is not None
        self.assertEqual(row.group(0).count("<td>不明</td>"), 2)


class PopulationViewTest(FieldworkTestCase):
    def test_it_is_the_admins_alone(self) -> None:
        for user in (self.viewer, self.chuo_coordinator, self.higashichiba_coordinator):
            self.client.force_login(user)
            self.assertEqual(self.client.get(POPULATION).status_code, 403)

    def test_it_names_bad_rows_and_saves_nothing(self) -> None:
        self.client.force_login(self.admin)
        data = SimpleUploadedFile("p.csv", "町丁目,65歳以上\n院内一丁目,abc\nどこか町,3\n".encode())
        response = self.client.post(POPULATION, {"file": data, "skip": "on"})
        self.assertEqual(response.status_code, 400)
        body = response.content.decode()
        self.assertIn("2行目（院内一丁目）「65歳以上」: 「abc」は人数ではありません。", body)
        self.assertIn("3行目（どこか町）: この市の町丁目に見つかりません。", body)
        self.assertFalse(PopulationImport.objects.exists())
        self.assertFalse(TownPopulation.objects.exists())

    def test_it_asks_for_a_file(self) -> None:
        self.client.force_login(self.admin)
        response = self.client.post(POPULATION, {})
        self.assertEqual(response.status_code, 400)
        self.assertIn("CSV ファイルを選んでください。", response.content.decode())


class GapFuzzTest(FieldworkTestCase, HypothesisTestCase):
    @settings(max_examples=40, deadline=None)
    @given(
        area=st.text(max_size=12),
        category=st.text(max_size=12),
        sort=st.text(max_size=12),
    )
    def test_it_never_fails_on_hostile_conditions(
        self, area: str, category: str, sort: str
    ) -> None:
        self.client.force_login(self.viewer)
        response = self.client.get(GAPS, {"area": area, "category": category, "sort": sort})
        # A NUL is refused for the whole site by the middleware
        # (400 in Japanese); anything else is a page with the conditions it could read.
        hostile = "\x00" in area + category + sort
        self.assertEqual(response.status_code, 400 if hostile else 200)

    @settings(max_examples=30, deadline=None)
    @given(data=st.binary(max_size=400), skip=st.booleans())
    def test_it_never_fails_on_a_hostile_file(self, data: bytes, skip: bool) -> None:
        self.client.force_login(self.admin)
        upload = SimpleUploadedFile("p.csv", b"KEY_CODE,HYOSYO,CITYNAME,NAME\n" + data)
        response = self.client.post(POPULATION, {"file": upload, "skip": "on" if skip else ""})
        self.assertIn(response.status_code, (200, 400))
