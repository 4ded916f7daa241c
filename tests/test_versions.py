"""sasaeai/lib/versions.py: the version claim, snapshots and differences, on real models."""

from __future__ import annotations

import datetime

from directory.models import Resource
from fieldwork.models import LocalIssue, SupportRecord
from sasaeai.lib import versions
from tests.fieldwork_base import FieldworkTestCase


class VersionsTest(FieldworkTestCase):
    def test_it_claims_a_version_once(self):
        version = self.issue.version
        self.assertTrue(versions.claim(LocalIssue, self.issue.pk, version))
        self.assertFalse(versions.claim(LocalIssue, self.issue.pk, version))
        self.issue.refresh_from_db()
        self.assertEqual(self.issue.version, version + 1)

    def test_it_claims_whatever_the_version_when_none_is_given(self):
        self.assertTrue(versions.claim(Resource, self.salon.pk, None))
        self.assertFalse(versions.claim(Resource, 999_999_999, None))

    def test_it_keeps_dates_relations_and_many_to_many_as_json(self):
        self.issue.resources.add(self.salon)
        data = versions.snapshot(self.issue, ["area", "status", "resources"])
        self.assertEqual(
            data, {"area": self.benten.pk, "status": "noted", "resources": [self.salon.pk]}
        )
        record = versions.snapshot(self.record, ["held_on", "partners", "resource"])
        self.assertEqual(
            record,
            {"held_on": "2026-10-20", "partners": ["いきいきプラザ"], "resource": self.salon.pk},
        )

    def test_it_puts_a_snapshot_back(self):
        before = versions.snapshot(self.record, ["held_on", "activities", "resource"])
        self.record.held_on = datetime.date(2026, 1, 5)
        self.record.activities = []
        self.record.save()
        versions.apply(self.record, before, ["held_on", "activities", "resource"])
        self.record.refresh_from_db()
        self.assertEqual(self.record.held_on, datetime.date(2026, 10, 20))
        self.assertEqual(self.record.activities, ["体力測定", "体操紹介"])

    def test_it_leaves_a_vanished_relation_empty_on_restore(self):
        versions.apply(self.record, {"resource": 999_999_999}, ["resource"])
        self.record.refresh_from_db()
        self.assertIsNone(self.record.resource_id)

    def test_it_describes_differences_in_words(self):
        old = {"status": "noted", "raised_count": None, "area": self.benten.pk, "title": "a"}
        new = {"status": "working", "raised_count": 3, "area": self.benten.pk, "title": "a"}
        found = {d.name: d for d in versions.differences(LocalIssue, old, new)}
        self.assertEqual(set(found), {"status", "raised_count"})
        self.assertEqual((found["status"].old, found["status"].new), ("把握", "取り組み中"))
        self.assertEqual((found["raised_count"].old, found["raised_count"].new), ("—", "3"))
        self.assertEqual(found["status"].label, "状態")

    def test_it_describes_dates_lists_and_related_rows(self):
        self.assertEqual(
            versions.describe(SupportRecord, "held_on", "2026-10-20"), "2026年10月20日"
        )
        self.assertEqual(versions.describe(SupportRecord, "partners", ["a", "b"]), "a、b")
        self.assertEqual(
            versions.describe(SupportRecord, "resource", self.salon.pk), self.salon.name
        )
        self.assertEqual(versions.describe(SupportRecord, "resource", 999_999_999), "#999999999")

    def test_it_lists_only_what_is_set_when_there_is_no_old_version(self):
        found = versions.differences(
            LocalIssue, None, {"title": "a", "details": "", "raised_count": None}
        )
        self.assertEqual([d.name for d in found], ["title"])
