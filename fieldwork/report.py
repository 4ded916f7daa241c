"""The area report (地域の年間報告): what an area had and did in one 年度 (April to March), for
the city's yearly 生活支援体制整備事業 report and the 協議体. Every figure says what it counts.

Resources at a moment (:func:`state_at`). Every change to a resource is a Revision holding a
snapshot of the whole resource after it (office/editing.py: the back office, the imports;
Resource is not in the Django admin), and a resource made without one (the demo, rows from
before the back office) gets its first revision — a snapshot of itself as it then was — on
its first edit (`history.ensure_baseline_from`). So a resource's state at a moment T is:

- registered after T (`created_at`): not there yet (known: not published);
- else the snapshot of its latest revision made before T;
- else, when its first revision is the 登録 one (number 1), that snapshot: it is how the
  resource stood from its registration until that first change;
- else, with no revision at all, the resource as it is now (nothing has changed it);
- anything else (a history not starting with 登録) is unknown and counted as 「不明」.

The state gives the status (公開 counts: 休止中 is not in search results), the categories and
where the resource is held or serves — so a resource moved out of the area in the year counts
where it was. 「年度の初め」 is the moment 4月1日 0:00 begins; 「年度の終わり」 is 4月1日 0:00 of
the next year, or now while the year is running.

地域課題 at the year's end: a status changes only by a dated 経過 (`IssueNote`), so an issue's
status on a day is the 状態 of its latest 経過 dated on or before it, else the 前の状態 of its
first 経過, else its status now.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from areas.models import Area, PopulationImport
from directory.models import Category, Resource
from fieldwork import gaps
from fieldwork.council_models import Council, Meeting
from fieldwork.gap_forms import DEFAULT_CATEGORY
from fieldwork.models import IssueNote, IssueResource, LocalIssue, Park, SupportRecord
from fieldwork.survey_models import Survey
from office.models import Revision

PUBLISHED = Resource.Status.PUBLISHED
NOT_YET = "not_yet"  # registered after the moment
UNKNOWN = None
CLOSED = (LocalIssue.Status.SOLVED, LocalIssue.Status.DROPPED)


def fiscal_year(day: datetime.date) -> int:
    """The 年度 a day falls in: 2026年4月1日 … 2027年3月31日 is 2026年度."""
    return day.year if day.month >= 4 else day.year - 1


@dataclass
class Period:
    year: int
    first: datetime.date  # 4月1日
    last: datetime.date  # 3月31日 of the next year, or today while the year runs
    start: datetime.datetime  # the moment the year begins
    end: datetime.datetime  # the moment it ends (now while it runs)
    running: bool

    @property
    def label(self) -> str:
        return f"{self.year}年度（{self.year}年4月1日〜{self.year + 1}年3月31日）"


def period(year: int, now: datetime.datetime | None = None) -> Period:
    now = now or timezone.now()
    first = datetime.date(year, 4, 1)
    after = datetime.date(year + 1, 4, 1)
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(first, datetime.time(), tzinfo=tz)
    end = datetime.datetime.combine(after, datetime.time(), tzinfo=tz)
    running = now < end
    last = min(after - datetime.timedelta(days=1), timezone.localdate(now))
    return Period(year, first, last, start, min(end, now), running)


@dataclass
class State:
    status: str | None  # a Resource.Status, NOT_YET, or None (unknown)
    categories: list[str] = field(default_factory=list)
    town: int | None = None
    place_area: int | None = None
    served: list[str] = field(default_factory=list)

    @property
    def published(self) -> bool | None:
        return None if self.status is UNKNOWN else self.status == PUBLISHED


def _from_snapshot(data: dict[str, Any]) -> State:
    return State(
        data.get("status"),
        list(data.get("categories") or []),
        data.get("town"),
        data.get("place_area"),
        list(data.get("served_areas") or []),
    )


def state_at(resource: dict[str, Any], revisions: list[dict[str, Any]], moment) -> State:
    """The resource (its row as a dict, with `categories` and `served`) at `moment`; its
    revisions in order of number. See the module's notes."""
    if resource["created_at"] >= moment:
        return State(NOT_YET)
    before = [r for r in revisions if r["created_at"] < moment]
    if before:
        return _from_snapshot(before[-1]["snapshot"])
    if revisions:
        first = revisions[0]
        if first["number"] == 1 and first["action"] == Revision.Action.CREATE:
            return _from_snapshot(first["snapshot"])
        return State(UNKNOWN)
    return State(
        resource["status"],
        resource["categories"],
        resource["town_id"],
        resource["place_area_id"],
        resource["served"],
    )


class Place:
    """Whether a state lies in the area: held in a town inside it (or its 開催地域 is inside),
    or serving an area that overlaps it — as ResourceQuerySet.in_area asks of a row."""

    def __init__(self, area: Area) -> None:
        self.whole = area.kind == Area.Kind.MUNICIPALITY
        self.inside = set(Area.objects.within(area).values_list("pk", flat=True))
        self.overlapping = set(
            Area.objects.filter(
                Q(id__in=area.ancestor_ids) | Q(path__startswith=area.path)
            ).values_list("code", flat=True)
        )

    def holds(self, state: State) -> bool:
        if self.whole:
            return True
        return (
            state.town in self.inside
            or state.place_area in self.inside
            or bool(self.overlapping.intersection(state.served))
        )


@dataclass
class CategoryRow:
    category: Category
    start: int = 0  # published at the start
    end: int = 0  # published at the end
    added: int = 0  # not published at the start (known), published at the end
    removed: int = 0  # published at the start, not at the end (known)
    unknown_start: int = 0
    unknown_end: int = 0

    @property
    def change(self) -> int:
        return self.end - self.start


@dataclass
class NewResource:
    pk: int
    name: str
    created_at: datetime.datetime
    is_sample: bool
    issues: list[LocalIssue]


@dataclass
class Counted:
    """A count of records and the sum of a number some of them hold (empty = not counted)."""

    records: int = 0
    people: int = 0
    not_counted: int = 0


@dataclass
class IssueFigures:
    by_status: list[tuple[str, int]]  # (label, count) at the year's end
    opened: int
    closed: int
    total: int


@dataclass
class Report:
    area: Area
    period: Period
    made_at: datetime.datetime
    categories: list[CategoryRow]
    totals: CategoryRow  # each resource once
    new_resources: list[NewResource]
    issues: IssueFigures
    surveys: Counted
    support: Counted
    parks_surveyed: int
    parks_total: int
    councils: int
    meetings: Counted
    gap: gaps.GapMap | None
    population: PopulationImport | None = None  # the figures the gap map used

    @property
    def is_empty(self) -> bool:
        return not (
            self.totals.start
            or self.totals.end
            or self.totals.unknown_start
            or self.totals.unknown_end
            or self.issues.total
            or self.surveys.records
            or self.support.records
            or self.parks_total
            or self.councils
            or self.meetings.records
        )


def _resources(municipality: Area) -> tuple[list[dict], dict[int, list[dict]]]:
    rows = list(
        Resource.objects.filter(municipality=municipality).values(
            "pk", "name", "created_at", "status", "town_id", "place_area_id", "is_sample"
        )
    )
    by_pk = {r["pk"]: {**r, "categories": [], "served": []} for r in rows}
    through = Resource.categories.through.objects.filter(resource__municipality=municipality)
    for pk, code in through.values_list("resource_id", "category__code"):
        by_pk[pk]["categories"].append(code)
    served = Resource.served_areas.through.objects.filter(resource__municipality=municipality)
    for pk, code in served.values_list("resource_id", "area__code"):
        by_pk[pk]["served"].append(code)
    revisions: dict[int, list[dict]] = {}
    for rev in (
        Revision.objects.filter(resource__municipality=municipality)
        .order_by("resource_id", "number")
        .values("resource_id", "number", "action", "created_at", "snapshot")
    ):
        revisions.setdefault(rev["resource_id"], []).append(dict(rev))
    return list(by_pk.values()), revisions


def _tops(codes: list[str]) -> set[str]:
    return {code.split(".")[0] for code in codes}


def resource_figures(area: Area, municipality: Area, when: Period):
    """Per top category and in all: published at the start and the end, what changed; and the
    resources registered in the year and published at its end."""
    tops = list(Category.objects.filter(parent__isnull=True).order_by("sort_order", "code"))
    rows = {c.code: CategoryRow(c) for c in tops}
    totals = CategoryRow(Category(code="", name="すべての分類"))
    place = Place(area)
    resources, revisions = _resources(municipality)
    new: list[dict] = []
    for resource in resources:
        revs = revisions.get(resource["pk"], [])
        before, after = state_at(resource, revs, when.start), state_at(resource, revs, when.end)
        was = before.published if before.published is None or place.holds(before) else False
        now = after.published if after.published is None or place.holds(after) else False
        _count(totals, was, now)
        known = _tops(before.categories), _tops(after.categories)
        current = _tops(resource["categories"])
        # An unknown state has no categories: it is counted under the other moment's.
        guess = known[1] or current, known[0] or current
        for code in (
            known[0]
            | known[1]
            | (guess[0] if was is None else set())
            | (guess[1] if now is None else set())
        ):
            if code in rows:
                _count(
                    rows[code],
                    None if was is None and code in guess[0] else bool(was and code in known[0]),
                    None if now is None and code in guess[1] else bool(now and code in known[1]),
                )
        if now and when.start <= resource["created_at"] < when.end:
            new.append(resource)
    links: dict[int, list[LocalIssue]] = {}
    for link in (
        IssueResource.objects.filter(resource__in=[r["pk"] for r in new], issue__deleted_at=None)
        .select_related("issue", "issue__area")
        .order_by("added_at", "pk")
    ):
        links.setdefault(link.resource_id, []).append(link.issue)
    new_resources = [
        NewResource(r["pk"], r["name"], r["created_at"], r["is_sample"], links.get(r["pk"], []))
        for r in sorted(new, key=lambda r: (r["created_at"], r["pk"]))
    ]
    return [rows[c.code] for c in tops], totals, new_resources


def _count(row: CategoryRow, start: bool | None, end: bool | None) -> None:
    """One resource into a row: published there at the start / the end (None: unknown)."""
    if start is None:
        row.unknown_start += 1
    elif start:
        row.start += 1
    if end is None:
        row.unknown_end += 1
    elif end:
        row.end += 1
    if start is not None and end is not None and start != end:
        if end:
            row.added += 1
        else:
            row.removed += 1


def issue_status_on(issue: LocalIssue, notes: list[IssueNote], day: datetime.date) -> str:
    """The issue's status on a day (notes in date order; see the module's notes)."""
    dated = [n for n in notes if n.noted_on <= day]
    if dated:
        return dated[-1].status_to
    if notes:
        return notes[0].status_from
    return issue.status


def issue_figures(area: Area, municipality: Area, when: Period) -> IssueFigures:
    issues = list(
        LocalIssue.objects.live()
        .filter(municipality=municipality)
        .within(area)
        .filter(created_at__lt=when.end)
    )
    notes: dict[int, list[IssueNote]] = {}
    for note in IssueNote.objects.filter(issue__in=issues).order_by("noted_on", "created_at", "pk"):
        notes.setdefault(note.issue_id, []).append(note)
    counts = Counter(issue_status_on(i, notes.get(i.pk, []), when.last) for i in issues)
    closed = {
        n.issue_id
        for ns in notes.values()
        for n in ns
        if when.first <= n.noted_on <= when.last
        and n.status_to in CLOSED
        and n.status_from not in CLOSED
    }
    return IssueFigures(
        by_status=[(label, counts.get(value, 0)) for value, label in LocalIssue.Status.choices],
        opened=sum(1 for i in issues if i.created_at >= when.start),
        closed=len(closed),
        total=len(issues),
    )


def counted(rows: QuerySet, number: str) -> Counted:
    values = list(rows.values_list(number, flat=True))
    return Counted(
        records=len(values),
        people=sum(v for v in values if v is not None),
        not_counted=sum(1 for v in values if v is None),
    )


def area_report(area: Area, year: int, now: datetime.datetime | None = None) -> Report:
    municipality = area if area.kind == Area.Kind.MUNICIPALITY else area.municipality
    assert municipality is not None
    when = period(year, now)
    categories, totals, new_resources = resource_figures(area, municipality, when)

    def live(model) -> QuerySet:
        return model.objects.live().filter(municipality=municipality).within(area)

    days = (when.first, when.last)
    parks = live(Park)
    gap_category = Category.objects.filter(code=DEFAULT_CATEGORY).first()
    return Report(
        area=area,
        period=when,
        made_at=now or timezone.now(),
        categories=categories,
        totals=totals,
        new_resources=new_resources,
        issues=issue_figures(area, municipality, when),
        surveys=counted(live(Survey).filter(conducted_on__range=days), "respondents"),
        support=counted(live(SupportRecord).filter(held_on__range=days), "people_reached"),
        parks_surveyed=parks.filter(surveyed_on__range=days).count(),
        parks_total=parks.count(),
        councils=live(Council).count(),
        meetings=counted(live(Meeting).filter(held_on__range=days), "attendance"),
        gap=gaps.gap_map(area, gap_category) if gap_category else None,
        population=PopulationImport.objects.filter(municipality=municipality)
        .order_by("-imported_at", "-pk")
        .first(),
    )
