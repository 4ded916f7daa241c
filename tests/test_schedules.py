"""directory.schedules: which dates a rule gives (pure Python, no database)."""

from datetime import date

from directory.schedules import (
    Rule,
    format_date,
    format_date_full,
    next_dates,
    occurrences,
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


# --- months, one-off dates and 祝日 (issue 11) --------------------------------


def test_it_keeps_a_rule_to_its_months() -> None:
    rule = Rule(freq="monthly_nth", weekdays=[TUE], nths=[2], months=[1, 3, 5, 7, 9, 11])
    assert occurrences(rule, date(2026, 1, 1), date(2026, 6, 30)) == [
        date(2026, 1, 13),
        date(2026, 3, 10),
        date(2026, 5, 12),
    ]


def test_it_keeps_a_weekly_rule_to_months_across_the_new_year() -> None:
    rule = Rule(freq="weekly", weekdays=[WED], months=[10, 11, 12, 1, 2])
    found = occurrences(rule, date(2026, 9, 1), date(2027, 3, 31))
    assert {d.month for d in found} == {10, 11, 12, 1, 2}
    assert found[0] == date(2026, 10, 7)
    assert found[-1] == date(2027, 2, 24)


def test_it_gives_the_one_off_dates_within_the_range() -> None:
    rule = Rule(freq="dates", dates=["2026-03-10", "2026-06-09", date(2026, 11, 10), "x"])
    assert occurrences(rule, date(2026, 4, 1), date(2026, 12, 31)) == [
        date(2026, 6, 9),
        date(2026, 11, 10),
    ]


def test_it_skips_public_holidays_and_substitute_holidays() -> None:
    # Mondays of May 2026: 4 May is みどりの日, 6 May (Wed) is the 振替休日 for 3 May (Sun).
    mondays = Rule(freq="weekly", weekdays=[MON], except_holidays=True)
    assert occurrences(mondays, date(2026, 5, 1), date(2026, 5, 31)) == [
        date(2026, 5, 11),
        date(2026, 5, 18),
        date(2026, 5, 25),
    ]
    wednesdays = Rule(freq="weekly", weekdays=[WED], except_holidays=True)
    assert date(2026, 5, 6) not in occurrences(wednesdays, date(2026, 5, 1), date(2026, 5, 31))
    same_without = Rule(freq="weekly", weekdays=[WED])
    assert date(2026, 5, 6) in occurrences(same_without, date(2026, 5, 1), date(2026, 5, 31))


def test_it_skips_a_holiday_one_off_date() -> None:
    rule = Rule(freq="dates", dates=["2027-01-11", "2027-01-18"], except_holidays=True)
    # 11 January 2027 is 成人の日.
    assert next_dates([rule], date(2027, 1, 1)) == [date(2027, 1, 18)]


def test_it_merges_next_dates_of_months_dates_and_weekly_rules() -> None:
    rules = [
        Rule(freq="dates", dates=["2026-12-20"]),
        Rule(freq="monthly_nth", weekdays=[TUE], nths=[2], months=[1, 3]),
    ]
    assert next_dates(rules, date(2026, 12, 1), count=3) == [
        date(2026, 12, 20),
        date(2027, 1, 12),
        date(2027, 3, 9),
    ]
