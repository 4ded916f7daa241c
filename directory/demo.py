"""Demo and benchmark data.

- :func:`load_chiba_demo`: 千葉市 with its wards, 28 日常生活圏域 and 505 towns; the 28 real
  あんしんケアセンター and the 6 保健福祉センター (is_sample=False); then ``count`` fictional
  地域資源 (is_sample=True) over every category and ward. Idempotent.
- :func:`generate_resources`: the same fictional generator for any municipality already
  loaded, in memory-bounded batches, for benchmarks (100,000 rows and more).

Everything fictional comes out of one generator (:class:`Faker`: building blocks in
demo_faker.py, kinds of resources in demo_kinds_*.py, their words in demo_data/*.toml) and
is written by one bulk writer (:class:`Writer`), so the demo and the benchmark data look alike.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from areas import loader
from areas.models import Area
from directory import schedules, search
from directory.categories import ensure_categories
from directory.demo_faker import Context, Pool, Row, W
from directory.demo_kinds_gathering import GatheringKinds
from directory.demo_kinds_help import HelpKinds
from directory.demo_words import katakana
from directory.models import Category, Provider, Resource, ScheduleRule

CHIBA_CODE = "121002"


# ---------------------------------------------------------------- context


def build_context(municipality: Area) -> Context:
    ensure_categories()
    districts = list(
        municipality.children.filter(kind=Area.Kind.WARD).order_by("sort_order", "code")
    )
    if not districts:
        districts = [municipality]
    district_pks = {d.pk for d in districts}
    spheres = list(
        Area.objects.filter(kind=Area.Kind.SPHERE, parent__in=districts).order_by(
            "sort_order", "code"
        )
    )
    sphere_by_pk = {s.pk: s for s in spheres}
    towns = (
        Area.objects.within(municipality)
        .filter(kind=Area.Kind.TOWN, lat__isnull=False, lng__isnull=False)
        .order_by("sort_order", "code")
    )
    by_sphere: dict[int, list[Area]] = {s.pk: [] for s in spheres}
    loose: dict[int, list[Area]] = {d.pk: [] for d in districts}
    for town in towns:
        if town.parent_id in sphere_by_pk:
            by_sphere[town.parent_id].append(town)
        elif town.parent_id in district_pks:
            loose[town.parent_id].append(town)
    district_by_pk = {d.pk: d for d in districts}
    pools = [Pool(district_by_pk[s.parent_id], s, by_sphere[s.pk], 1.0) for s in spheres]
    for d in districts:
        if loose[d.pk] or not any(p.district.pk == d.pk for p in pools):
            pools.append(Pool(d, None, loose[d.pk], 0.5 if spheres else 1.0))
    spheres_of: dict[int, list[Area]] = {d.pk: [] for d in districts}
    for s in spheres:
        spheres_of[s.parent_id].append(s)
    return Context(
        municipality=municipality,
        districts=districts,
        pools=pools,
        spheres_of=spheres_of,
        category_ids=dict(Category.objects.values_list("code", "id")),
        is_chiba=municipality.code == CHIBA_CODE,
    )


# ---------------------------------------------------------------- the fictional generator


class Faker(GatheringKinds, HelpKinds):
    """Deterministic fictional 地域資源 for one municipality (random.Random(seed))."""

    # (method, weight in %): 5.1.x 46, 5.2 11, 1 10, 2 8, 3.x 13, 4 9, 6.x 3
    KINDS: list[tuple[str, float]] = [
        ("salon", 14),
        ("exercise", 8),
        ("hobby", 6),
        ("walking", 2),
        ("meal", 2),
        ("pro_class", 9),
        ("shop", 5),
        ("dementia_cafe", 4),
        ("carers_cafe", 2),
        ("family", 2.5),
        ("care_class", 2.5),
        ("garbage", 4),
        ("housework", 4),
        ("handyman", 2),
        ("shopping_escort", 3),
        ("hospital", 3),
        ("shopping_bus", 2),
        ("delivery", 4),
        ("meal_watch", 5),
        ("mobile_shop", 4),
        ("watch_neighbourhood", 4),
        ("watch_newspaper", 2),
        ("watch_business", 3),
        ("ikiiki", 2),
        ("coordinator", 1),
    ]


# ---------------------------------------------------------------- the bulk writer


def _signature(rule: dict) -> tuple:
    return (
        rule["freq"],
        tuple(rule.get("weekdays", ())),
        tuple(rule.get("nths", ())),
        tuple(rule.get("month_days", ())),
        rule.get("interval", 1),
        tuple(rule.get("except_months", ())),
    )


class Writer:
    """Writes Rows with bulk_create: providers, resources, categories, served areas, rules."""

    def __init__(self, ctx: Context, today: datetime.date | None = None) -> None:
        self.ctx = ctx
        self.today = today or timezone.localdate()
        self.providers: dict[tuple[str, str], int] = {
            (name, kind): pk
            for pk, name, kind in Provider.objects.filter(
                municipality=ctx.municipality, is_sample=True
            ).values_list("pk", "name", "kind")
        }
        self.next_date_cache: dict[tuple, datetime.date | None] = {}
        self.providers_created = 0

    def next_date(self, rules: list[ScheduleRule], raw: list[dict]) -> datetime.date | None:
        key = tuple(_signature(r) for r in raw)
        if key not in self.next_date_cache:
            upcoming = schedules.next_dates(rules, self.today, 1)
            self.next_date_cache[key] = upcoming[0] if upcoming else None
        return self.next_date_cache[key]

    @transaction.atomic
    def write(self, rows: list[Row]) -> list[int]:
        ctx = self.ctx
        new_providers = []
        for row in rows:
            name, kind, kana, phone = row.provider
            if (name, kind) not in self.providers:
                self.providers[(name, kind)] = 0
                new_providers.append(
                    Provider(
                        municipality=ctx.municipality,
                        name=name,
                        kind=kind,
                        kana=kana,
                        phone=phone,
                        is_sample=True,
                    )
                )
        for p in Provider.objects.bulk_create(new_providers, batch_size=1000):
            self.providers[(p.name, p.kind)] = p.pk
        self.providers_created += len(new_providers)

        resources, rule_lists = [], []
        for row in rows:
            rules = [
                ScheduleRule(sort_order=i, **{**schedules.empty_rule(r["freq"]), **r})
                for i, r in enumerate(row.rules)
            ]
            rule_lists.append(rules)
            resources.append(
                Resource(
                    municipality=ctx.municipality,
                    provider_id=self.providers[(row.provider[0], row.provider[1])],
                    is_sample=True,
                    weekday_mask=schedules.weekday_mask(rules, self.today),
                    daypart_mask=schedules.daypart_mask(rules),
                    next_date=self.next_date(rules, row.rules),
                    **row.fields,
                )
            )
        created = Resource.objects.bulk_create(resources, batch_size=500)
        cat_through = Resource.categories.through
        area_through = Resource.served_areas.through
        # Rows of the through tables, whose model classes have no static type.
        links: list[Any] = []
        served: list[Any] = []
        all_rules: list[ScheduleRule] = []
        for resource, row, rules in zip(created, rows, rule_lists, strict=True):
            links.extend(
                cat_through(resource_id=resource.pk, category_id=ctx.category_ids[c])
                for c in row.categories
            )
            served.extend(area_through(resource_id=resource.pk, area_id=a) for a in row.served)
            for rule in rules:
                rule.resource_id = resource.pk
                all_rules.append(rule)
        cat_through.objects.bulk_create(links, batch_size=2000)
        area_through.objects.bulk_create(served, batch_size=2000)
        ScheduleRule.objects.bulk_create(all_rules, batch_size=1000)
        return [r.pk for r in created]


def finish(ids: list[int]) -> bool:
    """Rebuild the search index of these resources (True: the callers report it done)."""
    search.reindex(ids)
    return True


# ---------------------------------------------------------------- real Chiba entries

CENTER = W.section("public.center")
HEALTH_CENTER = W.section("public.health_center")


def _town_in_address(address: str, ward: Area) -> Area | None:
    rest = address.split(ward.name, 1)[-1]
    best, best_len = None, 0
    for town in Area.objects.within(ward).filter(kind=Area.Kind.TOWN):
        for written in (town.name, loader.address_town(town.name)):
            if rest.startswith(written) and len(written) > best_len:
                best, best_len = town, len(written)
    return best


def public_resource(
    municipality: Area, name: str, category: Category, served: Area, **fields
) -> Resource:
    resource = Resource.objects.filter(
        municipality=municipality, name=name, is_sample=False
    ).first()
    values = {
        "status": Resource.Status.PUBLISHED,
        "is_sample": False,
        "weekday_mask": 0,
        "daypart_mask": 0,
        "next_date": None,
        **fields,
    }
    if resource is None:
        resource = Resource.objects.create(municipality=municipality, name=name, **values)
    else:
        for key, value in values.items():
            setattr(resource, key, value)
        resource.save()
    resource.categories.set([category])
    resource.served_areas.set([served])
    return resource


def city_provider(municipality: Area) -> Provider:
    """The city itself as the 実施主体 of its public offices."""
    city, _ = Provider.objects.get_or_create(
        municipality=municipality,
        name=municipality.name,
        kind=Provider.Kind.PUBLIC,
        is_sample=False,
        defaults={"kana": katakana(municipality.kana)},
    )
    return city


def load_chiba_public(municipality: Area) -> list[int]:
    """The 28 あんしんケアセンター (6.1) and the 6 保健福祉センター (6.3): real, not samples.

    Updated in place by name, so their ids (and URLs) survive a reload.
    """
    city = city_provider(municipality)
    categories = {c.code: c for c in Category.objects.filter(code__in=["6.1", "6.3"])}
    wards = {w.name: w for w in municipality.children.filter(kind=Area.Kind.WARD)}
    ids = []
    for center in loader.chiba_centers():
        sphere = Area.objects.get(code=loader.sphere_code(municipality, center["short"]))
        short_kana = loader.SPHERE_KANA.get(center["short"])
        coverage = center["coverage"]
        resource = public_resource(
            municipality,
            center["name"],
            categories["6.1"],
            sphere,
            kana=katakana(CENTER.text("kana_prefix") + short_kana) if short_kana else "",
            provider=city,
            description=CENTER.text("description").format(coverage=coverage),
            keywords=CENTER.text("keywords"),
            for_self=True,
            for_carers=True,
            for_anyone=True,
            eligibility=CENTER.text("eligibility").format(sphere=sphere.name),
            fee_amount=0,
            fee_note="",
            booking=Resource.Booking.NONE,
            booking_note=CENTER.text("booking"),
            url=center["url"],
            schedule_note=CENTER.text("schedule_note"),
        )
        ids.append(resource.pk)

    for row in loader._read_csv(loader.DATA_DIR / "chiba_wards.csv"):
        ward = wards[row["ward"]]
        name = HEALTH_CENTER.text("name").format(ward=row["ward"].removesuffix("区"))
        address = row["ward_office_address"].removeprefix("千葉県")
        town = _town_in_address(address, ward) if address else None
        phone = row["kaigo_hoken_shitsu_phone"]
        resource = public_resource(
            municipality,
            name,
            categories["6.3"],
            ward,
            kana=katakana(HEALTH_CENTER.text("kana").format(ward=ward.kana.removesuffix("く")))
            if ward.kana
            else "",
            provider=city,
            description=HEALTH_CENTER.text("description").format(ward=ward.name)
            + (HEALTH_CENTER.text("phone_note") if phone else ""),
            keywords=HEALTH_CENTER.text("keywords"),
            for_self=True,
            for_carers=True,
            for_anyone=True,
            eligibility=HEALTH_CENTER.text("eligibility").format(ward=ward.name),
            fee_amount=0,
            fee_note="",
            booking=Resource.Booking.NONE,
            phone=f"043-{phone}" if phone else "",
            # The ward office's address (the list names the building, not the floor).
            address=address.split("(")[0],
            postal_code=row["ward_office_postal"].removeprefix("〒"),
            town=town,
            lat=town.lat if town else None,
            lng=town.lng if town else None,
            point_precision=Resource.PointPrecision.TOWN if town else "",
            url=row["source_ward_office"] if "city.chiba.jp" in row["source_ward_office"] else "",
            schedule_note=HEALTH_CENTER.text("schedule_note") if address else "",
        )
        ids.append(resource.pk)
    return ids


# ---------------------------------------------------------------- entry points


def delete_samples(municipality: Area) -> int:
    count = Resource.objects.filter(municipality=municipality, is_sample=True).count()
    Resource.objects.filter(municipality=municipality, is_sample=True).delete()
    Provider.objects.filter(municipality=municipality, is_sample=True).delete()
    return count


def write_fictional(ctx: Context, count: int, seed: int, batch: int = 5000) -> list[int]:
    faker = Faker(ctx, seed)
    writer = Writer(ctx, faker.today)
    ids: list[int] = []
    rows = faker.rows(count)
    while True:
        chunk = [row for _, row in zip(range(batch), rows, strict=False)]
        if not chunk:
            break
        ids.extend(writer.write(chunk))
    return ids


def load_chiba_demo(count: int = 1200, seed: int = 20201216) -> dict:
    """千葉市 with real consultation places and ``count`` fictional resources; idempotent."""
    ensure_categories()
    municipality, report = loader.load_chiba()
    with transaction.atomic():
        deleted = delete_samples(municipality)
        public_ids = load_chiba_public(municipality)
        ctx = build_context(municipality)
        sample_ids = write_fictional(ctx, count, seed)
    indexed = finish(public_ids + sample_ids)
    return {
        "municipality": municipality.code,
        "wards": len(ctx.districts),
        "spheres": report.spheres,
        "towns": Area.objects.within(municipality).towns().count(),
        "towns_outside_spheres": report.uncovered,
        "public": len(public_ids),
        "samples": len(sample_ids),
        "sample_providers": Provider.objects.filter(
            municipality=municipality, is_sample=True
        ).count(),
        "deleted_samples": deleted,
        "indexed": indexed,
    }


def generate_resources(
    count: int,
    municipality_code: str = CHIBA_CODE,
    seed: int = 1,
    batch: int = 5000,
    reindex: bool = False,
) -> int:
    """Add ``count`` fictional resources (is_sample) to a loaded municipality; returns how many.

    Memory stays bounded by ``batch``. The search index is left to the caller unless
    ``reindex`` (then each batch is indexed right after it is written).
    """
    municipality = Area.objects.get(code=municipality_code, kind=Area.Kind.MUNICIPALITY)
    ctx = build_context(municipality)
    faker = Faker(ctx, seed)
    writer = Writer(ctx, faker.today)
    rows = faker.rows(count)
    written = 0
    while written < count:
        chunk = [row for _, row in zip(range(min(batch, count - written)), rows, strict=False)]
        ids = writer.write(chunk)
        written += len(ids)
        if reindex:
            finish(ids)
    return written
