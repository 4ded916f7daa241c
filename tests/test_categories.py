"""ensure_categories: the category tree written only where it differs (a saved category
reindexes every resource in it, and the loaders call this for every municipality)."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory.categories import CATEGORY_TREE, ensure_categories
from directory.models import Category, IndexStamp
from tests.base import DirectoryTestCase


class EnsureCategoriesTest(DirectoryTestCase):
    def test_it_writes_nothing_when_the_tree_is_already_there(self) -> None:
        stamp = IndexStamp.objects.get(pk=self.chiba.pk).stamp
        with CaptureQueriesContext(connection) as queries:
            ensure_categories()
        writes = [
            q["sql"] for q in queries if q["sql"].split()[0] in {"INSERT", "UPDATE", "DELETE"}
        ]
        self.assertEqual(writes, [])
        self.assertEqual(len(queries), 1)  # the tree read once
        self.assertEqual(IndexStamp.objects.get(pk=self.chiba.pk).stamp, stamp)

    def test_it_puts_a_changed_category_back_and_reindexes_its_resources(self) -> None:
        Category.objects.filter(code="5.1.1").update(name="べつの名前", sort_order=999)
        stamp = IndexStamp.objects.get(pk=self.chiba.pk).stamp
        with self.captureOnCommitCallbacks(execute=True):
            ensure_categories()
        order, (code, name, *_rest) = next(
            (i, row) for i, row in enumerate(CATEGORY_TREE) if row[0] == "5.1.1"
        )
        salon = Category.objects.get(code=code)
        self.assertEqual((salon.name, salon.sort_order), (name, order))
        self.assertNotEqual(IndexStamp.objects.get(pk=self.chiba.pk).stamp, stamp)

    def test_it_creates_a_missing_category_under_its_parent(self) -> None:
        Category.objects.filter(code="6.4").delete()
        ensure_categories()
        self.assertEqual(Category.objects.get(code="6.4").parent, Category.objects.get(code="6"))
        self.assertEqual(Category.objects.count(), len(CATEGORY_TREE))
