"""directory.schedules: rules in words, masks, HSDS and validation (pure Python, no database)."""

from datetime import date, time

from directory.schedules import (
    AFTERNOON,
    MORNING,
    Rule,
    daypart_mask,
    describe,
    describe_all,
    to_hsds,
    validate,
    weekday_mask,
)

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)


# --- describe ----------------------------------------------------------------


def test_it_describes_weekly_days_with_times() -> None:
    rule = Rule(
        freq="weekly",
        weekdays=[FRI, MON, WED],
        opens_at=time(10, 0),
        closes_at=time(12, 0),
    )
    assert describe(rule) == "毎週月・水・金曜日 10:00〜12:00"


def test_it_describes_every_other_week() -> None:
    rule = Rule(
        freq="weekly",
        weekdays=[TUE],
        interval=2,
        opens_at=time(13, 30),
        closes_at=time(15, 0),
    )
    assert describe(rule) == "隔週火曜日 13:30〜15:00"


def test_it_describes_weekdays_and_every_day() -> None:
    assert describe(Rule(weekdays=[0, 1, 2, 3, 4])) == "毎週月〜金曜日"
    assert describe(Rule(weekdays=list(range(7)))) == "毎日"


def test_it_describes_nth_weekdays() -> None:
    rule = Rule(
        freq="monthly_nth",
        weekdays=[WED],
        nths=[4, 2],
        opens_at=time(10, 0),
        closes_at=time(12, 0),
    )
    assert describe(rule) == "毎月第2・第4水曜日 10:00〜12:00"


def test_it_describes_last_weekday_with_only_opening_time() -> None:
    rule = Rule(freq="monthly_nth", weekdays=[FRI], nths=[-1], opens_at=time(14, 0))
    assert describe(rule) == "毎月最終金曜日 14:00〜"


def test_it_describes_several_nths_and_weekdays() -> None:
    rule = Rule(freq="monthly_nth", weekdays=[THU, MON], nths=[3, 1])
    assert describe(rule) == "毎月第1・第3月・木曜日"
    rule = Rule(freq="monthly_nth", weekdays=[SAT], nths=[-1, 1])
    assert describe(rule) == "毎月第1・最終土曜日"


def test_it_describes_month_days() -> None:
    rule = Rule(
        freq="monthly_day",
        month_days=[15],
        opens_at=time(10, 0),
        closes_at=time(11, 30),
    )
    assert describe(rule) == "毎月15日 10:00〜11:30"
    assert describe(Rule(freq="monthly_day", month_days=[15, 1])) == "毎月1日・15日"


def test_it_describes_irregular() -> None:
    assert describe(Rule(freq="irregular")) == "不定期"


def test_it_does_not_pad_the_hour() -> None:
    rule = Rule(weekdays=[SUN], opens_at=time(9, 30), closes_at=time(11, 5))
    assert describe(rule) == "毎週日曜日 9:30〜11:05"
    assert describe(Rule(weekdays=[SUN], closes_at=time(9, 0))) == "毎週日曜日 〜9:00"


def test_it_describes_except_months() -> None:
    rule = Rule(freq="monthly_nth", weekdays=[WED], nths=[2], except_months=[8])
    assert describe(rule) == "毎月第2水曜日（8月は休み）"
    rule = Rule(freq="monthly_day", month_days=[1], except_months=[12, 8])
    assert describe(rule) == "毎月1日（8月・12月は休み）"


def test_it_describes_the_validity_period() -> None:
    start, end = date(2026, 4, 1), date(2027, 3, 31)
    base = {"weekdays": [MON], "opens_at": time(10, 0), "closes_at": time(11, 0)}
    assert (
        describe(Rule(**base, valid_from=start, valid_until=end))
        == "毎週月曜日 10:00〜11:00（2026年4月1日〜2027年3月31日）"
    )
    assert describe(Rule(**base, valid_from=start)) == "毎週月曜日 10:00〜11:00（2026年4月1日から）"
    assert describe(Rule(**base, valid_until=end)) == "毎週月曜日 10:00〜11:00（2027年3月31日まで）"


def test_it_puts_exceptions_before_the_validity_period() -> None:
    rule = Rule(
        weekdays=[MON],
        except_months=[8],
        valid_until=date(2027, 3, 31),
        note="雨天中止",
    )
    assert describe(rule) == "毎週月曜日（8月は休み）（2027年3月31日まで）"


def test_it_uses_the_wave_dash() -> None:
    text = describe(Rule(weekdays=[MON], opens_at=time(10), closes_at=time(11)))
    assert "\u301c" in text
    assert "\uff5e" not in text  # not the full-width tilde


def test_it_describes_all_rules_joined() -> None:
    rules = [
        Rule(freq="monthly_nth", weekdays=[WED], nths=[2]),
        Rule(freq="monthly_day", month_days=[25], opens_at=time(13, 0)),
    ]
    assert describe_all(rules) == "毎月第2水曜日、毎月25日 13:00〜"
    assert describe_all([]) == ""


# --- masks -------------------------------------------------------------------


def test_it_builds_the_weekday_mask() -> None:
    weekly = Rule(freq="weekly", weekdays=[MON, WED])
    nth = Rule(freq="monthly_nth", weekdays=[SAT], nths=[1])
    assert weekday_mask([weekly, nth]) == 0b0100101
    assert weekday_mask([Rule(freq="monthly_day", month_days=[15])]) == 0b1111111
    assert weekday_mask([Rule(freq="irregular", weekdays=[MON])]) == 0
    assert weekday_mask([]) == 0


def test_it_builds_the_daypart_mask() -> None:
    morning = Rule(opens_at=time(10, 0), closes_at=time(12, 0))
    afternoon = Rule(opens_at=time(13, 30), closes_at=time(15, 0))
    spanning = Rule(opens_at=time(11, 0), closes_at=time(13, 0))
    assert daypart_mask([morning]) == MORNING == 1
    assert daypart_mask([afternoon]) == AFTERNOON == 2
    assert daypart_mask([spanning]) == 3
    assert daypart_mask([morning, afternoon]) == 3
    assert daypart_mask([Rule(opens_at=time(12, 0))]) == AFTERNOON
    assert daypart_mask([Rule(opens_at=time(9, 0))]) == MORNING
    assert daypart_mask([Rule(weekdays=[MON])]) == 0


# --- to_hsds -----------------------------------------------------------------


def test_it_exports_weekly_to_hsds() -> None:
    rule = Rule(
        freq="weekly",
        weekdays=[WED, MON],
        opens_at=time(10, 0),
        closes_at=time(12, 0),
        valid_from=date(2026, 4, 1),
        valid_until=date(2027, 3, 31),
        note="祝日は休み",
    )
    assert to_hsds(rule) == {
        "freq": "WEEKLY",
        "interval": 1,
        "byday": "MO,WE",
        "bymonthday": None,
        "wkst": "MO",
        "dtstart": "2026-04-01",
        "opens_at": "10:00:00",
        "closes_at": "12:00:00",
        "valid_from": "2026-04-01",
        "valid_to": "2027-03-31",
        "description": "毎週月・水曜日 10:00〜12:00（2026年4月1日〜2027年3月31日）。祝日は休み",
    }


def test_it_exports_every_other_week_with_an_anchor() -> None:
    data = to_hsds(Rule(freq="weekly", weekdays=[TUE], interval=2))
    assert data["interval"] == 2
    assert data["byday"] == "TU"
    assert data["dtstart"] == "2000-01-03"
    assert data["valid_from"] is None


def test_it_exports_nth_weekdays_to_hsds() -> None:
    data = to_hsds(Rule(freq="monthly_nth", weekdays=[WED], nths=[4, 2]))
    assert data["freq"] == "MONTHLY"
    assert data["byday"] == "2WE,4WE"
    assert data["bymonthday"] is None
    assert data["description"] == "毎月第2・第4水曜日"


def test_it_exports_last_weekday_to_hsds() -> None:
    data = to_hsds(Rule(freq="monthly_nth", weekdays=[FRI], nths=[-1], opens_at=time(9, 30)))
    assert data["byday"] == "-1FR"
    assert data["opens_at"] == "09:30:00"
    assert data["closes_at"] is None


def test_it_exports_month_days_to_hsds() -> None:
    data = to_hsds(Rule(freq="monthly_day", month_days=[15, 1]))
    assert data["freq"] == "MONTHLY"
    assert data["interval"] == 1
    assert data["bymonthday"] == "1,15"
    assert data["byday"] is None


def test_it_exports_irregular_to_hsds_without_a_frequency() -> None:
    data = to_hsds(Rule(freq="irregular", note="LINEでお知らせします"))
    assert data["freq"] is None
    assert data["interval"] is None
    assert data["byday"] is None
    assert data["description"] == "不定期。LINEでお知らせします"


# --- validate ----------------------------------------------------------------


def test_it_accepts_a_valid_rule() -> None:
    rule = Rule(
        freq="monthly_nth",
        weekdays=[WED],
        nths=[2, -1],
        opens_at=time(10, 0),
        closes_at=time(12, 0),
        valid_from=date(2026, 4, 1),
        valid_until=date(2026, 4, 1),
        except_months=[8],
        except_dates=["2026-12-09"],
    )
    assert validate(rule) == []


def test_it_rejects_closing_before_opening() -> None:
    rule = Rule(weekdays=[MON], opens_at=time(12, 0), closes_at=time(10, 0))
    assert validate(rule) == ["終了時刻は開始時刻より後にしてください"]
    same = Rule(weekdays=[MON], opens_at=time(10, 0), closes_at=time(10, 0))
    assert validate(same) == ["終了時刻は開始時刻より後にしてください"]


def test_it_requires_weekdays() -> None:
    assert validate(Rule(freq="weekly")) == ["曜日を選んでください"]
    assert validate(Rule(freq="weekly", weekdays=[7])) == ["曜日の指定が正しくありません"]


def test_it_rejects_bad_nths() -> None:
    rule = Rule(freq="monthly_nth", weekdays=[WED], nths=[6])
    assert validate(rule) == ["第何週は第1〜第5または最終から選んでください"]
    rule = Rule(freq="monthly_nth", weekdays=[WED], nths=[-2])
    assert validate(rule) == ["第何週は第1〜第5または最終から選んでください"]
    rule = Rule(freq="monthly_nth", weekdays=[WED])
    assert validate(rule) == ["第何週かを選んでください"]


def test_it_rejects_bad_month_days() -> None:
    rule = Rule(freq="monthly_day", month_days=[0, 15])
    assert validate(rule) == ["日にちは1日〜31日から選んでください"]
    rule = Rule(freq="monthly_day", month_days=[32])
    assert validate(rule) == ["日にちは1日〜31日から選んでください"]
    assert validate(Rule(freq="monthly_day")) == ["日にちを選んでください"]


def test_it_rejects_a_validity_period_ending_before_it_starts() -> None:
    rule = Rule(weekdays=[MON], valid_from=date(2026, 4, 1), valid_until=date(2026, 3, 31))
    assert validate(rule) == ["有効期間の終了日は開始日と同じか後にしてください"]


def test_it_rejects_bad_interval_months_dates_and_freq() -> None:
    assert validate(Rule(weekdays=[MON], interval=0)) == ["何週ごとかは1以上の数にしてください"]
    assert validate(Rule(weekdays=[MON], except_months=[13])) == [
        "休みの月は1月〜12月から選んでください"
    ]
    assert validate(Rule(weekdays=[MON], except_dates=["2026-13-01"])) == [
        "休みの日付が正しくありません（2026-13-01）"
    ]
    assert validate(Rule(freq="daily")) == ["繰り返しの種類を選んでください"]


def test_it_reports_several_errors_at_once() -> None:
    rule = Rule(
        freq="weekly",
        opens_at=time(15, 0),
        closes_at=time(14, 0),
        valid_from=date(2026, 4, 1),
        valid_until=date(2026, 1, 1),
    )
    assert validate(rule) == [
        "曜日を選んでください",
        "終了時刻は開始時刻より後にしてください",
        "有効期間の終了日は開始日と同じか後にしてください",
    ]


# --- months, one-off dates and 祝日 in words (issue 11) -----------------------


def test_it_describes_odd_months_even_months_runs_and_lists() -> None:
    odd = Rule(freq="monthly_nth", weekdays=[TUE], nths=[2], months=[1, 3, 5, 7, 9, 11])
    assert describe(odd) == "奇数月の第2火曜日"
    even = Rule(freq="monthly_day", month_days=[10], months=[2, 4, 6, 8, 10, 12])
    assert describe(even) == "偶数月の10日"
    winter = Rule(freq="weekly", weekdays=[WED], months=[1, 2, 10, 11, 12])
    assert describe(winter) == "10〜2月の毎週水曜日"
    listed = Rule(freq="monthly_nth", weekdays=[SAT], nths=[3], months=[4, 8, 12])
    assert describe(listed) == "4月・8月・12月の第3土曜日"


def test_it_describes_one_off_dates_with_the_year_once_a_year() -> None:
    rule = Rule(
        freq="dates",
        dates=["2026-03-10", "2026-06-09", "2027-01-12"],
        opens_at=time(10),
        closes_at=time(12),
    )
    assert describe(rule) == "2026年3月10日（火）・6月9日（火）・2027年1月12日（火） 10:00〜12:00"


def test_it_says_holidays_are_excluded() -> None:
    rule = Rule(freq="weekly", weekdays=[MON, TUE, WED, THU, FRI], except_holidays=True)
    assert describe(rule) == "毎週月〜金曜日（祝日を除く）"


def test_it_gives_a_dates_rule_the_weekdays_of_its_dates_to_come() -> None:
    rule = Rule(freq="dates", dates=["2026-03-10", "2026-12-11"])
    assert weekday_mask([rule]) == (1 << TUE) | (1 << FRI)
    assert weekday_mask([rule], date(2026, 4, 1)) == 1 << FRI
    assert weekday_mask([rule], date(2027, 1, 1)) == 0


def test_it_validates_months_and_dates() -> None:
    assert validate(Rule(freq="dates")) == ["日付指定のときは開催する日付を入れてください"]
    assert validate(Rule(freq="dates", dates=["2026-02-30"])) == [
        "開催する日付が正しくありません（2026-02-30）"
    ]
    assert validate(Rule(freq="weekly", weekdays=[MON], months=[13])) == [
        "開催する月は1月〜12月から選んでください"
    ]
    assert validate(Rule(freq="dates", dates=["2026-03-10"], months=[3])) == []
    assert validate(Rule(freq="weekly", weekdays=[MON], dates=["2026-03-10"])) == [
        "開催する日付は、くり返しが「日付指定」のときだけ入れてください"
    ]
