"""The search index follows the data by itself (directory/signals.py, search.reindex and
manage.py reindex); run on SQLite and on PostgreSQL.

A TestCase never commits, so each `committed()` block stands for one committed transaction:
it runs the on-commit work registered inside it.
"""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Iterator
from unittest import mock

from django.core.management import CommandError, call_command
from django.db import transaction

from directory import search
from directory.models import Category, Provider, Resource, ScheduleRule, SearchToken
from directory.search import index
from tests.base import DirectoryTestCase


@contextlib.contextmanager
def spied_reindex() -> Iterator[mock.Mock]:
    """Every reindex: called through the package (callers) or within it (at commit)."""
    spy = mock.Mock(wraps=index.reindex)
    with mock.patch.object(search, "reindex", spy), mock.patch.object(index, "reindex", spy):
        yield spy


def names(criteria: search.Criteria) -> list[str]:
    return [r.name for r in search.run(criteria, 1, 100).resources]


class IndexFollowsDataTests(DirectoryTestCase):
    def committed(self):
        return self.captureOnCommitCallbacks(execute=True)

    def crit(self, **kwargs) -> search.Criteria:
        return search.Criteria(municipality=self.chiba, **kwargs)

    def snapshot(self) -> tuple[set, dict]:
        """The city's index rows and every derived column of its resources."""
        tokens = set(
            SearchToken.objects.filter(municipality_id=self.chiba.pk).values_list(
                "token", "resource_id", "weight"
            )
        )
        columns = {
            row[0]: row[1:]
            for row in Resource.objects.filter(municipality=self.chiba).values_list(
                "pk",
                "search_text",
                "search_name",
                "search_tags",
                "weekday_mask",
                "daypart_mask",
                "next_date",
            )
        }
        return tokens, columns

    def rebuilt(self) -> tuple[set, dict]:
        """The same after throwing the index away and building it again from the data."""
        SearchToken.objects.all().delete()
        Resource.objects.update(
            search_text="",
            search_name="",
            search_tags="",
            weekday_mask=0,
            daypart_mask=0,
            next_date=None,
        )
        call_command("reindex", municipality=self.chiba.code)
        return self.snapshot()

    def test_it_reindexes_a_saved_resource(self):
        with self.committed():
            self.salon.name, self.salon.kana = "院内おひさまサロン", "インナイオヒサマサロン"
            self.salon.save()
        self.assertIn("院内おひさまサロン", names(self.crit(q="おひさま")))
        self.assertNotIn("院内おひさまサロン", names(self.crit(q="ひだまり")))

    def test_it_follows_a_renamed_provider(self):
        with self.committed():
            self.provider.name = "院内さくら会"
            self.provider.save()
        self.assertIn(self.salon.name, names(self.crit(q="さくら会")))
        self.assertNotIn(self.salon.name, names(self.crit(q="院内町内会")))

    def test_it_follows_a_renamed_category_and_a_changed_code(self):
        shop = self.make_resource(name="院内ふれあい号", category="3.3", town=self.innai)
        category = Category.objects.get(code="3.3")
        with self.committed():
            category.name = category.short_name = "キッチンカー"
            category.save()
        self.assertIn(shop.name, names(self.crit(q="キッチンカー")))
        self.assertNotIn(shop.name, names(self.crit(q="移動販売")))
        with self.committed():
            category.code = "3.9"
            category.save()
        self.assertEqual(names(self.crit(category=category, area=self.innai)), [shop.name])

    def test_it_follows_categories_areas_and_schedule_rules(self):
        with self.committed():
            self.salon.categories.add(Category.objects.get(code="5.2"))
            self.salon.served_areas.add(self.mihama)
            ScheduleRule.objects.create(resource=self.salon, freq="weekly", weekdays=[4])
        friday = names(self.crit(category=Category.objects.get(code="5.2"), days=(4,)))
        self.assertIn(self.salon.name, friday)
        self.assertIn(self.salon.name, names(self.crit(q="ひだまり", area=self.mihama)))
        with self.committed():
            Category.objects.get(code="5.2").resources.remove(self.salon)
            self.salon.served_areas.clear()
            self.salon.schedule_rules.filter(freq="weekly").delete()
        self.assertNotIn(self.salon.name, names(self.crit(q="ひだまり", days=(4,))))
        self.assertNotIn(self.salon.name, names(self.crit(q="ひだまり", area=self.mihama)))
        self.assertNotIn(self.salon.name, names(self.crit(q="介護者支援")))

    def test_it_finds_a_resource_by_the_area_it_is_held_in(self):
        somewhere = self.make_resource(
            name="弁天圏域ピカリン体操", category="5.1.1", town=None, place_area=self.benten
        )
        for area, found in ((self.benten, True), (self.innai, False), (self.chiba, True)):
            criteria = self.crit(q="ピカリン", area=area)
            self.assertEqual(somewhere.name in names(criteria), found, area)
            self.assertEqual(
                somewhere.pk in set(search.filtered(criteria).values_list("pk", flat=True)),
                found,
                area,
            )
        with self.committed():
            somewhere.place_area = self.mihama
            somewhere.save()
        self.assertEqual(names(self.crit(q="ピカリン", area=self.mihama)), [somewhere.name])

    def test_it_reindexes_each_resource_once_per_transaction(self):
        other = self.make_resource(name="院内ことぶき体操", category="5.1.2", town=self.innai)
        with spied_reindex() as spy:
            with self.committed(), transaction.atomic():
                self.salon.name = "院内おひさまサロン"
                self.salon.save()
                self.salon.categories.add(Category.objects.get(code="5.2"))
                ScheduleRule.objects.create(resource=self.salon, freq="weekly", weekdays=[4])
                with transaction.atomic():  # a savepoint, as an edit inside an import
                    other.name = "院内ことぶき体操クラブ"
                    other.save()
                self.provider.name = "院内さくら会"
                self.provider.save()  # the provider of both
            batches = [sorted(call.args[0]) for call in spy.call_args_list]
        everyone = [self.salon.pk, self.hidden.pk, other.pk]  # the provider's resources
        self.assertEqual(batches, [sorted(everyone)])
        self.assertIn(self.salon.name, names(self.crit(q="さくら会", days=(4,))))

    def test_it_leaves_nothing_to_do_at_commit_after_a_batch_of_its_own(self):
        """An import saves many resources, then indexes them in one batch itself; a back-office
        edit saves and calls refresh_derived(): the commit indexes nothing again, and what
        changes after such a batch is indexed at commit."""
        other = self.make_resource(name="院内ことぶき体操", category="5.1.2", town=self.innai)
        with spied_reindex() as spy:
            with self.committed(), transaction.atomic():
                for resource, name in ((self.salon, "院内おひさまサロン"), (other, "院内体操")):
                    with transaction.atomic():
                        resource.name = name
                        resource.save()
                        resource.refresh_derived(reindex=False)
                search.reindex([self.salon.pk, other.pk])
            with self.committed(), transaction.atomic():
                self.salon.name = "院内ひなたサロン"
                self.salon.save()
                self.salon.refresh_derived()
                other.categories.add(Category.objects.get(code="5.2"))
            batches = [list(call.args[0]) for call in spy.call_args_list]
        self.assertEqual(batches, [[self.salon.pk, other.pk], [self.salon.pk], [other.pk]])
        self.assertEqual(names(self.crit(q="ひなた")), ["院内ひなたサロン"])
        self.assertIn("院内体操", names(self.crit(q="介護者支援")))

    def test_it_indexes_again_what_a_rolled_back_savepoint_indexed(self):
        """A batch inside a savepoint that is rolled back is undone with it: the change made
        before the savepoint is indexed at commit all the same."""
        with self.committed(), transaction.atomic():
            self.salon.name = "院内おひさまサロン"
            self.salon.save()
            try:
                with transaction.atomic():
                    search.reindex([self.salon.pk])
                    raise RuntimeError("the import is refused")
            except RuntimeError:
                pass
        self.assertEqual(names(self.crit(q="おひさま")), ["院内おひさまサロン"])

    def test_it_equals_a_full_rebuild_after_a_sequence_of_edits(self):
        shop = self.make_resource(name="院内ピカリン号", category="3.3", town=self.innai)
        gone = self.make_resource(name="院内おわりの会", category="5.1.1", town=self.innai)
        helper = Provider.objects.create(
            municipality=self.chiba, name="院内ボランティア", kind=Provider.Kind.VOLUNTEERS
        )
        edits = [
            lambda: _set(self.provider, name="院内さくら会"),
            lambda: _set(Category.objects.get(code="5.1.1"), name="集いの場"),
            lambda: _set(Category.objects.get(code="3.3"), code="3.9"),
            lambda: self.salon.categories.add(Category.objects.get(code="5.2")),
            lambda: self.salon.categories.remove(Category.objects.get(code="5.1.1")),
            lambda: Category.objects.get(code="4").resources.add(shop),
            lambda: shop.served_areas.set([self.benten, self.mihama]),
            lambda: ScheduleRule.objects.create(
                resource=shop, freq="weekly", weekdays=[0, 3], opens_at=datetime.time(14)
            ),
            lambda: self.salon.schedule_rules.all().delete(),
            # shop is the instance from before its rule: saving it writes the day columns
            # it was loaded with, and they are put right again.
            lambda: _set(shop, status=Resource.Status.DRAFT),
            lambda: _set(shop, status=Resource.Status.PUBLISHED, provider=helper),
            lambda: _set(self.salon, town=None, place_area=self.benten),
            lambda: helper.delete(),
            lambda: gone.delete(),
            lambda: _set(self.hidden, status=Resource.Status.PUBLISHED),
        ]
        for edit in edits:
            with self.committed():
                edit()
        self.assertIn(shop.name, names(self.crit(q="ピカリン", days=(3,), daypart=2)))
        self.assertNotIn(shop.name, names(self.crit(q="ピカリン", days=(1,))))
        after_edits = self.snapshot()
        self.assertEqual(after_edits, self.rebuilt())

    def test_it_rebuilds_one_city_or_all(self):
        SearchToken.objects.filter(resource=self.salon).delete()
        call_command("reindex")
        self.assertIn(self.salon.name, names(self.crit(q="ひだまり")))
        with self.assertRaises(CommandError):
            call_command("reindex", municipality="000000")


def _set(instance, **values) -> None:
    for name, value in values.items():
        setattr(instance, name, value)
    instance.save()
