"""A schedule rule as HSDS 3.0 ``schedule`` objects (docs/hsds-mapping.md says the same).

================  ==========================================================
Rule              HSDS 3.0 schedule
================  ==========================================================
freq              ``freq``: weekly -> "WEEKLY"; monthly_nth and monthly_day
                  -> "MONTHLY"; irregular and dates -> None (HSDS has no
                  value for them; ``description`` says 「不定期」 or the dates).
weekdays          ``byday``: "MO,WE" for weekly; combined with ``nths`` for
                  monthly_nth.
nths              ``byday`` prefixes: "2WE,4WE"; last (-1) -> "-1FR".
month_days        ``bymonthday``: "1,15".
interval          ``interval`` (weekly only; monthly rules export 1). Week
                  counting starts at ``dtstart`` with ``wkst`` "MO".
opens_at          ``opens_at`` ("10:00:00").
closes_at         ``closes_at`` ("12:00:00").
valid_from        ``valid_from`` (ISO date); also ``dtstart``, which iCal
                  needs to anchor an ``interval`` above 1.
valid_until       ``valid_to`` (ISO date).
dates             one schedule per date: ``dtstart``, ``until``,
                  ``valid_from`` and ``valid_to`` all that date (HSDS has no
                  RDATE; a schedule valid one day holds exactly that day),
                  its ``description`` that date in words; id suffix the date.
months            no counterpart (iCal BYMONTH is not in HSDS 3.0): in
                  ``description`` (「奇数月の第2火曜日」) and in ``notes``
                  (「開催する月：奇数月」).
except_holidays   no counterpart: in ``description`` (「（祝日を除く）」) and
                  in ``notes`` (「祝日は休み」).
except_months     no counterpart (HSDS has no EXDATE); rendered into
                  ``description`` as 「（8月は休み）」.
except_dates      no counterpart; only honoured by ``occurrences``.
note              appended to ``description`` and first in ``notes``.
================  ==========================================================
"""

from __future__ import annotations

from datetime import date, time
from typing import Any

from directory.schedules import (
    DATES,
    DEFAULT_ANCHOR,
    MONTHLY_DAY,
    MONTHLY_NTH,
    WEEKDAY_ICAL,
    WEEKLY,
    Rule,
    RuleLike,
    _dates,
    _in_months,
    _interval,
    _month_days,
    _nths,
    _weekdays,
    describe,
    month_names,
)


def _iso(value: date | time | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, time):
        return value.strftime("%H:%M:%S")
    return value.isoformat()


def hsds_notes(rule: RuleLike) -> str:
    """What HSDS has no field for, in words for ``notes``: the rule's note, its months and
    「祝日は休み」."""
    parts = [(rule.note or "").strip()]
    months = _in_months(rule)
    if months:
        parts.append(f"開催する月：{month_names(months)}")
    if getattr(rule, "except_holidays", False):
        parts.append("祝日は休み")
    return "　".join(p for p in parts if p)


def to_hsds(rule: RuleLike) -> dict[str, Any]:
    """The rule as HSDS 3.0 schedule fields (ids and ``notes`` are left to the caller; a
    dates rule gives its first date here; ``to_hsds_list`` gives one schedule a date)."""
    weekdays = _weekdays(rule)
    freq: str | None = None
    interval: int | None = None
    byday: str | None = None
    bymonthday: str | None = None
    wkst: str | None = None
    until: date | None = None
    dtstart = rule.valid_from
    valid_from, valid_to = rule.valid_from, rule.valid_until
    if rule.freq == WEEKLY:
        freq, interval, wkst = "WEEKLY", _interval(rule), "MO"
        byday = ",".join(WEEKDAY_ICAL[w] for w in weekdays) or None
        if interval > 1 and dtstart is None:
            # iCal counts intervals from dtstart; export the anchor we use.
            dtstart = DEFAULT_ANCHOR
    elif rule.freq == MONTHLY_NTH:
        freq, interval = "MONTHLY", 1
        parts = [f"{n}{WEEKDAY_ICAL[w]}" for n in _nths(rule) for w in weekdays]
        byday = ",".join(parts) or None
    elif rule.freq == MONTHLY_DAY:
        freq, interval = "MONTHLY", 1
        bymonthday = ",".join(str(d) for d in _month_days(rule)) or None
    elif rule.freq == DATES:
        days = _dates(rule)
        if days:
            dtstart = until = valid_from = valid_to = days[0]

    description = describe(rule)
    note = (rule.note or "").strip()
    if note:
        description = f"{description}。{note}"

    fields = {
        "freq": freq,
        "interval": interval,
        "byday": byday,
        "bymonthday": bymonthday,
        "wkst": wkst,
        "dtstart": _iso(dtstart),
        "opens_at": _iso(rule.opens_at),
        "closes_at": _iso(rule.closes_at),
        "valid_from": _iso(valid_from),
        "valid_to": _iso(valid_to),
        "description": description,
    }
    if until is not None:  # only a dates rule ends on its (first) date
        fields["until"] = _iso(until)
    return fields


def to_hsds_list(rule: RuleLike) -> list[tuple[str, dict[str, Any]]]:
    """(id suffix, fields) for each HSDS schedule the rule makes: one, or one a date for a
    dates rule (suffix the ISO date, so an id stays the same while the date is listed)."""
    fields = to_hsds(rule)
    if rule.freq != DATES:
        return [("", fields)]
    out = []
    for day in _dates(rule):
        iso = day.isoformat()
        # Each schedule says its own date (and the rule's times and note) in words.
        alone = Rule(**{name: getattr(rule, name) for name in Rule.__dataclass_fields__})
        alone.dates = [day]
        one = to_hsds(alone)
        out.append((f"-{iso}", {**one, "until": iso, "valid_from": iso, "valid_to": iso}))
    return out or [("", fields)]
