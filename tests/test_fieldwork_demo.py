"""fieldwork/demo.py: the talk's 地域課題 and 体力測定会, marked 見本, loaded by load_demo."""

from __future__ import annotations

import io

from django.core.management import call_command
from django.test import TestCase

from areas.models import Area
from fieldwork import demo, editing
from fieldwork.models import IssueNote, LocalIssue, SupportRecord, Version


class DemoTest(TestCase):
    def setUp(self) -> None:
        self.chiba = Area.objects.get(code="121002")

    def test_it_loads_the_talks_records_as_samples(self):
        made = demo.load_fieldwork_demo(self.chiba)
        self.assertEqual(made, {"issues": 3, "support": 1})
        titles = set(LocalIssue.objects.values_list("title", flat=True))
        self.assertEqual(
            titles,
            {
                "ごみ出し・買い物支援が欲しい",
                "誰でも参加できるカフェが欲しい",
                "徒歩圏内にラジオ体操を開催したい",
            },
        )
        self.assertFalse(LocalIssue.objects.filter(is_sample=False).exists())
        self.assertTrue(
            all(i.raised_count is None for i in LocalIssue.objects.all())
        )  # not in the talk
        record = SupportRecord.objects.get()
        self.assertTrue(record.is_sample)
        self.assertEqual(record.partners, ["いきいきプラザ"])
        self.assertIn("体操紹介", record.activities)
        radio = LocalIssue.objects.get(title="徒歩圏内にラジオ体操を開催したい")
        self.assertEqual(radio.status, LocalIssue.Status.WORKING)
        self.assertEqual(IssueNote.objects.filter(issue=radio).count(), 2)
        self.assertEqual(radio.resources.count(), 1)  # the loop from need to a 通いの場
        self.assertEqual(
            editing.versions_of(radio).first().snapshot["resources"], [radio.resources.get().pk]
        )

    def test_it_replaces_its_samples_when_loaded_again_and_keeps_real_records(self):
        benten = Area.objects.get(code="121002-弁天")
        real = editing.create(
            LocalIssue(municipality=self.chiba, area=benten, title="本物の課題", source="visit"),
            None,
        )
        demo.load_fieldwork_demo(self.chiba)
        demo.load_fieldwork_demo(self.chiba)
        self.assertEqual(LocalIssue.objects.filter(is_sample=True).count(), 3)
        self.assertEqual(SupportRecord.objects.count(), 1)
        self.assertTrue(LocalIssue.objects.filter(pk=real.pk).exists())
        sample_ids = set(LocalIssue.objects.filter(is_sample=True).values_list("pk", flat=True))
        kept = set(Version.objects.filter(kind="issue").values_list("record_id", flat=True))
        self.assertEqual(kept, sample_ids | {real.pk})  # no history left of replaced samples

    def test_it_is_loaded_by_load_demo(self):
        out = io.StringIO()
        call_command("load_demo", count=20, stdout=out)
        self.assertIn("活動記録の見本: 地域課題 3 件・支援記録 1 件", out.getvalue())
        self.assertEqual(LocalIssue.objects.filter(is_sample=True).count(), 3)
