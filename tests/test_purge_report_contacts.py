"""manage.py purge_report_contacts: report contacts erased after the keeping time."""

from __future__ import annotations

import datetime
from io import StringIO

from django.core.management import CommandError, call_command
from django.utils import timezone

from office.models import Report
from tests.base import OfficeTestCase


class PurgeReportContactsTests(OfficeTestCase):
    def report(self, days_ago: int, contact: str = "山田 043-000-0000") -> Report:
        return Report.objects.create(
            resource=self.salon,
            body=f"{days_ago}日前の報告",
            contact=contact,
            sender_hash="a" * 64,
            created_at=timezone.now() - datetime.timedelta(days=days_ago),
        )

    def run_command(self, *args: str) -> str:
        out = StringIO()
        call_command("purge_report_contacts", *args, stdout=out)
        return out.getvalue()

    def test_it_erases_contacts_older_than_the_days_and_keeps_the_report(self):
        old, recent = self.report(31), self.report(29)
        old.status, old.reply = Report.Status.DONE, "直しました"
        old.save()
        self.assertIn("1 件の連絡先を消しました", self.run_command("--days", "30"))
        old.refresh_from_db()
        recent.refresh_from_db()
        self.assertEqual((old.contact, old.sender_hash), ("", ""))
        self.assertEqual((old.body, old.reply, old.status), ("31日前の報告", "直しました", "done"))
        self.assertEqual(recent.contact, "山田 043-000-0000")
        self.assertEqual(recent.sender_hash, "a" * 64)
        # Run again: nothing left to erase.
        self.assertIn(" 0 件", self.run_command("--days", "30"))

    def test_it_says_on_the_report_that_the_contact_was_erased(self):
        old, unsigned = self.report(200), self.report(1, contact="")
        self.run_command()  # the default: SASAEAI_REPORT_CONTACT_DAYS (180)
        self.client.force_login(self.admin)
        page = self.client.get(f"/office/reports/{old.pk}/")
        self.assertContains(page, "保存期間を過ぎたため消しました")
        self.assertNotContains(page, "043-000-0000")
        self.assertContains(self.client.get(f"/office/reports/{unsigned.pk}/"), "書かれていません")

    def test_it_only_counts_on_a_dry_run(self):
        old = self.report(400)
        self.assertIn("1 件", self.run_command("--days", "365", "--dry-run"))
        old.refresh_from_db()
        self.assertEqual(old.contact, "山田 043-000-0000")

    def test_it_refuses_a_day_count_below_one(self):
        with self.assertRaisesMessage(CommandError, "--days は1以上"):
            self.run_command("--days", "0")
