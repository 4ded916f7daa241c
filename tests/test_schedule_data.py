"""directory.schedule_data: a rule as JSON, the shape of history snapshots and the export's
日程（データ） column, kept whole through the back office's rule form and the history."""

import datetime
import json

from django.test import SimpleTestCase

from directory.models import ScheduleRule
from directory.schedule_data import RULE_FIELDS, empty_rule, rule_data
from office import history
from office.forms import RuleForm

RICH = ScheduleRule(
    freq="monthly_nth",
    weekdays=[1],
    nths=[2],
    interval=1,
    opens_at=datetime.time(10),
    closes_at=datetime.time(11, 30),
    except_months=[8],
    except_dates=["2026-09-08"],
    months=[1, 3, 5, 7, 9, 11],
    except_holidays=True,
    note="年末年始を除く",
)
DATES = ScheduleRule(freq="dates", dates=["2026-03-10", "2026-06-09"], opens_at=datetime.time(10))


def form_data(values: dict) -> dict:
    """rule_data as the rule form's POST, the way a coordinator's browser sends it."""
    data = {}
    for key, value in values.items():
        if key in ("month_days", "except_dates", "dates"):
            data[key] = "、".join(str(v) for v in value)
        elif isinstance(value, list):
            data[key] = [str(v) for v in value]
        elif isinstance(value, bool):
            if value:
                data[key] = "on"
        elif value is not None:
            data[key] = str(value)
    return data


class RuleDataTests(SimpleTestCase):
    def test_it_names_the_fields_issue_11_added(self):
        for name in ("months", "dates", "except_holidays"):
            self.assertIn(name, RULE_FIELDS)
            self.assertIn(name, empty_rule("weekly"))
        self.assertEqual(rule_data(RICH)["months"], [1, 3, 5, 7, 9, 11])
        self.assertIs(rule_data(RICH)["except_holidays"], True)
        self.assertEqual(rule_data(DATES)["dates"], ["2026-03-10", "2026-06-09"])

    def test_it_comes_back_unchanged_from_json_through_a_history_snapshot(self):
        for rule in (RICH, DATES):
            with self.subTest(freq=rule.freq):
                data = json.loads(json.dumps(rule_data(rule)))
                self.assertEqual(rule_data(history.rule_from_data(data)), rule_data(rule))

    def test_it_comes_back_unchanged_through_the_rule_form(self):
        for rule in (RICH, DATES):
            with self.subTest(freq=rule.freq):
                form = RuleForm(data=form_data(rule_data(rule)))
                self.assertTrue(form.is_valid(), form.errors)
                self.assertEqual(rule_data(form.rule()), rule_data(rule))

    def test_it_reads_a_rule_kept_before_the_new_fields_as_every_month(self):
        old = {k: v for k, v in rule_data(RICH).items() if k not in ("months", "dates")}
        old.pop("except_holidays")
        rule = history.rule_from_data(old)
        self.assertEqual((rule.months, rule.dates, rule.except_holidays), ([], [], False))


class RuleHistoryTests(SimpleTestCase):
    def test_it_names_months_dates_and_holidays_in_the_history(self):
        shown = history.display("rules", [rule_data(RICH), rule_data(DATES)])
        self.assertIn("奇数月の第2火曜日 10:00〜11:30（8月は休み）（祝日を除く）", shown)
        self.assertIn("2026年3月10日（火）・6月9日（火） 10:00〜", shown)

    def test_it_sees_no_change_in_a_snapshot_kept_before_the_new_fields(self):
        plain = ScheduleRule(freq="weekly", weekdays=[0], interval=1)
        new = rule_data(plain)
        old = {k: v for k, v in new.items() if k not in ("months", "dates", "except_holidays")}
        self.assertEqual(history.differences({"rules": [old]}, {"rules": [new]}), [])
        changed = {**new, "months": [4, 5]}
        (difference,) = history.differences({"rules": [old]}, {"rules": [changed]})
        self.assertEqual(difference.new, "4月・5月の毎週月曜日")
