"""Named QuerySet methods of 地域資源: every condition and order a list of resources is read in.

The one definition of a search's conditions and orders (the ORM's), which the search's index
only speeds up; directory/models.py attaches it to Resource.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q
from django.utils import timezone

import directory.models as directory_models  # Resource and Category, read when a method runs
from areas.models import Area
from directory import schedules
from directory.wording import CONSULTATION_CODE

if TYPE_CHECKING:
    from directory.models import Category

ROW_TESTS = ["kana", "weekday_mask", "daypart_mask", "fee_amount", "booking", "for_carers"]

# The orders a list of resources is shown in (a search's pages, its exports, the API), as
# (field, descending) keys with missing values last: their one definition. The ORM reads it
# (ResourceQuerySet.in_order), and so do the search's planner and its near-me sort. おすすめ順
# ranks by relevance first and 近い順 by distance first (the search computes both); their
# ties, and おすすめ順 without words, sort as 確認日が新しい順.
ORDERINGS: dict[str, tuple[tuple[str, bool], ...]] = {
    "relevance": (("confirmed_on", True), ("kana", False), ("id", False)),
    "next": (("next_date", False), ("kana", False), ("id", False)),
    "confirmed": (("confirmed_on", True), ("kana", False), ("id", False)),
    "distance": (("confirmed_on", True), ("kana", False), ("id", False)),
    "name": (("kana", False), ("name", False), ("id", False)),
}


class ResourceQuerySet(models.QuerySet):
    def in_order(self, order: str) -> ResourceQuerySet:
        """In one of ORDERINGS' orders (an unknown one sorts as おすすめ順)."""
        keys = ORDERINGS.get(order, ORDERINGS["relevance"])
        return self.order_by(
            *(
                models.F(name).desc(nulls_last=True)
                if descending
                else models.F(name).asc(nulls_last=True)
                for name, descending in keys
            )
        )

    def published(self) -> ResourceQuerySet:
        """Shown in search results."""
        return self.filter(status=directory_models.Resource.Status.PUBLISHED)

    def public(self) -> ResourceQuerySet:
        """Reachable by URL: published, or paused (the page says so, shared links keep working)."""
        return self.filter(status__in=directory_models.Resource.PUBLIC_STATUSES)

    def in_municipality(self, municipality: Area) -> ResourceQuerySet:
        return self.filter(municipality=municipality)

    def in_category(self, category: Category) -> ResourceQuerySet:
        # A subquery rather than a join: no duplicate rows, so no DISTINCT to sort around.
        return self.filter(
            pk__in=directory_models.Resource.categories.through.objects.filter(
                category__in=directory_models.Category.objects.filter(category.descendant_codes_q())
            ).values("resource_id")
        )

    def in_area(self, area: Area) -> ResourceQuerySet:
        """Held in the area (its town lies inside) or serving it (served areas overlap it)."""
        if area.kind == Area.Kind.MUNICIPALITY:
            return self.filter(municipality=area)
        inside = Area.objects.within(area).values("id")
        overlapping = Area.objects.filter(
            Q(id__in=area.ancestor_ids) | Q(path__startswith=area.path)
        )
        served = directory_models.Resource.served_areas.through.objects.filter(
            area__in=overlapping.values("id")
        ).values("resource_id")
        return self.filter(Q(town__in=inside) | Q(place_area__in=inside) | Q(id__in=served))

    def listed(
        self,
        *,
        status: str = "",
        words: str = "",
        category: Category | None = None,
        area: Area | None = None,
        unconfirmed_since: datetime.date | None = None,
    ) -> ResourceQuerySet:
        """The back office's list filter: one status (else every one but 削除済み); the name,
        reading, keywords, address or provider holding the words; a category and an area; no
        confirmation since the date (要確認). Who may see 削除済み is the caller's to decide."""
        rows = (
            self.filter(status=status)
            if status
            else self.exclude(status=directory_models.Resource.Status.DELETED)
        )
        if words:
            rows = rows.filter(
                Q(name__icontains=words)
                | Q(kana__icontains=words)
                | Q(keywords__icontains=words)
                | Q(address__icontains=words)
                | Q(provider__name__icontains=words)
            )
        if category is not None:
            rows = rows.in_category(category)
        if area is not None:
            rows = rows.in_area(area)
        if unconfirmed_since is not None:
            rows = rows.filter(Q(confirmed_on__lt=unconfirmed_since) | Q(confirmed_on__isnull=True))
        return rows

    def on_weekday(self, weekday: int) -> ResourceQuerySet:
        return self.alias(_wd=models.F("weekday_mask").bitand(1 << weekday)).filter(_wd__gt=0)

    def on_any_day(self, days: tuple[int, ...]) -> ResourceQuerySet:
        """Held on any of these weekdays (0 = Monday): 平日 is (0, 1, 2, 3, 4)."""
        mask = sum(1 << d for d in set(days))
        return self.alias(_days=models.F("weekday_mask").bitand(mask)).filter(_days__gt=0)

    def in_daypart(self, daypart: int) -> ResourceQuerySet:
        return self.alias(_dp=models.F("daypart_mask").bitand(daypart)).filter(_dp__gt=0)

    def free(self) -> ResourceQuerySet:
        return self.filter(fee_amount=0)

    def without_booking(self) -> ResourceQuerySet:
        return self.filter(booking=directory_models.Resource.Booking.NONE)

    def for_carers(self) -> ResourceQuerySet:
        return self.filter(for_carers=True)

    def serving_an_area(self) -> ResourceQuerySet:
        """Come to people in their areas (配食, 見守り, 移動販売): drawn as an area, not a pin."""
        return self.filter(
            id__in=directory_models.Resource.served_areas.through.objects.values("resource_id")
        )

    def at_a_place(self) -> ResourceQuerySet:
        """Held at a point people go to: a pin on the map, a distance from them."""
        return self.filter(lat__isnull=False, lng__isnull=False).exclude(
            id__in=directory_models.Resource.served_areas.through.objects.values("resource_id")
        )

    def refresh_next_dates(self, today: datetime.date | None = None) -> int:
        """Move next_date on for every resource whose date has passed; returns how many changed.

        next_date is stored so 「開催日が近い順」 is an indexed sort; run this daily
        (manage.py refresh_next_dates) so yesterday's dates do not head the list.
        """
        today = today or timezone.localdate()
        stale = self.filter(next_date__lt=today).prefetch_related("schedule_rules")
        changed = []
        masked = []  # a one-off date has passed: its weekday no longer matches a search
        for resource in stale.iterator(chunk_size=2000):
            rules = resource.rules()
            upcoming = schedules.next_dates(rules, today, 1)
            resource.next_date = upcoming[0] if upcoming else None
            mask = schedules.weekday_mask(rules, today)
            if mask != resource.weekday_mask:
                resource.weekday_mask = mask
                masked.append(resource.pk)
            changed.append(resource)
        directory_models.Resource.objects.bulk_update(
            changed, ["next_date", "weekday_mask"], batch_size=2000
        )
        from directory import search

        if masked:
            search.reindex(masked)
        # 「開催日が近い順」 reads next_date: what was kept of a city's searches is old now.
        search.touch(r.municipality_id for r in changed)
        return len(changed)

    def consultation(self) -> ResourceQuerySet:
        return self.in_category(directory_models.Category.objects.get(code=CONSULTATION_CODE))
