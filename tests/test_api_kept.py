"""Service objects kept as JSON (api/kept.py): a page with kept objects is the made page
to the byte, reads no service row for them, and shows an edit at once; run on SQLite and
on PostgreSQL."""

from __future__ import annotations

import json
from urllib.parse import urlencode

from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from tests.base import DirectoryTestCase

SEARCH = "/api/hsds/services?" + urlencode({"search": "ひだまり"})


class KeptServiceTests(DirectoryTestCase):
    def committed(self):
        return self.captureOnCommitCallbacks(execute=True)

    def test_it_answers_a_kept_page_identical_to_a_made_one(self):
        for url in (
            SEARCH,
            "/api/hsds/services?per_page=7&page=2",
            "/api/hsds/service_at_locations",
        ):
            with override_settings(SASAEAI_KEEP_CARDS=False):
                made = self.client.get(url)
            self.client.get(url)
            kept = self.client.get(url)
            self.assertEqual(made.content, kept.content, url)
            self.assertEqual(made["Content-Type"], kept["Content-Type"])
            self.assertTrue(json.loads(kept.content)["contents"], url)

    def test_it_reads_no_service_row_for_kept_objects(self):
        self.client.get(SEARCH)
        with CaptureQueriesContext(connection) as captured:
            self.client.get(SEARCH)
        rows = [q["sql"] for q in captured if '"directory_resource"."description"' in q["sql"]]
        self.assertEqual(rows, [])

    def test_it_shows_an_edit_at_once(self):
        self.assertEqual(
            json.loads(self.client.get(SEARCH).content)["contents"][0]["name"], "院内ひだまりサロン"
        )
        with self.committed():
            self.salon.name = "院内ひだまりサロン（名前を変えた）"
            self.salon.save()
        first = json.loads(self.client.get(SEARCH).content)["contents"][0]
        self.assertEqual(first["name"], "院内ひだまりサロン（名前を変えた）")

    def test_it_shows_a_renamed_category_at_once(self):
        category = self.salon.categories.get()
        self.client.get(SEARCH)
        with self.committed():
            category.name = "名前を変えた分類"
            category.short_name = ""
            category.save()
        self.assertIn("名前を変えた分類", self.client.get(SEARCH).content.decode())
