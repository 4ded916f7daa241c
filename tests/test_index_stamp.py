"""A city's IndexStamp (directory.models.IndexStamp) changes with everything searchable of
the city, so what is kept under it (the 相談機関 of an area's results page) is never
shown out of date; run on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime

from directory import search
from directory.models import Resource, ScheduleRule
from tests.base import DirectoryTestCase


class IndexStampTests(DirectoryTestCase):
    def committed(self):
        return self.captureOnCommitCallbacks(execute=True)

    def stamp(self) -> str:
        return search.stamp(self.chiba.pk)

    def test_it_changes_when_a_resource_is_saved(self):
        before = self.stamp()
        with self.committed():
            self.salon.name = "院内ひだまりサロン（新）"
            self.salon.save()
        self.assertNotEqual(self.stamp(), before)

    def test_it_changes_when_a_rule_changes_and_when_a_resource_is_deleted(self):
        before = self.stamp()
        with self.committed():
            ScheduleRule.objects.filter(resource=self.salon).update(opens_at=datetime.time(9))
            self.salon.schedule_rules.first().save()
        after_rule = self.stamp()
        self.assertNotEqual(after_rule, before)
        self.hidden.delete()
        self.assertNotEqual(self.stamp(), after_rule)

    def test_it_changes_when_the_nightly_refresh_moves_a_date(self):
        Resource.objects.filter(pk=self.salon.pk).update(next_date=datetime.date(2000, 1, 1))
        before = self.stamp()
        self.assertGreaterEqual(Resource.objects.refresh_next_dates(), 1)
        self.assertNotEqual(self.stamp(), before)

    def test_it_is_not_changed_by_another_citys_data(self):
        other = self.make_resource(
            name="船橋の会", category="5.1.1", municipality=self.chiba, town=self.innai
        )
        before = self.stamp()
        search.touch([other.municipality_id + 10_000_000])
        self.assertEqual(self.stamp(), before)


class ConsultationFollowsDataTests(DirectoryTestCase):
    """The 相談機関 block is kept per area under the stamp: a new one shows at once."""

    URL = "/search/?q=ひだまり&day=thu&area=121002-弁天"

    def test_it_shows_a_consultation_resource_published_after_the_block_was_kept(self):
        first = self.client.get(self.URL)
        self.assertContains(first, "あんしんケアセンター弁天")
        self.assertNotContains(first, "弁天よろず相談室")
        with self.captureOnCommitCallbacks(execute=True):
            self.make_resource(name="弁天よろず相談室", category="6.1", town=self.benten_town())
        self.assertContains(self.client.get(self.URL), "弁天よろず相談室")

    def test_it_drops_a_consultation_resource_withdrawn_after_the_block_was_kept(self):
        shown = search.consultation_for(self.chiba, self.benten)
        self.assertTrue(shown)
        with self.captureOnCommitCallbacks(execute=True):
            first = Resource.objects.get(pk=shown[0].pk)
            first.status = Resource.Status.DRAFT
            first.save()
        self.assertNotIn(first.pk, [r.pk for r in search.consultation_for(self.chiba, self.benten)])

    def benten_town(self):
        return self.benten.children.filter(kind="town").order_by("pk").first()
