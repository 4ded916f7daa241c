"""Tests for directory.schedules (pure Python, no database)."""

from datetime import date, time

from directory.schedules import (
    AFTERNOON,
    MORNING,
    Rule,
    daypart_mask,
    describe,
    describe_all,
    format_date,
    format_date_full,
    next_dates,
    occurrences,
    to_hsds,
    validate,
    weekday_mask,
)

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)


# --- occurrences: monthly_nth ------------------------------------------------


def test_it_finds_fifth_wednesday_only_in_months_that_have_one() -> None:
    rule = Rule(freq="monthly_nth", weekdays=[WED], nths=[5])
    assert occurrences(rule, date(2026, 1, 1), date(2026, 12, 31)) == [
        date(2026, 4, 29),
        date(2026, 7, 29),
        date(2026, 9, 30),
        date(2026, 12, 30),
    ]


def test_it_finds_last_friday_of_february_in_non_leap_year() -> None:
    rule = Rule(freq="monthly_nth", weekdays=[FRI], nths=[-1])
    # 2025-02-28 is itself a Friday and the last day of the month.
    assert occurrences(rule, date(2025, 2, 1), date(2025, 2, 28)) == [date(2025, 2, 28)]


def test_it_finds_last_friday_on_leap_day() -> None:
    rule = Rule(freq="monthly_nth", weekdays=[FRI], nths=[-1])
    assert occurrences(rule, date(2036, 2, 1), date(2036, 3, 1)) == [date(2036, 2, 29)]


def test_it_finds_last_friday_before_leap_day_that_is_not_friday() -> None:
    rule = Rule(freq="monthly_nth", weekdays=[FRI], nths=[-1])
    # 2024-02-29 is a Thursday, so the last Friday is a week earlier.
    assert occurrences(rule, date(2024, 2, 1), date(2024, 2, 29)) == [date(2024, 2, 23)]


def test_it_finds_first_monday_when_the_first_is_a_monday() -> None:
    rule = Rule(freq="monthly_nth", weekdays=[MON], nths=[1])
    # 2026-06-01 is a Monday; 2026-07-01 is a Wednesday.
    assert occurrences(rule, date(2026, 6, 1), date(2026, 7, 31)) == [
        date(2026, 6, 1),
        date(2026, 7, 6),
    ]


def test_it_combines_several_nths_and_weekdays() -> None:
    rule = Rule(freq="monthly_nth", weekdays=[MON, THU], nths=[1, 3])
    assert occurrences(rule, date(2026, 10, 1), date(2026, 10, 31)) == [
        date(2026, 10, 1),
        date(2026, 10, 5),
        date(2026, 10, 15),
        date(2026, 10, 19),
    ]


def test_it_clips_monthly_nth_to_the_requested_range() -> None:
    rule = Rule(freq="monthly_nth", weekdays=[WED], nths=[2, 4])
    # December 2026: 2nd Wed = 9th, 4th Wed = 23rd; start after the 9th.
    assert occurrences(rule, date(2026, 12, 10), date(2027, 1, 13)) == [
        date(2026, 12, 23),
        date(2027, 1, 13),
    ]


# --- occurrences: monthly_day ------------------------------------------------


def test_it_skips_day_31_in_short_months() -> None:
    rule = Rule(freq="monthly_day", month_days=[31])
    assert occurrences(rule, date(2026, 1, 1), date(2026, 7, 31)) == [
        date(2026, 1, 31),
        date(2026, 3, 31),
        date(2026, 5, 31),
        date(2026, 7, 31),
    ]


def test_it_keeps_day_29_of_february_only_in_leap_years() -> None:
    rule = Rule(freq="monthly_day", month_days=[29])
    assert occurrences(rule, date(2024, 2, 1), date(2024, 2, 29)) == [date(2024, 2, 29)]
    assert occurrences(rule, date(2025, 2, 1), date(2025, 2, 28)) == []


def test_it_lists_several_month_days_in_order() -> None:
    rule = Rule(freq="monthly_day", month_days=[15, 1])
    assert occurrences(rule, date(2026, 1, 10), date(2026, 2, 20)) == [
        date(2026, 1, 15),
        date(2026, 2, 1),
        date(2026, 2, 15),
    ]


# --- occurrences: weekly -----------------------------------------------------


def test_it_lists_every_weekly_day() -> None:
    rule = Rule(freq="weekly", weekdays=[MON, WED, FRI])
    assert occurrences(rule, date(2026, 6, 1), date(2026, 6, 8)) == [
        date(2026, 6, 1),
        date(2026, 6, 3),
        date(2026, 6, 5),
        date(2026, 6, 8),
    ]


def test_it_counts_every_other_week_from_the_week_of_valid_from() -> None:
    # valid_from is a Wednesday; week 0 is the week of Monday 2026-03-30,
    # whose Tuesday (31st) is before valid_from and so not included.
    rule = Rule(freq="weekly", weekdays=[TUE], interval=2, valid_from=date(2026, 4, 1))
    assert occurrences(rule, date(2026, 3, 1), date(2026, 5, 15)) == [
        date(2026, 4, 14),
        date(2026, 4, 28),
        date(2026, 5, 12),
    ]


def test_it_counts_every_other_week_from_2000_without_valid_from() -> None:
    # Monday 2026-01-05 is 1357 weeks after 2000-01-03: an odd (off) week.
    rule = Rule(freq="weekly", weekdays=[TUE], interval=2)
    assert occurrences(rule, date(2026, 1, 1), date(2026, 1, 31)) == [
        date(2026, 1, 13),
        date(2026, 1, 27),
    ]


def test_it_keeps_every_other_week_stable_whatever_the_start() -> None:
    rule = Rule(freq="weekly", weekdays=[TUE], interval=2)
    assert occurrences(rule, date(2026, 1, 14), date(2026, 2, 28)) == [
        date(2026, 1, 27),
        date(2026, 2, 10),
        date(2026, 2, 24),
    ]


# --- occurrences: exceptions, validity, irregular -----------------------------


def test_it_skips_except_months_and_except_dates() -> None:
    rule = Rule(
        freq="weekly",
        weekdays=[MON],
        except_months=[8],
        except_dates=["2026-07-20", date(2026, 9, 7)],
    )
    assert occurrences(rule, date(2026, 7, 1), date(2026, 9, 30)) == [
        date(2026, 7, 6),
        date(2026, 7, 13),
        date(2026, 7, 27),
        date(2026, 9, 14),
        date(2026, 9, 21),
        date(2026, 9, 28),
    ]


def test_it_ignores_unparseable_except_dates() -> None:
    rule = Rule(freq="monthly_day", month_days=[9], except_dates=["not a date", "2026-12-09"])
    assert occurrences(rule, date(2026, 11, 1), date(2027, 1, 31)) == [
        date(2026, 11, 9),
        date(2027, 1, 9),
    ]


def test_it_honours_the_validity_period_inclusively() -> None:
    rule = Rule(
        freq="weekly",
        weekdays=[FRI],
        valid_from=date(2026, 4, 3),
        valid_until=date(2026, 4, 24),
    )
    assert occurrences(rule, date(2026, 3, 1), date(2026, 5, 31)) == [
        date(2026, 4, 3),
        date(2026, 4, 10),
        date(2026, 4, 17),
        date(2026, 4, 24),
    ]


def test_it_returns_nothing_outside_the_validity_period() -> None:
    rule = Rule(freq="monthly_day", month_days=[1], valid_until=date(2025, 12, 31))
    assert occurrences(rule, date(2026, 1, 1), date(2026, 12, 31)) == []


def test_it_returns_nothing_for_irregular() -> None:
    rule = Rule(freq="irregular", weekdays=[MON])
    assert occurrences(rule, date(2026, 1, 1), date(2026, 12, 31)) == []


# --- next_dates ---------------------------------------------------------------


def test_it_merges_rules_across_the_year_end() -> None:
    second_wed = Rule(freq="monthly_nth", weekdays=[WED], nths=[2])
    last_fri = Rule(freq="monthly_nth", weekdays=[FRI], nths=[-1])
    day_25 = Rule(freq="monthly_day", month_days=[25])
    # 2026-12-25 is both the last Friday and the 25th: listed once.
    assert next_dates([second_wed, last_fri, day_25], date(2026, 12, 20), 4) == [
        date(2026, 12, 25),
        date(2027, 1, 13),
        date(2027, 1, 25),
        date(2027, 1, 29),
    ]


def test_it_includes_today_and_defaults_to_three_dates() -> None:
    rule = Rule(freq="weekly", weekdays=[WED])
    assert next_dates([rule], date(2026, 12, 9)) == [
        date(2026, 12, 9),
        date(2026, 12, 16),
        date(2026, 12, 23),
    ]


def test_it_stops_at_the_horizon() -> None:
    rule = Rule(freq="monthly_day", month_days=[1])
    assert next_dates([rule], date(2026, 1, 2), count=5, horizon_days=45) == [date(2026, 2, 1)]


def test_it_gives_no_next_dates_for_irregular_rules() -> None:
    assert next_dates([Rule(freq="irregular")], date(2026, 1, 1)) == []


# --- format_date -------------------------------------------------------------


def test_it_formats_dates_in_japanese() -> None:
    assert format_date(date(2026, 12, 9)) == "12月9日(水)"
    assert format_date(date(2027, 1, 3)) == "1月3日(日)"
    assert format_date_full(date(2026, 12, 9)) == "2026年12月9日(水)"


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
