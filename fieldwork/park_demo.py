"""見本 (sample) 公園カルテ in the demo's 東千葉圏域, added by `load_demo`.

Every park here is the demo's own, named and marked 見本 (is_sample): no real park's facts
are claimed. Each shows one way a survey is filled in — a fact seen, a fact left 不明, a park
not yet surveyed. Two stand at a real town's address (their point: that town's middle, 住所から);
the first is shown on the public 「公園をさがす」 page, marked 見本. Loading again replaces the
samples.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.dispatch import receiver

from areas.models import Area
from directory.demo_hooks import demo_loaded
from fieldwork import editing
from fieldwork.demo import SPHERE_CODE
from fieldwork.models import Park, Version
from fieldwork.park_places import point_from_address

NOTE = "見本のデータです（実在の公園ではありません）。"
PARKS: list[dict] = [
    {
        "name": "見本 弁天なかよし公園",
        # A real town, a made-up park: its point is the town's middle (住所から, approximate).
        "address": "千葉市中央区弁天一丁目",
        "benches": 4,
        "toilet": Park.Toilet.ACCESSIBLE,
        "shade": "藤棚の下にベンチ2基（見本）",
        "slope": "入口に段差なし（見本）",
        "paths": "外周が舗装（見本）",
        "surroundings": ["見本バス停", "見本町会集会所"],
        "uses": [Park.Use.RADIO_EXERCISE, Park.Use.GATHERING],
        "surveyed_on": datetime.date(2026, 11, 5),
        "surveyed_by": "東千葉圏域 コーディネーター（見本）",
        "public_fields": ["point", "benches", "toilet", "uses"],
    },
    {
        "name": "見本 さくら通り公園",
        "address": "千葉市中央区春日二丁目",
        "benches": 2,
        "toilet": Park.Toilet.NONE,
        "paths": "土の広場（見本）",
        "uses": [Park.Use.WALKING],
        "surveyed_on": datetime.date(2026, 11, 12),
        "surveyed_by": "東千葉圏域 コーディネーター（見本）",
    },
    {"name": "見本 みどり児童公園"},  # on the city's list, not surveyed yet: all unknown
]


def delete_samples(municipality: Area) -> int:
    parks = Park.objects.filter(municipality=municipality, is_sample=True)
    Version.objects.filter(
        kind=Version.Kind.PARK, record_id__in=list(parks.values_list("pk", flat=True))
    ).delete()
    count, _ = parks.delete()
    return count


def load_park_demo(municipality: Area) -> int:
    """The sample parks for this municipality (none when it has no 東千葉圏域); idempotent."""
    with transaction.atomic():
        delete_samples(municipality)
        sphere = Area.objects.filter(code=SPHERE_CODE, municipality=municipality).first()
        if sphere is None:
            return 0
        for facts in PARKS:
            park = Park(municipality=municipality, area=sphere, is_sample=True, notes=NOTE, **facts)
            point = {"latitude": None, "longitude": None, "point_source": ""}
            point_from_address(point, park.address, municipality, None)
            for name, value in point.items():
                setattr(park, name, value)
            editing.create(park, None)
    return len(PARKS)


@receiver(demo_loaded, dispatch_uid="fieldwork.park_demo")
def on_demo_loaded(sender, municipality: Area, **kwargs) -> str:
    return f"公園カルテの見本: {load_park_demo(municipality)} 件"
