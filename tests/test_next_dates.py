"""Resource.objects.refresh_next_dates and its command."""

import datetime
from io import StringIO

from django.core.management import call_command

from directory.models import Resource, ScheduleRule
from directory.search.text import weekday_token
from tests.base import DirectoryTestCase


class RefreshNextDatesTests(DirectoryTestCase):
    def test_it_moves_past_dates_on_to_the_next_occurrence(self):
        Resource.objects.filter(pk=self.salon.pk).update(next_date=datetime.date(2020, 1, 1))
        changed = Resource.objects.filter(pk=self.salon.pk).refresh_next_dates(
            today=datetime.date(2026, 12, 10)
        )
        self.salon.refresh_from_db()
        self.assertEqual(changed, 1)
        # 第2・第4水曜日: after 9 December 2026 comes 23 December.
        self.assertEqual(self.salon.next_date, datetime.date(2026, 12, 23))

    def test_it_leaves_current_dates_alone_and_reports_from_the_command(self):
        Resource.objects.filter(pk=self.salon.pk).update(next_date=datetime.date(2000, 1, 5))
        out = StringIO()
        call_command("refresh_next_dates", stdout=out)
        self.assertIn("更新しました", out.getvalue())
        self.salon.refresh_from_db()
        self.assertGreater(self.salon.next_date, datetime.date(2026, 1, 1))
        self.assertFalse(Resource.objects.filter(next_date__lt=datetime.date(2026, 11, 1)).exists())


class OneOffDatesTests(DirectoryTestCase):
    def test_it_moves_on_through_one_off_dates_and_forgets_past_weekdays(self):
        ScheduleRule.objects.filter(resource=self.salon).delete()
        ScheduleRule.objects.create(
            resource=self.salon, freq="dates", dates=["2027-01-11", "2027-01-12", "2027-01-15"]
        )
        ScheduleRule.objects.create(
            resource=self.salon, freq="dates", dates=["2027-01-11"], except_holidays=True
        )
        self.salon.refresh_derived(datetime.date(2027, 1, 1))
        self.salon.refresh_from_db()
        # 11 January 2027 (Mon) is 成人の日, but the first rule does not skip holidays.
        self.assertEqual(self.salon.next_date, datetime.date(2027, 1, 11))
        self.assertEqual(self.salon.weekday_mask, 0b10011)  # 月・火・金
        self.assertIn(weekday_token(0), self.salon.search_text)
        Resource.objects.filter(pk=self.salon.pk).refresh_next_dates(
            today=datetime.date(2027, 1, 13)
        )
        self.salon.refresh_from_db()
        self.assertEqual(self.salon.next_date, datetime.date(2027, 1, 15))
        self.assertEqual(self.salon.weekday_mask, 1 << 4)  # only Friday is still to come
        self.assertNotIn(weekday_token(0), self.salon.search_text)  # the index follows
        self.assertIn(weekday_token(4), self.salon.search_text)
        Resource.objects.filter(pk=self.salon.pk).refresh_next_dates(
            today=datetime.date(2027, 1, 16)
        )
        self.salon.refresh_from_db()
        self.assertEqual((self.salon.next_date, self.salon.weekday_mask), (None, 0))
