"""The fictional generator's building blocks: places, phones, providers and :meth:`make`.

The kinds of resources it makes are in demo_kinds_*.py, their words in demo_data/*.toml.
Every random choice goes through one random.Random(seed), in a fixed order: the same seed
gives the same demo, so changing the order of calls (or of a data list) changes the demo.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import time
from typing import Any, TypedDict, TypeVar

from django.utils import timezone

from areas import loader
from areas.models import Area
from directory.demo_words import Pair, Words, compose, katakana, words
from directory.models import Provider, Resource

T = TypeVar("T")

# Fictional phone numbers: 043 is Chiba's area code, but the 市内局番 (the three digits after
# it) never starts with 0 in Japan (0 is the trunk prefix), so 043-0XX-XXXX cannot belong to
# anyone: a demo visitor who taps "call" reaches no real person.
SAMPLE_AREA_CODE = "043"

# Postal codes: the first three digits of each Chiba ward, the last four random (well-formed,
# deliberately not looked up for the town, so they are fictional).
POSTAL_PREFIXES = {
    "中央区": ("260",),
    "花見川区": ("262",),
    "稲毛区": ("263",),
    "若葉区": ("264", "265"),
    "緑区": ("266", "267"),
    "美浜区": ("261",),
}

K = Provider.Kind
B = Resource.Booking
W = words()
NAMES = W.section("names")
PLACES = W.section("names.places")
PROVIDERS = W.section("names.providers")

WEEKDAYS = [0, 1, 2, 3, 4]
FREE = (0, "")  # a fee: free, nothing to add
ProviderName = tuple[str, str, str]  # name, kana, kind


# ---------------------------------------------------------------- schedule rules


def t(hour: int, minute: int = 0) -> time:
    return time(hour, minute)


def weekly(
    days: list[int], opens: time | None, closes: time | None, interval: int = 1, note: str = ""
) -> dict[str, Any]:
    return {
        "freq": "weekly",
        "weekdays": days,
        "interval": interval,
        "opens_at": opens,
        "closes_at": closes,
        "note": note,
    }


def nth(nths: list[int], day: int, opens: time, closes: time, note: str = "") -> dict[str, Any]:
    return {
        "freq": "monthly_nth",
        "weekdays": [day],
        "nths": nths,
        "opens_at": opens,
        "closes_at": closes,
        "note": note,
    }


def mday(days: list[int], opens: time, closes: time) -> dict[str, Any]:
    return {"freq": "monthly_day", "month_days": days, "opens_at": opens, "closes_at": closes}


def irregular(note: str = "") -> dict[str, Any]:
    return {"freq": "irregular", "note": note}


# ---------------------------------------------------------------- where resources go


@dataclass
class Pool:
    """Where a fictional resource goes: one sphere (or a district without spheres)."""

    district: Area  # a ward, or the municipality itself
    sphere: Area | None
    towns: list[Area]  # towns with a point
    weight: float


@dataclass
class Context:
    municipality: Area
    districts: list[Area]
    pools: list[Pool]
    spheres_of: dict[int, list[Area]]  # district pk → its spheres
    category_ids: dict[str, int]
    is_chiba: bool

    def address_prefix(self, district: Area) -> str:
        if district.pk == self.municipality.pk:
            return self.municipality.name
        return self.municipality.name + district.name


class About(TypedDict):
    """What most kinds say of themselves, read from their table (FakerBase.about)."""

    keywords: str
    description: str
    eligibility: str


@dataclass
class Row:
    """One fictional resource before it is written."""

    fields: dict[str, Any]
    provider: tuple[str, str, str, str]  # name, kind, kana, phone
    categories: list[str]
    served: list[int] = field(default_factory=list)
    rules: list[dict[str, Any]] = field(default_factory=list)
    district_id: int = 0


def cumulative(weights: list[float]) -> list[float]:
    out, total = [], 0.0
    for w in weights:
        total += w
        out.append(total)
    return out


# ---------------------------------------------------------------- the generator


class FakerBase:
    """Deterministic fictional 地域資源 for one municipality (random.Random(seed)).

    Subclasses name their kinds in KINDS, (name, weight in %), each made by ``_<name>``.
    """

    KINDS: list[tuple[str, float]] = []

    def __init__(self, ctx: Context, seed: int, today: datetime.date | None = None) -> None:
        self.ctx = ctx
        self.rng = random.Random(seed)
        self.today = today or timezone.localdate()
        self.kinds: list[Callable[[Pool], Row]] = [getattr(self, "_" + k) for k, _ in self.KINDS]
        self.kind_cum = cumulative([w for _, w in self.KINDS])
        self.pool_cum = cumulative([p.weight for p in ctx.pools])
        self.used_names: dict[int, set[str]] = {}

    # -- public

    def rows(self, count: int) -> Iterator[Row]:
        for _ in range(count):
            yield self.row()

    def row(self) -> Row:
        rng = self.rng
        pool = rng.choices(self.ctx.pools, cum_weights=self.pool_cum)[0]
        kind = rng.choices(self.kinds, cum_weights=self.kind_cum)[0]
        used = self.used_names.setdefault(pool.district.pk, set())
        for _attempt in range(4):  # the same kind again with other words: names rarely repeat
            row = kind(pool)
            if row.fields["name"] not in used:
                break
        if len(used) < 50_000:  # stay memory-bounded for very large runs
            used.add(row.fields["name"])
        return row

    # -- building blocks

    def pick(self, seq: Sequence[T]) -> T:
        return seq[self.rng.randrange(len(seq))]

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def fancy(self) -> Pair:
        return self.pick(NAMES.pairs("fancy"))

    def town(self, pool: Pool) -> Area | None:
        return self.pick(pool.towns) if pool.towns else None

    def base(self, town: Area | None, pool: Pool) -> tuple[str, str | None]:
        """A place word for names: the town without 丁目, or the sphere/district when no town."""
        if town is not None:
            return loader.town_base(town.name), None
        return self.area_word(pool)

    def area_word(self, pool: Pool) -> tuple[str, str | None]:
        if pool.sphere is not None:
            short = pool.sphere.name.removesuffix("圏域")
            return short, loader.SPHERE_KANA.get(short) or None
        name = pool.district.name
        return name, pool.district.kana or None

    def phone(self) -> str:
        if not self.ctx.is_chiba:
            return ""
        return f"{SAMPLE_AREA_CODE}-0{self.rng.randint(10, 99)}-{self.rng.randint(0, 9999):04d}"

    def postal(self, pool: Pool) -> str:
        prefixes = POSTAL_PREFIXES.get(pool.district.name) if self.ctx.is_chiba else None
        if not prefixes:
            return ""
        return f"{self.pick(prefixes)}-00{self.rng.randint(1, 99):02d}"

    def address(self, pool: Pool, town: Area | None) -> dict[str, Any]:
        if town is None:
            return {}
        rng = self.rng
        written = loader.address_town(town.name)
        if written.endswith("丁目"):
            number = f"{rng.randint(1, 30)}-{rng.randint(1, 25)}"
        else:
            number = f"{rng.randint(1, 1500)}-{rng.randint(1, 30)}"
        assert town.lat is not None and town.lng is not None  # pools hold towns with a point
        return {
            "town_id": town.pk,
            "address": f"{self.ctx.address_prefix(pool.district)}{written}{number}",
            "postal_code": self.postal(pool),
            "lat": round(town.lat + rng.uniform(-0.002, 0.002), 6),
            "lng": round(town.lng + rng.uniform(-0.0025, 0.0025), 6),
            # Fictional addresses, placed near their town as if geocoded.
            "point_precision": Resource.PointPrecision.ADDRESS,
        }

    def spheres_near(self, pool: Pool, k: int) -> list[Area]:
        """The pool's sphere and up to k-1 others of the same ward (or the ward if none)."""
        spheres = self.ctx.spheres_of.get(pool.district.pk) or []
        if not spheres:
            return [pool.district]
        first = pool.sphere or self.pick(spheres)
        others = [s for s in spheres if s.pk != first.pk]
        return [first] + self.rng.sample(others, min(k - 1, len(others)))

    def confirmed_on(self) -> datetime.date:
        days = self.rng.randint(0, 365) if self.chance(0.65) else self.rng.randint(366, 730)
        return self.today - datetime.timedelta(days=days)

    def status(self) -> str:
        r = self.rng.random()
        if r < 0.03:
            return Resource.Status.PAUSED
        if r < 0.06:
            return Resource.Status.DRAFT
        if r < 0.09:
            return Resource.Status.ENDED
        return Resource.Status.PUBLISHED

    def keywords(self, base: Sequence[str], extra: Sequence[str], k: int = 2) -> str:
        words = list(base)
        words += [w for w in self.rng.sample(extra, min(k, len(extra))) if w not in base]
        return " ".join(words)

    def about(self, words: Words, k: int = 2) -> About:
        """A kind's keywords (its own, then k extra picked), description and eligibility."""
        return {
            "keywords": self.keywords(words.texts("keywords"), words.texts("extra_keywords"), k),
            "description": words.text("description"),
            "eligibility": words.text("eligibility"),
        }

    def make(
        self,
        pool: Pool,
        *,
        name: tuple[str, str],
        provider: ProviderName,
        cats: list[str],
        keywords: str,
        description: str,
        eligibility: str,
        fee: tuple[int | None, str],
        booking: tuple[str, str],
        rules: list[dict[str, Any]],
        capacity: int | None = None,
        town: Area | None = None,
        venue: str = "",
        served: list[Area] | None = None,
        audience: tuple[bool, bool, bool] = (True, False, False),
        schedule_note: str = "",
        summer_break: bool = True,
    ) -> Row:
        rng = self.rng
        provider_phone = self.phone()
        own_phone = provider_phone if self.chance(0.8) else self.phone()
        rules = [dict(r) for r in rules]
        if summer_break and rules and rules[0]["freq"] != "irregular" and self.chance(0.17):
            month = 8 if self.chance(0.8) else 1
            rules[0]["except_months"] = [month]
            note = W.text("kinds.break.august" if month == 8 else "kinds.break.january")
            rules[0]["note"] = rules[0].get("note") or note
        fields: dict[str, Any] = {
            "name": name[0],
            "kana": name[1],
            "description": description,
            "keywords": keywords,
            "for_self": audience[0],
            "for_carers": audience[1],
            "for_anyone": audience[2],
            "eligibility": eligibility,
            "fee_amount": fee[0],
            "fee_note": fee[1],
            "booking": booking[0],
            "booking_note": booking[1],
            "capacity": capacity,
            "venue_name": venue if town is not None else "",
            "phone": own_phone,
            "schedule_note": schedule_note,
            "status": self.status(),
            "confirmed_on": self.confirmed_on(),
        }
        if town is not None:
            fields.update(self.address(pool, town))
            if rng.random() < 0.3:
                fields["barrier_free"] = self.pick(W.texts("kinds.venue.barrier_free"))
            if rng.random() < 0.3:
                fields["parking"] = self.pick(W.texts("kinds.venue.parking"))
        return Row(
            fields=fields,
            provider=(provider[0], provider[2], provider[1], provider_phone),
            categories=cats,
            served=[a.pk for a in served or []],
            rules=rules,
            district_id=pool.district.pk,
        )

    # -- providers (name, kana, kind)

    def p_neighbourhood(self, town: Area | None, pool: Pool) -> ProviderName:
        return self.p_local(town, pool, "neighbourhood", K.NEIGHBOURHOOD)

    def p_senior_club(self, town: Area | None, pool: Pool) -> ProviderName:
        return self.p_local(town, pool, "senior_club", K.SENIOR_CLUB)

    def p_local(self, town: Area | None, pool: Pool, key: str, kind: str) -> ProviderName:
        """A group named after its town: the town's word + one of names.providers.<key>."""
        suffix = self.pick(PROVIDERS.pairs(key))
        name, kana = compose(("{base}", "{suffix}"), base=self.base(town, pool), suffix=suffix)
        return name, kana, kind

    def p_swc(self, pool: Pool) -> ProviderName:
        name, kana = compose(PROVIDERS.name("swc"), area=self.area_word(pool))
        return name, kana, K.SOCIAL_WELFARE_COUNCIL

    def p_volunteers(self, town: Area | None, pool: Pool, helpers: bool = False) -> ProviderName:
        """A residents' group; ``helpers`` for groups that help at home (お助け隊)."""
        f = self.fancy()
        pattern = self.pick([1, 2, 3]) if helpers else self.rng.randrange(3)
        template = PROVIDERS.names("volunteers")[pattern]
        name, kana = compose(template, fancy=f, base=self.base(town, pool))
        return name, kana, K.VOLUNTEERS

    def p_npo(self, kind: Pair | None = None) -> ProviderName:
        kind = kind or self.pick(PROVIDERS.pairs("npo_kinds"))
        name, kana = compose(PROVIDERS.name("npo"), fancy=self.fancy(), kind=kind)
        return name, kana, K.NPO

    def p_social_welfare(self) -> ProviderName:
        houjin = self.pick(NAMES.pairs("houjin"))
        name, kana = compose(PROVIDERS.name("social_welfare"), houjin=houjin)
        return name, kana, K.SOCIAL_WELFARE_CORP

    def p_medical(self) -> ProviderName:
        houjin = self.pick(NAMES.pairs("houjin"))
        name, kana = compose(PROVIDERS.name("medical"), houjin=houjin)
        return name, kana, K.MEDICAL

    def p_business(self, name: str, kana: str = "") -> ProviderName:
        return name, kana, K.BUSINESS

    def p_fancy_business(self, names: Pair, fancy: Pair) -> ProviderName:
        """A business named after a picked word: names are (written, kana) with {fancy}."""
        written, kana = names
        return self.p_business(
            written.format(fancy=fancy[0]), kana.format(fancy=katakana(fancy[1]))
        )

    def p_store(self, store: Pair) -> ProviderName:
        return self.p_business(store[0], katakana(store[1]))

    # -- places

    def facility(self) -> str:
        return self.pick(NAMES.texts("facilities")) + self.fancy()[0]

    def clinic(self) -> str:
        return self.fancy()[0] + self.pick(NAMES.texts("clinic_kinds"))

    def community_venue(self, town: Area | None, pool: Pool) -> str:
        word = self.base(town, pool)[0]
        return word + self.pick(NAMES.texts("community_venues"))

    def place(self, key: str, **parts: str) -> str:
        """A place named after another: "{place} 地域交流スペース", "{base}店" (names.places)."""
        return PLACES.text(key).format(**parts)
