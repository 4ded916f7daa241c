"""No page reads the database once per card or per row: the results, detail, TOP and API
pages make the same number of queries whatever their size (issue 14); run on SQLite and
on PostgreSQL."""

from __future__ import annotations

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from directory import cardcache
from tests.base import DirectoryTestCase


class QueryCountTests(DirectoryTestCase):
    def count(self, url: str, keep_cards: bool = False) -> int:
        """keep_cards: the page's cards are kept as HTML (directory/cardcache.py)."""
        cache.clear()  # the same work each time: nothing kept from the run before
        cardcache.kept().clear()
        self.client.get(url)  # the planner's statistics, kept per process
        cache.clear()
        if not keep_cards:
            cardcache.kept().clear()
        with CaptureQueriesContext(connection) as captured:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        return len(captured)

    def test_it_reads_a_results_page_in_the_same_queries_for_3_or_20_cards(self):
        with override_settings(SASAEAI_PAGE_SIZE=3):
            few = self.count("/search/?category=5")
        with override_settings(SASAEAI_PAGE_SIZE=20):
            many = self.count("/search/?category=5")
        self.assertEqual(few, many)

    def test_it_reads_no_card_row_for_cards_kept_whatever_the_page_size(self):
        with override_settings(SASAEAI_PAGE_SIZE=3):
            few = self.count("/search/?category=5", keep_cards=True)
        with override_settings(SASAEAI_PAGE_SIZE=20):
            many = self.count("/search/?category=5", keep_cards=True)
            made = self.count("/search/?category=5")
        self.assertEqual(few, many)
        # the cards' five flat queries (resources, categories, links, rules, areas) go
        self.assertLessEqual(many, made - 5)

    def test_it_reads_a_word_search_and_an_area_search_in_the_same_queries_at_any_size(self):
        for url in ("/search/?q=体操", "/search/?area=121011", "/search/?q=体操&area=121002-弁天"):
            with override_settings(SASAEAI_PAGE_SIZE=2):
                few = self.count(url)
            with override_settings(SASAEAI_PAGE_SIZE=20):
                many = self.count(url)
            self.assertEqual(few, many, url)

    def test_it_reads_the_api_list_in_the_same_queries_for_2_or_50_rows(self):
        few = self.count("/api/hsds/services?per_page=2")
        many = self.count("/api/hsds/services?per_page=50")
        self.assertEqual(few, many)

    def test_it_reads_a_detail_page_in_the_same_queries_with_or_without_rules(self):
        plain = self.make_resource(name="ルールのない会", category="5.1.1", town=self.innai)
        self.assertEqual(
            self.count(f"/resources/{plain.pk}/"), self.count(f"/resources/{self.salon.pk}/")
        )

    def test_it_reads_the_top_in_a_few_queries(self):
        # 13 when written: the stamps, the city, its categories and wards, the 相談機関 (their
        # ids and their cards' five flat queries); the page itself is then kept a minute.
        self.assertLessEqual(self.count("/"), 13)
