"""How a query's words match resources: the search itself on the database, in a town of
its own (試験町) so that the demo's resources never answer for the ones made here (run on
SQLite and on PostgreSQL)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.test import override_settings

from areas.models import Area
from directory import search
from directory.models import Category, Resource
from tests.base import DirectoryTestCase
from tests.synonyms import REAL


class SearchWordTests(DirectoryTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.town = Area.objects.create(code="999990", kind=Area.Kind.MUNICIPALITY, name="試験町")

    def make(self, name: str, category: str = "5.1.1", **fields) -> Resource:
        # No provider and no place: nothing but what the test gives is in its text.
        return self.make_resource(
            name=name, category=category, municipality=self.town, provider=None, **fields
        )

    def found(self, q: str) -> list[str]:
        criteria = search.Criteria(municipality=self.town, q=q)
        return [r.name for r in search.run(criteria, 1, 100).resources]

    def test_it_finds_a_word_by_its_bigrams_or_its_one_kanji(self):
        self.make("朝日ケ丘サロン", description="囲碁・将棋")
        for q in ("朝日ヶ丘", "ｻﾛﾝ", "碁", "棋"):
            self.assertEqual(self.found(q), ["朝日ケ丘サロン"], q)
        self.assertEqual(self.found("体操"), [])
        self.assertEqual(self.found("ん"), [])  # one kana is too common to look up

    def test_it_finds_a_word_by_any_of_its_synonyms(self):
        self.make("朝日ケ丘サロン")
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "synonyms.txt"
            path.write_text("体操, サロン\n運動, 体操\n", encoding="utf-8")
            with override_settings(SASAEAI_SYNONYMS_FILE=path):
                self.assertEqual(self.found("体操"), ["朝日ケ丘サロン"])
                self.assertEqual(self.found("運動"), [])  # not transitive

    def test_it_leads_every_need_of_the_bundled_file_to_a_category(self):
        """Each need expression of synonyms.txt finds what is filed under some category,
        whatever the resource's own text: through a category's name (its token, or the
        name in the resource's text)."""
        for category in Category.objects.all():
            self.make(f"資源{category.code}", category=category.code)
        for need in REAL.needs:
            with self.subTest(need):
                self.assertTrue(self.found(need), need)
