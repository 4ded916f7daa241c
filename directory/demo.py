"""Demo and benchmark data.

- :func:`load_chiba_demo`: 千葉市 with its wards, 28 日常生活圏域 and 505 towns; the 28 real
  あんしんケアセンター and the 6 保健福祉センター (is_sample=False); then ``count`` fictional
  地域資源 (is_sample=True) over every category and ward. Idempotent.
- :func:`generate_resources`: the same fictional generator for any municipality already
  loaded, in memory-bounded batches, for benchmarks (100,000 rows and more).

Everything fictional comes out of one generator (:class:`Faker`) and is written by one
bulk writer (:class:`Writer`), so the demo and the benchmark data look alike.
"""

from __future__ import annotations

import datetime
import random
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import time

from django.db import transaction
from django.utils import timezone

from areas import loader
from areas.models import Area
from directory import schedules, search
from directory.categories import ensure_categories
from directory.models import Category, Provider, Resource, ScheduleRule

CHIBA_CODE = "121002"

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


# ---------------------------------------------------------------- small helpers


def katakana(text: str) -> str:
    return "".join(chr(ord(ch) + 0x60) if "ぁ" <= ch <= "ゖ" else ch for ch in text)


_KANA_ONLY = re.compile(r"^[ぁ-ゖァ-ヺー・ 　]*$")
_PUNCT_ONLY = re.compile(r"^[（）「」()・、 　]*$")

Part = str | tuple[str, str | None]


def name_kana(*parts: Part) -> tuple[str, str]:
    """Join name parts; each is (text, reading) or a kana-only str. Reading "" if any is unknown."""
    texts, readings = [], []
    for part in parts:
        if isinstance(part, str):
            text = part
            reading = "" if _PUNCT_ONLY.match(part) else part if _KANA_ONLY.match(part) else None
        else:
            text, reading = part
        texts.append(text)
        readings.append(reading)
    kana = "" if any(r is None for r in readings) else katakana("".join(readings))
    return "".join(texts).strip(), re.sub(r"[ 　]", "", kana)


def t(hour: int, minute: int = 0) -> time:
    return time(hour, minute)


def weekly(
    days: list[int], opens: time | None, closes: time | None, interval: int = 1, note: str = ""
) -> dict:
    return {
        "freq": "weekly",
        "weekdays": days,
        "interval": interval,
        "opens_at": opens,
        "closes_at": closes,
        "note": note,
    }


def nth(nths: list[int], day: int, opens: time, closes: time, note: str = "") -> dict:
    return {
        "freq": "monthly_nth",
        "weekdays": [day],
        "nths": nths,
        "opens_at": opens,
        "closes_at": closes,
        "note": note,
    }


def mday(days: list[int], opens: time, closes: time) -> dict:
    return {"freq": "monthly_day", "month_days": days, "opens_at": opens, "closes_at": closes}


def irregular(note: str = "") -> dict:
    return {"freq": "irregular", "note": note}


WEEKDAYS = [0, 1, 2, 3, 4]
JA_DAY = schedules.WEEKDAY_JA

# Words for fictional names. 「ひだまり」 is left out: the view tests own 「院内ひだまりサロン」.
FANCY: list[tuple[str, str]] = [
    ("さくら", "さくら"),
    ("ひまわり", "ひまわり"),
    ("すみれ", "すみれ"),
    ("たんぽぽ", "たんぽぽ"),
    ("あおぞら", "あおぞら"),
    ("なごみ", "なごみ"),
    ("こもれび", "こもれび"),
    ("わかば", "わかば"),
    ("ほほえみ", "ほほえみ"),
    ("やすらぎ", "やすらぎ"),
    ("いこい", "いこい"),
    ("ぬくもり", "ぬくもり"),
    ("えがお", "えがお"),
    ("かがやき", "かがやき"),
    ("みのり", "みのり"),
    ("はなみずき", "はなみずき"),
    ("コスモス", "こすもす"),
    ("もみじ", "もみじ"),
    ("あじさい", "あじさい"),
    ("なのはな", "なのはな"),
    ("ゆうやけ", "ゆうやけ"),
    ("かざぐるま", "かざぐるま"),
    ("つばさ", "つばさ"),
    ("和み", "なごみ"),
    ("絆", "きずな"),
    ("笑顔", "えがお"),
    ("青空", "あおぞら"),
    ("若竹", "わかたけ"),
    ("松風", "まつかぜ"),
    ("ふたば", "ふたば"),
    ("ポプラ", "ぽぷら"),
    ("どんぐり", "どんぐり"),
    ("ことぶき", "ことぶき"),
    ("せせらぎ", "せせらぎ"),
]
HOUJIN: list[tuple[str, str]] = [
    ("緑風", "りょくふう"),
    ("青葉", "あおば"),
    ("清和", "せいわ"),
    ("光陽", "こうよう"),
    ("若竹", "わかたけ"),
    ("松籟", "しょうらい"),
    ("福寿", "ふくじゅ"),
    ("豊和", "ほうわ"),
    ("千寿", "せんじゅ"),
    ("慈光", "じこう"),
    ("晴山", "せいざん"),
    ("久遠", "くおん"),
    ("朋友", "ほうゆう"),
    ("康和", "こうわ"),
    ("潮風", "しおかぜ"),
    ("白百合", "しらゆり"),
]
STORES: list[tuple[str, str]] = [
    ("マルサンストア", "まるさんすとあ"),
    ("フレッシュマートみどり", "ふれっしゅまーとみどり"),
    ("ひまわりマート", "ひまわりまーと"),
    ("食品館あおば", "しょくひんかんあおば"),
    ("ファミリーストアやまと", "ふぁみりーすとあやまと"),
    ("スーパーうみかぜ", "すーぱーうみかぜ"),
]
CLINIC_KINDS = ["内科クリニック", "整形外科", "歯科医院", "クリニック", "診療所"]
SALONS: list[tuple[str, str]] = [
    ("いきいきサロン", "いきいきさろん"),
    ("ふれあいサロン", "ふれあいさろん"),
    ("お茶のみサロン", "おちゃのみさろん"),
    ("おしゃべりサロン", "おしゃべりさろん"),
    ("ほっとサロン", "ほっとさろん"),
    ("ミニデイ", "みにでい"),
    ("茶話会", "さわかい"),
    ("ふれあい・いきいきサロン", "ふれあいいきいきさろん"),
    ("地域カフェ", "ちいきかふぇ"),
]
SALON_ACTIVITIES = [
    "体操",
    "脳トレ",
    "歌",
    "手芸",
    "折り紙",
    "健康相談",
    "血圧測定",
    "ゲーム",
    "昼食会",
    "季節の行事",
    "ミニ講座",
    "輪投げ",
]


# ---------------------------------------------------------------- context


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


@dataclass
class Row:
    """One fictional resource before it is written."""

    fields: dict
    provider: tuple[str, str, str, str]  # name, kind, kana, phone
    categories: list[str]
    served: list[int] = field(default_factory=list)
    rules: list[dict] = field(default_factory=list)
    district_id: int = 0


K = Provider.Kind
B = Resource.Booking


class Faker:
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

    def __init__(self, ctx: Context, seed: int, today: datetime.date | None = None) -> None:
        self.ctx = ctx
        self.rng = random.Random(seed)
        self.today = today or timezone.localdate()
        self.kinds: list[Callable[[Pool], Row]] = [getattr(self, "_" + k) for k, _ in self.KINDS]
        self.kind_cum = _cumulative([w for _, w in self.KINDS])
        self.pool_cum = _cumulative([p.weight for p in ctx.pools])
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

    def pick(self, seq):
        return seq[self.rng.randrange(len(seq))]

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def fancy(self) -> tuple[str, str]:
        return self.pick(FANCY)

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

    def address(self, pool: Pool, town: Area | None) -> dict:
        if town is None:
            return {}
        rng = self.rng
        written = loader.address_town(town.name)
        if written.endswith("丁目"):
            number = f"{rng.randint(1, 30)}-{rng.randint(1, 25)}"
        else:
            number = f"{rng.randint(1, 1500)}-{rng.randint(1, 30)}"
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

    def keywords(self, base: list[str], extra: list[str], k: int = 2) -> str:
        words = base + [w for w in self.rng.sample(extra, min(k, len(extra))) if w not in base]
        return " ".join(words)

    def make(
        self,
        pool: Pool,
        *,
        name: tuple[str, str],
        provider: tuple[str, str, str],
        cats: list[str],
        keywords: str,
        description: str,
        eligibility: str,
        fee: tuple[int | None, str],
        booking: tuple[str, str],
        rules: list[dict],
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
            reason = "暑さのため" if month == 8 else "年始のため"
            rules[0]["note"] = rules[0].get("note") or f"{month}月は{reason}休みます"
        fields = {
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
                fields["barrier_free"] = self.pick(
                    [
                        "段差なし・車いす可",
                        "入口に段差あり（介助します）",
                        "2階（エレベーターなし）",
                        "多目的トイレあり",
                    ]
                )
            if rng.random() < 0.3:
                fields["parking"] = self.pick(
                    [
                        "なし（自転車置き場あり）",
                        "3台（要連絡）",
                        "あり（無料）",
                        "近隣のコインパーキングをご利用ください",
                    ]
                )
        return Row(
            fields=fields,
            provider=(provider[0], provider[2], provider[1], provider_phone),
            categories=cats,
            served=[a.pk for a in served or []],
            rules=rules,
            district_id=pool.district.pk,
        )

    # -- providers (name, kind, kana)

    def p_neighbourhood(self, town: Area | None, pool: Pool) -> tuple[str, str, str]:
        word = self.base(town, pool)
        suffix = self.pick([("町内会", "ちょうないかい"), ("自治会", "じちかい")])
        name, kana = name_kana(word, suffix)
        return name, kana, K.NEIGHBOURHOOD

    def p_senior_club(self, town: Area | None, pool: Pool) -> tuple[str, str, str]:
        word = self.base(town, pool)
        suffix = self.pick(
            [
                ("寿会", "ことぶきかい"),
                ("長寿会", "ちょうじゅかい"),
                ("シニアクラブ", "しにあくらぶ"),
                ("いきいきクラブ", "いきいきくらぶ"),
            ]
        )
        name, kana = name_kana(word, suffix)
        return name, kana, K.SENIOR_CLUB

    def p_swc(self, pool: Pool) -> tuple[str, str, str]:
        name, kana = name_kana(
            ("社協", "しゃきょう"), self.area_word(pool), ("地区部会", "ちくぶかい")
        )
        return name, kana, K.SOCIAL_WELFARE_COUNCIL

    def p_volunteers(
        self, town: Area | None, pool: Pool, helpers: bool = False
    ) -> tuple[str, str, str]:
        """A residents' group; ``helpers`` for groups that help at home (お助け隊)."""
        f = self.fancy()
        pattern = self.pick([1, 2, 3]) if helpers else self.rng.randrange(3)
        if pattern == 0:
            parts = (f, ("の会", "のかい"))
        elif pattern == 1:
            parts = (self.base(town, pool), ("ささえあいの会", "ささえあいのかい"))
        elif pattern == 2:
            parts = (("ボランティアグループ", "ぼらんてぃあぐるーぷ"), f)
        else:
            parts = (self.base(town, pool), ("お助け隊", "おたすけたい"))
        name, kana = name_kana(*parts)
        return name, kana, K.VOLUNTEERS

    def p_npo(self, kind: str = "") -> tuple[str, str, str]:
        suffix = kind or self.pick(
            ["ささえあいネット", "くらしサポート", "ケアネット", "地域福祉の会"]
        )
        reading = {
            "ささえあいネット": "ささえあいねっと",
            "くらしサポート": "くらしさぽーと",
            "ケアネット": "けあねっと",
            "地域福祉の会": "ちいきふくしのかい",
            "移送サービス": "いそうさーびす",
            "おでかけサポート": "おでかけさぽーと",
        }[suffix]
        name, kana = name_kana(("NPO法人", "えぬぴーおーほうじん"), self.fancy(), (suffix, reading))
        return name, kana, K.NPO

    def p_social_welfare(self) -> tuple[str, str, str]:
        name, kana = name_kana(
            ("社会福祉法人", "しゃかいふくしほうじん"), self.pick(HOUJIN), ("会", "かい")
        )
        return name, kana, K.SOCIAL_WELFARE_CORP

    def p_medical(self) -> tuple[str, str, str]:
        h = self.pick(HOUJIN)
        name, kana = name_kana(("医療法人社団", "いりょうほうじんしゃだん"), h, ("会", "かい"))
        return name, kana, K.MEDICAL

    def p_business(self, name: str, kana: str = "") -> tuple[str, str, str]:
        return name, kana, K.BUSINESS

    def facility(self) -> str:
        return (
            self.pick(
                ["特別養護老人ホーム", "介護老人保健施設", "デイサービスセンター", "グループホーム"]
            )
            + self.fancy()[0]
        )

    def community_venue(self, town: Area | None, pool: Pool) -> str:
        word = self.base(town, pool)[0]
        return word + self.pick(
            ["自治会館", "町内会館", "集会所", "公民館", "コミュニティセンター", "団地集会所"]
        )

    # -- 5.1.1 交流・体操・介護予防

    def _salon(self, pool: Pool) -> Row:
        rng = self.rng
        town = self.town(pool)
        who = rng.random()
        salon = self.pick(SALONS)
        if who < 0.45:
            provider = self.p_neighbourhood(town, pool)
            name = name_kana((provider[0], provider[1] or None), " ", salon)
            venue = self.base(town, pool)[0] + self.pick(["自治会館", "町内会館", "集会所"])
        elif who < 0.6:
            provider = self.p_senior_club(town, pool)
            name = name_kana((provider[0], provider[1] or None), " ", salon)
            venue = self.community_venue(town, pool)
        elif who < 0.8:
            provider = self.p_swc(pool)
            name = name_kana(self.area_word(pool), salon)
            venue = self.community_venue(town, pool)
        else:
            provider = self.p_volunteers(town, pool)
            f = self.fancy()
            name = self.pick(
                [
                    name_kana(("サロン", "さろん"), f),
                    name_kana(f, ("カフェ", "かふぇ")),
                    name_kana(("ミニデイ", "みにでい"), f),
                ]
            )
            venue = self.pick(
                [self.community_venue(town, pool), self.facility() + " 地域交流スペース"]
            )
        acts = rng.sample(SALON_ACTIVITIES, 3)
        opens, closes = self.pick(
            [(t(10), t(11, 30)), (t(13, 30), t(15)), (t(10), t(12)), (t(14), t(16))]
        )
        nths = self.pick([[2], [1, 3], [2, 4], [3], [4], [1]])
        fee = self.pick(
            [
                (100, "お茶代"),
                (100, "お茶代"),
                (100, "お茶代"),
                (200, "茶菓子代"),
                (300, "昼食会の月は500円"),
                (0, "材料費は実費"),
            ]
        )
        return self.make(
            pool,
            name=name,
            provider=provider,
            cats=["5.1.1"],
            keywords=self.keywords(
                ["茶話会", "交流"], ["体操", "認知症予防", "脳トレ", "会食", "歌", "手芸"]
            ),
            description=(
                f"地域の高齢者が気軽に集まれるサロンです。お茶を飲みながらのおしゃべりのほか、"
                f"{acts[0]}・{acts[1]}・{acts[2]}などを行っています。"
                + self.pick(
                    [
                        "一人暮らしの方、外出のきっかけがほしい方も歓迎です。",
                        "初めての方も見学だけでもどうぞ。",
                        "民生委員も参加しているので、困りごとの相談もできます。",
                    ]
                )
            ),
            eligibility=self.pick(
                [
                    "おおむね65歳以上の方（町内会の会員でなくても参加できます）",
                    "地域にお住まいの高齢者",
                    "どなたでも（高齢の方が中心です）",
                ]
            ),
            fee=fee,
            booking=(B.NONE, "") if self.chance(0.85) else (B.APPLICATION, "初回のみ電話で申込"),
            capacity=rng.randrange(15, 41, 5),
            town=town,
            venue=venue,
            rules=[nth(nths, rng.randrange(5), opens, closes)],
            audience=(True, False, self.chance(0.15)),
            schedule_note=self.pick(
                [
                    "",
                    "",
                    "",
                    "祝日の場合は翌週に開催します。",
                    "会場の都合で変更になることがあります。",
                ]
            ),
        )

    def _exercise(self, pool: Pool) -> Row:
        rng = self.rng
        town = self.town(pool)
        word = self.base(town, pool)
        f = self.fancy()
        pattern = rng.randrange(6)
        radio = pattern == 5
        name = [
            name_kana(("ふれあい体操クラブ", "ふれあいたいそうくらぶ"), " ", f),
            name_kana(("いきいき百歳体操", "いきいきひゃくさいたいそう"), " ", word),
            name_kana(
                ("シルバーリハビリ体操", "しるばーりはびりたいそう"), " ", self.area_word(pool)
            ),
            name_kana(("健康体操", "けんこうたいそう"), f),
            name_kana(f, ("ストレッチの会", "すとれっちのかい")),
            name_kana(word, ("ラジオ体操の会", "らじおたいそうのかい")),
        ][pattern]
        provider = self.pick(
            [
                self.p_volunteers(town, pool),
                self.p_senior_club(town, pool),
                self.p_neighbourhood(town, pool),
                self.p_swc(pool),
            ]
        )
        if radio:
            venue = word[0] + "公園"
            rules = [weekly([0, 1, 2, 3, 4, 5, 6], t(6, 30), t(6, 45))]
            note = "雨天中止。夏休み期間は子どもたちも参加します。"
        else:
            venue = self.community_venue(town, pool)
            days = self.pick([[1, 4], [0, 3], [2], [1], [4], [0, 2, 4]])
            opens = self.pick([t(9, 30), t(10), t(13, 30)])
            rules = [
                weekly(
                    days,
                    opens,
                    t(opens.hour + 1, opens.minute),
                    interval=2 if self.chance(0.1) else 1,
                )
            ]
            note = ""
        return self.make(
            pool,
            name=name,
            provider=provider,
            cats=["5.1.1"],
            keywords=self.keywords(
                ["体操"], ["介護予防", "転倒予防", "筋力づくり", "交流", "認知症予防"], 3
            ),
            description=self.pick(
                [
                    "椅子に座ったままでもできる体操で、足腰の筋力を保ち転倒を予防します。体操の後はお茶を飲みながら交流しています。",
                    "おもりを使った体操を、DVDを見ながら30分ほど行います。続けるうちに「歩くのが楽になった」という声が多い活動です。",
                    "体を動かして元気に過ごすための体操の会です。運動が苦手な方も、自分のペースで参加できます。",
                ]
            )
            if not radio
            else "朝の公園でラジオ体操をしています。近所の方の顔を見る機会にもなり、見かけない日は声をかけ合っています。",
            eligibility="どなたでも" if radio else "おおむね65歳以上で、自分で会場まで来られる方",
            fee=(0, "")
            if radio or self.chance(0.25)
            else self.pick([(100, "1回"), (300, "月額・会場費"), (500, "年会費")]),
            booking=(B.NONE, ""),
            capacity=None if radio else rng.randrange(15, 36, 5),
            town=town,
            venue=venue,
            rules=rules,
            audience=(True, False, radio),
            schedule_note=note,
            summer_break=not radio,
        )

    HOBBIES = [
        (
            ("健康麻雀クラブ", "けんこうまーじゃんくらぶ"),
            "麻雀",
            "賭けない・飲まない・吸わない健康麻雀です。初心者には経験者が教えます。",
        ),
        (
            ("囲碁・将棋の会", "いごしょうぎのかい"),
            "囲碁 将棋",
            "囲碁や将棋を楽しむ会です。対局のほか、初心者向けの手ほどきもしています。",
        ),
        (
            ("カラオケ同好会", "からおけどうこうかい"),
            "カラオケ 歌",
            "懐かしい歌を中心に、みんなでカラオケを楽しんでいます。声を出すことで口の体操にもなります。",
        ),
        (
            ("手芸サークル", "しゅげいさーくる"),
            "手芸 編み物",
            "編み物や小物づくりをしながらおしゃべりを楽しむサークルです。材料は用意があります。",
        ),
        (
            ("脳トレ教室", "のうとれきょうしつ"),
            "脳トレ 認知症予防",
            "計算やパズル、しりとりなどで頭の体操をします。笑いの絶えない教室です。",
        ),
        (
            ("書道サークル", "しょどうさーくる"),
            "書道",
            "講師の指導のもと、季節の言葉を書いています。道具の貸し出しもあります。",
        ),
        (
            ("歌声サロン", "うたごえさろん"),
            "歌 合唱",
            "ピアノの伴奏に合わせて童謡や唱歌をみんなで歌います。",
        ),
        (
            ("園芸クラブ", "えんげいくらぶ"),
            "園芸 花壇",
            "集会所の花壇の手入れや季節の寄せ植えをしています。",
        ),
        (
            ("折り紙の会", "おりがみのかい"),
            "折り紙",
            "指先を使う折り紙で、季節の飾りを作っています。",
        ),
    ]

    def _hobby(self, pool: Pool) -> Row:
        rng = self.rng
        town = self.town(pool)
        label, words, text = self.pick(self.HOBBIES)
        name = self.pick(
            [name_kana(label, " ", self.fancy()), name_kana(label, " ", self.base(town, pool))]
        )
        provider = self.pick([self.p_volunteers(town, pool), self.p_senior_club(town, pool)])
        if self.chance(0.6):
            opens = self.pick([t(13), t(13, 30), t(10)])
            rules = [
                weekly(
                    [rng.randrange(6)], opens, t(opens.hour + 2 + rng.randrange(2), opens.minute)
                )
            ]
        else:
            rules = [nth(self.pick([[1, 3], [2, 4]]), rng.randrange(5), t(13, 30), t(15, 30))]
        return self.make(
            pool,
            name=name,
            provider=provider,
            cats=["5.1.1"],
            keywords=self.keywords(
                words.split() + ["趣味活動"], ["交流", "認知症予防", "仲間づくり"]
            ),
            description=text
            + self.pick(
                [
                    "見学はいつでも歓迎です。",
                    "仲間づくりの場として長く続いています。",
                    "会員の多くが70代・80代です。",
                ]
            ),
            eligibility=self.pick(["おおむね60歳以上の方", "どなたでも", "地域にお住まいの方"]),
            fee=self.pick(
                [
                    (200, "1回・お茶代込み"),
                    (500, "月会費"),
                    (1000, "月会費"),
                    (0, "材料費は実費"),
                    (300, "1回"),
                ]
            ),
            booking=(B.NONE, "") if self.chance(0.7) else (B.APPLICATION, "入会は代表者へ電話で"),
            capacity=rng.randrange(10, 31, 5),
            town=town,
            venue=self.community_venue(town, pool),
            rules=rules,
            audience=(True, False, self.chance(0.3)),
        )

    def _walking(self, pool: Pool) -> Row:
        town = self.town(pool)
        word = self.base(town, pool)
        name = self.pick(
            [
                name_kana(word, ("ウォーキングの会", "うぉーきんぐのかい")),
                name_kana(("朝歩きの会", "あさあるきのかい"), " ", self.fancy()),
            ]
        )
        return self.make(
            pool,
            name=name,
            provider=self.p_volunteers(town, pool),
            cats=["5.1.1"],
            keywords=self.keywords(
                ["ウォーキング", "散歩", "体操"], ["介護予防", "健康づくり", "交流"]
            ),
            description="公園に集合し、準備体操の後に1時間ほど近所を歩きます。歩く速さはゆっくりで、途中で休憩もとります。",
            eligibility="自分で歩ける方ならどなたでも",
            fee=(0, "") if self.chance(0.5) else (100, "年額・ボランティア保険料"),
            booking=(B.NONE, ""),
            town=town,
            venue=word[0] + "公園（集合場所）",
            rules=[weekly([self.pick([2, 5, 6])], t(9), t(10, 30))],
            audience=(True, False, True),
            schedule_note="雨天中止。",
            summer_break=False,
        )

    def _meal(self, pool: Pool) -> Row:
        rng = self.rng
        town = self.town(pool)
        name = self.pick(
            [
                name_kana(("みんなの食堂", "みんなのしょくどう"), " ", self.fancy()),
                name_kana(("ふれあい会食会", "ふれあいかいしょくかい"), " ", self.base(town, pool)),
            ]
        )
        return self.make(
            pool,
            name=name,
            provider=self.pick([self.p_swc(pool), self.p_volunteers(town, pool), self.p_npo()]),
            cats=["5.1.1"],
            keywords=self.keywords(["会食", "食事", "多世代交流"], ["交流", "子ども食堂", "昼食"]),
            description="地域のボランティアが手作りの昼食を用意し、みんなで一緒に食べる会です。子どもから高齢の方まで参加でき、一人暮らしの方の楽しみになっています。",
            eligibility="どなたでも（高齢の方・子ども連れの方歓迎）",
            fee=self.pick([(300, "食事代"), (200, "食事代・子どもは無料"), (500, "食事代")]),
            booking=(B.RESERVATION, "前の週の金曜日までに電話で予約"),
            capacity=rng.randrange(20, 51, 10),
            town=town,
            venue=self.community_venue(town, pool),
            rules=[nth([self.pick([2, 3, 4])], rng.randrange(6), t(11, 30), t(13, 30))],
            audience=(True, False, True),
        )

    # -- 5.1.2 専門職が関わる教室

    PRO_CLASSES = [
        (
            ("シニアの栄養教室", "しにあのえいようきょうしつ"),
            "管理栄養士",
            "栄養 低栄養予防 食事 料理",
            "管理栄養士が、低栄養を防ぐ食事のとり方や、一人分でも簡単に作れる料理を紹介します。",
        ),
        (
            ("お口の健康教室", "おくちのけんこうきょうしつ"),
            "歯科衛生士",
            "口腔ケア 噛む力 飲み込み 歯",
            "歯科衛生士が、かむ力・飲み込む力を保つお口の体操や、入れ歯の手入れの方法を教えます。",
        ),
        (
            ("転倒予防教室", "てんとうよぼうきょうしつ"),
            "理学療法士",
            "転倒予防 筋力 体操 リハビリ",
            "理学療法士が体力を測定し、一人ひとりに合った転倒予防の運動を指導します。",
        ),
        (
            ("認知症予防教室", "にんちしょうよぼうきょうしつ"),
            "作業療法士",
            "認知症予防 脳トレ 運動",
            "作業療法士が、頭と体を同時に使う運動や脳トレを取り入れたプログラムを行います。",
        ),
        (
            ("ひざ・腰の痛み予防教室", "ひざこしのいたみよぼうきょうしつ"),
            "理学療法士",
            "膝痛 腰痛 体操 ストレッチ",
            "ひざや腰に負担をかけない体の使い方と、自宅でできるストレッチを理学療法士が教えます。",
        ),
    ]

    def _pro_class(self, pool: Pool) -> Row:
        rng = self.rng
        town = self.town(pool)
        label, pro, words, text = self.pick(self.PRO_CLASSES)
        r = rng.random()
        if r < 0.5:
            provider = self.p_medical()
            venue = self.fancy()[0] + self.pick(CLINIC_KINDS) + " 2階会議室"
        elif r < 0.8:
            provider = self.p_social_welfare()
            venue = self.facility() + " 地域交流スペース"
        else:
            provider = self.p_npo()
            venue = self.community_venue(town, pool)
        name = self.pick(
            [
                name_kana(label, " ", self.area_word(pool)),
                name_kana(label, "（", self.fancy(), "）"),
            ]
        )
        if self.chance(0.7):
            rules = [nth([self.pick([1, 2, 3, 4])], rng.randrange(5), t(14), t(15, 30))]
        else:
            rules = [weekly([rng.randrange(5)], t(10), t(11, 30), interval=2)]
        return self.make(
            pool,
            name=name,
            provider=provider,
            cats=["5.1.2"],
            keywords=self.keywords(words.split() + ["専門職", pro], ["介護予防", "健康相談"]),
            description=text + f"{pro}に個別の相談をすることもできます。",
            eligibility="おおむね65歳以上の方",
            fee=(0, "") if self.chance(0.3) else (500, "材料費・1回"),
            booking=(B.APPLICATION, "各回の1週間前までに電話で申込（先着順）"),
            capacity=self.pick([15, 20, 20, 30]),
            town=town,
            venue=venue,
            rules=rules,
        )

    # -- 5.1.3 お店での相談・サロン・体操

    def _shop(self, pool: Pool) -> Row:
        rng = self.rng
        town = self.town(pool)
        store = self.pick(STORES)
        branch = (self.base(town, pool)[0] + "店", None)
        pattern = rng.randrange(3)
        if pattern == 0:
            name = name_kana(
                store, " ", branch, " ", ("店内ふれあい体操", "てんないふれあいたいそう")
            )
            words, text = (
                ["体操", "お店", "買い物"],
                "スーパーの休憩スペースで、買い物ついでに参加できる15分ほどの体操です。参加するとポイントカードにスタンプを押します。",
            )
            rules = [weekly([self.pick([1, 2, 3])], t(10), t(10, 30))]
        elif pattern == 1:
            name = name_kana(
                store, " ", branch, " ", ("まちかど相談コーナー", "まちかどそうだんこーなー")
            )
            words, text = (
                ["相談", "お店", "健康チェック"],
                "店内の一角で、あんしんケアセンターの職員や看護師が介護や健康の相談を受けます。血圧測定もできます。",
            )
            rules = [nth([self.pick([1, 2, 3, 4])], rng.randrange(5), t(10), t(12))]
        else:
            cafe = name_kana(("喫茶", "きっさ"), self.fancy())
            name = name_kana(
                (cafe[0], cafe[1] or None), " ", ("シニアのおしゃべり会", "しにあのおしゃべりかい")
            )
            store = cafe
            words, text = (
                ["サロン", "お店", "交流"],
                "喫茶店の定休日に店を開放し、コーヒーを飲みながらおしゃべりを楽しむ会です。",
            )
            rules = [weekly([rng.randrange(5)], t(14), t(16))]
        return self.make(
            pool,
            name=name,
            provider=self.p_business(store[0] + ("" if pattern == 2 else " " + branch[0])),
            cats=["5.1.3"],
            keywords=self.keywords(words, ["介護予防", "交流", "見守り"]),
            description=text + "買い物のついでに気軽に立ち寄れます。",
            eligibility="どなたでも",
            fee=(0, "") if pattern < 2 else (300, "飲み物代"),
            booking=(B.NONE, ""),
            town=town,
            venue=store[0] + ("" if pattern == 2 else " " + branch[0]),
            rules=rules,
            audience=(True, pattern == 1, True),
        )

    # -- 5.2 介護者支援

    def _dementia_cafe(self, pool: Pool) -> Row:
        rng = self.rng
        town = self.town(pool)
        r = rng.random()
        if r < 0.5:
            provider, venue = self.p_social_welfare(), self.facility() + " 地域交流スペース"
        elif r < 0.7:
            provider, venue = self.p_npo(), self.community_venue(town, pool)
        elif r < 0.85:
            provider, venue = (
                self.p_medical(),
                self.fancy()[0] + self.pick(CLINIC_KINDS) + " 待合室",
            )
        else:
            provider, venue = self.p_volunteers(town, pool), self.community_venue(town, pool)
        name = self.pick(
            [
                name_kana(("オレンジカフェ", "おれんじかふぇ"), self.fancy()),
                name_kana(("オレンジカフェ", "おれんじかふぇ"), self.area_word(pool)),
                name_kana(("認知症カフェ", "にんちしょうかふぇ"), " ", self.fancy()),
            ]
        )
        day = 5 if self.chance(0.5) else rng.randrange(5)
        return self.make(
            pool,
            name=name,
            provider=provider,
            cats=["5.2"],
            keywords=self.keywords(
                ["認知症カフェ", "認知症", "介護者支援"], ["相談", "交流", "家族", "介護"]
            ),
            description=(
                "認知症の方やそのご家族、地域の方、専門職が気軽に集まって話せるカフェです。"
                "お茶を飲みながら、看護師や介護福祉士に介護の悩みを相談することもできます。"
            ),
            eligibility="認知症の方とそのご家族、関心のある方どなたでも",
            fee=self.pick(
                [(100, "飲み物代"), (100, "飲み物代"), (0, ""), (200, "茶菓子代"), (100, "")]
            ),
            booking=(B.NONE, ""),
            capacity=rng.randrange(15, 31, 5),
            town=town,
            venue=venue,
            rules=[nth([self.pick([1, 2, 3, 4])], day, t(13, 30), t(15, 30))],
            audience=(True, True, True),
        )

    def _carers_cafe(self, pool: Pool) -> Row:
        rng = self.rng
        town = self.town(pool)
        name = name_kana(("ケアラーズカフェ", "けあらーずかふぇ"), self.fancy())
        rules = (
            [mday([self.pick([5, 10, 15, 20, 25])], t(14), t(16))]
            if self.chance(0.4)
            else [nth([self.pick([1, 2, 3, 4])], rng.randrange(6), t(13, 30), t(15, 30))]
        )
        return self.make(
            pool,
            name=name,
            provider=self.pick([self.p_npo(), self.p_volunteers(town, pool)]),
            cats=["5.2"],
            keywords=self.keywords(
                ["ケアラーズカフェ", "介護者支援", "介護の悩み"], ["息抜き", "交流", "相談", "家族"]
            ),
            description=(
                "家族を介護している方が、ひと息ついて気持ちを話せるカフェです。"
                "介護の悩みを聴いてもらったり、同じ立場の人と情報交換をしたりできます。"
            ),
            eligibility="家族などを介護している方、介護を終えた方",
            fee=self.pick([(200, "飲み物・お菓子代"), (300, "飲み物代"), (0, "")]),
            booking=(B.NONE, ""),
            capacity=rng.randrange(10, 21, 5),
            town=town,
            venue=self.community_venue(town, pool),
            rules=rules,
            audience=(False, True, False),
        )

    def _family(self, pool: Pool) -> Row:
        rng = self.rng
        town = self.town(pool)
        name = self.pick(
            [
                name_kana(("介護家族の集い", "かいごかぞくのつどい"), " ", self.area_word(pool)),
                name_kana(
                    ("認知症の人を介護する家族の会", "にんちしょうのひとをかいごするかぞくのかい"),
                    " ",
                    self.fancy(),
                ),
                name_kana(("介護者のつどい", "かいごしゃのつどい"), " ", self.fancy()),
            ]
        )
        return self.make(
            pool,
            name=name,
            provider=self.pick([self.p_swc(pool), self.p_npo(), self.p_social_welfare()]),
            cats=["5.2"],
            keywords=self.keywords(
                ["家族の集い", "介護者支援", "介護の悩み"], ["認知症", "相談", "交流"]
            ),
            description=(
                "介護をしている家族どうしが、日ごろの悩みや工夫を話し合う集いです。"
                "話した内容は外にもらしません。あんしんケアセンターの職員も同席します。"
            ),
            eligibility="在宅で家族を介護している方",
            fee=(0, "") if self.chance(0.3) else (100, "お茶代"),
            booking=(B.NONE, "")
            if self.chance(0.6)
            else (B.APPLICATION, "初めての方は事前に電話でご連絡ください"),
            capacity=rng.randrange(10, 21, 5),
            town=town,
            venue=self.community_venue(town, pool),
            rules=[nth([self.pick([-1, 2, 3])], rng.randrange(5), t(13, 30), t(15, 30))],
            audience=(False, True, False),
        )

    CARE_TOPICS = [
        "おむつの選び方と当て方",
        "認知症の方への接し方",
        "介護保険の上手な使い方",
        "食事の介助と飲み込みの工夫",
        "腰を痛めない介護のコツ",
        "在宅での看取り",
    ]

    def _care_class(self, pool: Pool) -> Row:
        town = self.town(pool)
        topic = self.pick(self.CARE_TOPICS)
        name = name_kana(("家族介護教室", "かぞくかいごきょうしつ"), f"「{topic}」")
        if self.chance(0.5):
            rules = [irregular("年3回程度")]
            note = "日程は広報紙・回覧板でお知らせします。"
        else:
            rules = [nth([self.pick([2, 3])], self.rng.randrange(6), t(13, 30), t(15, 30))]
            note = "テーマは回ごとに変わります。"
        provider = self.pick([self.p_social_welfare(), self.p_medical()])
        return self.make(
            pool,
            name=name,
            provider=provider,
            cats=["5.2"],
            keywords=self.keywords(
                ["介護教室", "介護者支援", "介護"], ["介護技術", "認知症", "介護保険"]
            ),
            description=f"介護の専門職が「{topic}」について、実演を交えてわかりやすく説明します。質問の時間もあります。",
            eligibility="家族を介護している方、介護に関心のある方",
            fee=(0, "") if self.chance(0.5) else (100, "資料代"),
            booking=(B.APPLICATION, "開催日の1週間前までに電話で申込（先着20名）"),
            capacity=20,
            town=town,
            venue=self.pick([self.facility() + " 会議室", self.community_venue(town, pool)]),
            rules=rules,
            audience=(False, True, True),
            schedule_note=note,
        )

    # -- 1 家事支援

    def _garbage(self, pool: Pool) -> Row:
        word = self.area_word(pool)
        name = self.pick(
            [
                name_kana(("ごみ出しお手伝い隊", "ごみだしおてつだいたい"), " ", word),
                name_kana(word, ("ごみ出し支援", "ごみだししえん")),
                name_kana(("ごみ出しサポート", "ごみだしさぽーと"), " ", self.fancy()),
            ]
        )
        days = self.pick([[0, 3], [1, 4], [2, 5], [0, 3], [1, 4]])
        cats = ["1", "4"] if self.chance(0.3) else ["1"]
        return self.make(
            pool,
            name=name,
            provider=self.pick([self.p_volunteers(None, pool, helpers=True), self.p_swc(pool)]),
            cats=cats,
            keywords=self.keywords(["ごみ出し", "家事支援"], ["見守り", "声かけ", "安否確認"]),
            description=(
                "ごみ出しが難しい高齢者のお宅にうかがい、収集日の朝にごみを集積所まで運びます。"
                "ごみを受け取るときに声をかけ、安否確認も兼ねています。"
            ),
            eligibility="一人でごみ出しが難しい高齢者・障害のある方",
            fee=(100, "1回") if self.chance(0.7) else (0, ""),
            booking=(B.APPLICATION, "事前の登録が必要です。担当者が自宅にうかがい内容を確認します"),
            served=self.spheres_near(pool, 1),
            rules=[weekly(days, t(7), t(8, 30), note="収集日の朝")],
            summer_break=False,
        )

    def _housework(self, pool: Pool) -> Row:
        f = self.fancy()
        name = self.pick(
            [
                name_kana(("有償ボランティア", "ゆうしょうぼらんてぃあ"), " ", f),
                name_kana(("くらしのサポート", "くらしのさぽーと"), f),
                name_kana(
                    ("家事お手伝いサービス", "かじおてつだいさーびす"), " ", self.area_word(pool)
                ),
            ]
        )
        r = self.rng.random()
        provider = (
            self.p_npo()
            if r < 0.5
            else self.p_volunteers(None, pool, helpers=True)
            if r < 0.8
            else self.p_business(f"{f[0]}ハウスサービス株式会社", katakana(f[1]) + "ハウスサービス")
        )
        fee = self.pick(
            [(300, "30分・交通費別"), (800, "1時間"), (500, "30分"), (1000, "1時間・材料費別")]
        )
        return self.make(
            pool,
            name=name,
            provider=provider,
            cats=["1"],
            keywords=self.keywords(
                ["家事支援", "掃除"], ["洗濯", "調理", "買い物代行", "ごみ出し", "布団干し"], 3
            ),
            description=(
                "掃除・洗濯・調理・買い物の代行など、日常の家事をお手伝いします。"
                "介護保険のサービスでは頼めないことも、できる範囲でご相談に応じます。"
            ),
            eligibility="おおむね65歳以上の方、障害のある方、子育て中の方",
            fee=fee,
            booking=(B.RESERVATION, "利用の3日前までに電話で予約。初回は会員登録が必要です"),
            served=self.spheres_near(pool, self.rng.randint(1, 3)),
            rules=[weekly(self.pick([WEEKDAYS, [0, 1, 2, 3, 4, 5]]), t(9), t(17))],
            summer_break=False,
        )

    def _handyman(self, pool: Pool) -> Row:
        town = None
        name = self.pick(
            [
                name_kana(
                    ("ちょっとした困りごとお手伝い", "ちょっとしたこまりごとおてつだい"),
                    " ",
                    self.fancy(),
                ),
                name_kana(self.area_word(pool), ("ご近所お助け隊", "ごきんじょおたすけたい")),
            ]
        )
        return self.make(
            pool,
            name=name,
            provider=self.p_volunteers(town, pool, helpers=True),
            cats=["1"],
            keywords=self.keywords(
                ["家事支援", "困りごと"], ["電球交換", "草取り", "家具の移動", "ごみ出し"], 3
            ),
            description="電球の交換、庭の草取り、重い家具の移動など、ちょっとした困りごとを地域のボランティアがお手伝いします。",
            eligibility="地域にお住まいの高齢者",
            fee=self.pick([(200, "30分"), (300, "1回"), (0, "材料費は実費")]),
            booking=(B.RESERVATION, "前日までに電話で予約"),
            served=self.spheres_near(pool, 1),
            rules=[weekly(WEEKDAYS, t(9), t(16))],
            summer_break=False,
        )

    # -- 2 外出支援

    def _shopping_escort(self, pool: Pool) -> Row:
        name = name_kana(("買い物付き添いサービス", "かいものつきそいさーびす"), " ", self.fancy())
        return self.make(
            pool,
            name=name,
            provider=self.p_npo("おでかけサポート"),
            cats=["2", "1"] if self.chance(0.3) else ["2"],
            keywords=self.keywords(
                ["買い物", "付き添い", "外出支援"], ["移動支援", "送迎", "見守り"]
            ),
            description="一人で買い物に行くのが不安な方に、スタッフが付き添ってお店までご一緒します。重い荷物は自宅まで運びます。",
            eligibility="一人での外出が難しい高齢者・障害のある方",
            fee=(300, "30分"),
            booking=(B.RESERVATION, "利用日の2日前までに電話で予約"),
            served=self.spheres_near(pool, 2),
            rules=[weekly(WEEKDAYS, t(10), t(16))],
            summer_break=False,
        )

    def _hospital(self, pool: Pool) -> Row:
        name = self.pick(
            [
                name_kana(("通院送迎サービス", "つういんそうげいさーびす"), " ", self.fancy()),
                name_kana(("福祉有償運送", "ふくしゆうしょううんそう"), " ", self.fancy()),
            ]
        )
        return self.make(
            pool,
            name=name,
            provider=self.p_npo("移送サービス"),
            cats=["2"],
            keywords=self.keywords(
                ["通院", "送迎", "外出支援"], ["移動支援", "車いす", "病院", "付き添い"]
            ),
            description="通院や買い物の際に、自宅から目的地まで車で送迎します。車いすのまま乗れる車両もあります。",
            eligibility="要支援・要介護認定を受けている方、または一人での外出が難しい方（会員登録が必要）",
            fee=(300, "30分・別途年会費1,000円"),
            booking=(B.RESERVATION, "利用日の3日前までに電話で予約"),
            served=[pool.district],
            rules=[weekly(WEEKDAYS, t(8, 30), t(17))],
            summer_break=False,
        )

    def _shopping_bus(self, pool: Pool) -> Row:
        town = self.town(pool)
        store = self.pick(STORES)
        name = name_kana(
            ("お買い物バス", "おかいものばす"), "（", self.base(town, pool), ("方面）", "ほうめん")
        )
        return self.make(
            pool,
            name=name,
            provider=self.p_business(store[0], katakana(store[1])),
            cats=["2"],
            keywords=self.keywords(["買い物", "送迎", "外出支援"], ["バス", "移動支援"]),
            description=f"{store[0]}が運行する無料の送迎バスです。決まった曜日に団地や集会所の前を回り、お店まで送り迎えします。",
            eligibility="どなたでも",
            fee=(0, ""),
            booking=(B.NONE, ""),
            served=self.spheres_near(pool, 2),
            rules=[weekly([self.rng.randrange(6)], t(10), t(12), note="行き10時・帰り11時30分")],
            audience=(True, False, True),
            summer_break=False,
        )

    # -- 3 宅配・配食・移動販売

    def _delivery(self, pool: Pool) -> Row:
        store = self.pick(STORES)
        if self.chance(0.5):
            name = name_kana(store, " ", ("お届けサービス", "おとどけさーびす"))
            text = "店頭や電話で注文した食料品・日用品を、その日のうちに自宅まで届けます。"
            fee = (0, "2,000円以上のお買い物で配達料無料")
            words = ["宅配", "日用品", "食料品", "買い物"]
            provider = self.p_business(store[0], katakana(store[1]))
        else:
            f = self.fancy()
            name = name_kana(f, ("宅配弁当", "たくはいべんとう"))
            text = "栄養バランスを考えた日替わり弁当を、注文に応じて届けます。1食から注文できます。"
            fee = (500, "1食・内容により異なります")
            words = ["弁当", "宅配", "食事"]
            provider = self.p_business(f"{f[0]}キッチン", katakana(f[1]) + "キッチン")
        return self.make(
            pool,
            name=name,
            provider=provider,
            cats=["3.1"],
            keywords=self.keywords(words, ["配達", "買い物", "食事"]),
            description=text,
            eligibility="配達区域にお住まいの方",
            fee=fee,
            booking=(B.RESERVATION, "前日までに電話で注文"),
            served=[pool.district],
            rules=[weekly([0, 1, 2, 3, 4, 5], t(10), t(18))],
            audience=(True, True, True),
            summer_break=False,
        )

    def _meal_watch(self, pool: Pool) -> Row:
        f = self.fancy()
        district = pool.district
        name = self.pick(
            [
                name_kana(("見守り配食", "みまもりはいしょく"), " ", f, ("弁当", "べんとう")),
                name_kana(
                    ("まごころ配食サービス", "まごころはいしょくさーびす"),
                    " ",
                    (district.name, district.kana or None),
                ),
                name_kana(f, ("の見守り弁当", "のみまもりべんとう")),
            ]
        )
        dinner = self.chance(0.3)
        cats = ["3.2", "4"] if self.chance(0.4) else ["3.2"]
        return self.make(
            pool,
            name=name,
            provider=self.p_business(f"株式会社{f[0]}フーズ", katakana(f[1]) + "フーズ"),
            cats=cats,
            keywords=self.keywords(
                ["配食", "弁当", "安否確認", "見守り"], ["食事", "一人暮らし", "宅配"]
            ),
            description=(
                f"{'夕食' if dinner else '昼食'}のお弁当を手渡しでお届けし、そのときに安否を確認します。"
                "応答がない場合はご家族など、あらかじめ決めた連絡先に知らせます。"
                + self.pick(
                    ["刻み食・やわらか食にも対応しています。", "減塩・糖尿病食も選べます。", ""]
                )
            ),
            eligibility="区内にお住まいの65歳以上の方",
            fee=(540, "1食・税込、内容により異なります"),
            booking=(B.APPLICATION, "電話で申込。お試しで1食から利用できます"),
            served=[district],
            rules=[
                weekly(
                    [0, 1, 2, 3, 4, 5, 6] if dinner else WEEKDAYS,
                    t(16) if dinner else t(11),
                    t(18) if dinner else t(13),
                )
            ],
            audience=(True, True, False),
            summer_break=False,
        )

    def _mobile_shop(self, pool: Pool) -> Row:
        rng = self.rng
        store = self.pick(STORES)
        f = self.fancy()
        name = name_kana(("移動スーパー", "いどうすーぱー"), " ", f, ("号", "ごう"))
        served = self.spheres_near(pool, rng.randint(2, 4))
        towns = pool.towns or [None]
        stops = []
        for _ in range(rng.randint(3, 5)):
            town = self.pick(towns)
            word = loader.town_base(town.name) if town else self.area_word(pool)[0]
            stops.append(
                word + self.pick(["公園前", "集会所前", "団地中央広場", "バス停付近", "自治会館前"])
            )
        d1, d2 = rng.sample([0, 1, 2, 3, 4, 5], 2)
        rules = [
            weekly([d1], t(10), t(10, 30), note=stops[0]),
            weekly([d2], t(14), t(14, 30), note=stops[1]),
        ]
        return self.make(
            pool,
            name=name,
            provider=self.p_business(store[0], katakana(store[1])),
            cats=["3.3"],
            keywords=self.keywords(
                ["移動販売", "買い物"], ["食料品", "日用品", "見守り", "生鮮食品"], 3
            ),
            description=(
                f"{store[0]}の移動販売車が、生鮮食品や日用品を積んで決まった曜日・時間に地域を回ります。"
                "買い物に行くのが難しい方の見守りも兼ねています。"
            ),
            eligibility="どなたでも",
            fee=(0, "商品代金のみ"),
            booking=(B.NONE, ""),
            served=served,
            rules=rules,
            audience=(True, False, True),
            schedule_note="停車場所: " + "、".join(stops) + "。天候などにより時間が前後します。",
            summer_break=False,
        )

    # -- 4 見守り・安否確認

    def _watch_neighbourhood(self, pool: Pool) -> Row:
        town = self.town(pool)
        r = self.rng.random()
        provider = (
            self.p_neighbourhood(town, pool)
            if r < 0.5
            else self.p_senior_club(town, pool)
            if r < 0.7
            else self.p_swc(pool)
        )
        name = self.pick(
            [
                name_kana(
                    (provider[0], provider[1] or None), " ", ("見守り活動", "みまもりかつどう")
                ),
                name_kana(self.fancy(), ("見守り隊", "みまもりたい")),
                name_kana(
                    (provider[0], provider[1] or None), " ", ("友愛訪問", "ゆうあいほうもん")
                ),
            ]
        )
        served = [town] if town is not None and r < 0.7 else self.spheres_near(pool, 1)
        return self.make(
            pool,
            name=name,
            provider=provider,
            cats=["4"],
            keywords=self.keywords(
                ["見守り", "安否確認", "声かけ"], ["訪問", "一人暮らし", "緊急時"]
            ),
            description=(
                "一人暮らしの高齢者などのお宅を毎週訪問し、声かけと安否確認を行っています。"
                "変わった様子があれば、民生委員やあんしんケアセンターと連携して対応します。"
            ),
            eligibility="地域にお住まいの一人暮らし・高齢者のみの世帯",
            fee=(0, ""),
            booking=(B.APPLICATION, "見守りを希望する方は役員または民生委員へご連絡ください"),
            served=served,
            rules=[weekly([self.rng.randrange(6)], t(10), t(12), note="訪問日")],
            summer_break=False,
        )

    def _watch_newspaper(self, pool: Pool) -> Row:
        town = self.town(pool)
        word = self.base(town, pool)
        provider = self.p_business(word[0] + "新聞販売所")
        return self.make(
            pool,
            name=name_kana((provider[0], None), " ", ("配達時の見守り", "はいたつじのみまもり")),
            provider=provider,
            cats=["4"],
            keywords=self.keywords(
                ["見守り", "安否確認", "新聞配達"], ["異変", "連絡", "一人暮らし"]
            ),
            description=(
                "毎朝の新聞配達のときに、新聞がたまっている・明かりがつきっぱなしなどの異変に気づいたら、"
                "あんしんケアセンターや市に連絡します。"
            ),
            eligibility="配達区域にお住まいの方（購読者に限りません）",
            fee=(0, ""),
            booking=(B.NONE, ""),
            town=town,
            venue=provider[0],
            served=self.spheres_near(pool, 2),
            rules=[weekly([0, 1, 2, 3, 4, 5, 6], t(4), t(6, 30))],
            audience=(True, True, True),
            summer_break=False,
        )

    def _watch_business(self, pool: Pool) -> Row:
        if self.chance(0.5):
            gas = self.pick(
                [
                    ("はなまるガス", "はなまるがす"),
                    ("ちば湾岸ガス", "ちばわんがんがす"),
                    ("あさひ燃料", "あさひねんりょう"),
                ]
            )
            provider = self.p_business(gas[0], katakana(gas[1]))
            name = name_kana(gas, " ", ("検針時の見守り", "けんしんじのみまもり"))
            text = "毎月のガスの検針や点検でお宅を訪ねるときに、様子の変化に気を配り、異変があれば連絡先に知らせます。"
            rules, words, note = (
                [irregular("月1回の検針時")],
                ["ガス", "検針"],
                "訪問日は検針日によります。",
            )
        else:
            f = self.fancy()
            provider = self.p_business(f"{f[0]}ミルクセンター", katakana(f[1]) + "ミルクセンター")
            name = name_kana(
                f, ("ミルクセンター", "みるくせんたー"), " ", ("見守り宅配", "みまもりたくはい")
            )
            text = "乳製品を手渡しでお届けしながら、お変わりないかを確認します。異変があればご家族に連絡します。"
            rules, words, note = (
                [weekly(self.pick([[0, 3], [1, 4]]), t(9), t(12))],
                ["宅配", "乳製品"],
                "",
            )
        return self.make(
            pool,
            name=name,
            provider=provider,
            cats=["4"],
            keywords=self.keywords(["見守り", "安否確認"] + words, ["訪問", "一人暮らし", "連絡"]),
            description=text,
            eligibility="サービス区域の利用者",
            fee=(0, "商品代金は別"),
            booking=(B.APPLICATION, "電話で申込"),
            served=[pool.district],
            rules=rules,
            audience=(True, True, False),
            schedule_note=note,
            summer_break=False,
        )

    # -- 6.2 / 6.4 相談機関 (fictional)

    def _ikiiki(self, pool: Pool) -> Row:
        town = self.town(pool)
        word = self.area_word(pool)
        name = name_kana(word, ("ふれあいいきいきセンター", "ふれあいいきいきせんたー"))
        provider = self.p_social_welfare()
        return self.make(
            pool,
            name=name,
            provider=provider,
            cats=["6.2"],
            keywords=self.keywords(
                ["いきいきセンター", "健康づくり", "相談"], ["講座", "交流", "体操", "囲碁"]
            ),
            description=(
                "高齢の方の健康づくりと交流のための施設です。体操や趣味の講座、囲碁・将棋の部屋があり、"
                "生活の困りごとの相談も受け付けています。"
            ),
            eligibility="市内にお住まいの60歳以上の方",
            fee=(0, "講座によって材料費がかかります"),
            booking=(B.NONE, ""),
            town=town,
            venue=name[0],
            rules=[weekly([0, 1, 2, 3, 4, 5], t(9), t(17))],
            audience=(True, False, False),
            schedule_note="日曜・祝日・年末年始は休み。",
            summer_break=False,
        )

    def _coordinator(self, pool: Pool) -> Row:
        word = self.area_word(pool)
        name = name_kana(
            ("生活支援コーディネーター", "せいかつしえんこーでぃねーたー"),
            "（",
            word,
            ("担当）", "たんとう"),
        )
        district = pool.district
        provider = name_kana(
            (district.name, district.kana or None), ("ささえあい推進室", "ささえあいすいしんしつ")
        )
        return self.make(
            pool,
            name=name,
            provider=(provider[0], provider[1], K.PUBLIC),
            cats=["6.4"],
            keywords=self.keywords(
                ["生活支援コーディネーター", "相談", "地域の支え合い"],
                ["活動の立ち上げ", "ボランティア", "担い手"],
            ),
            description=(
                "地域の支え合い活動を紹介し、新しい活動の立ち上げを手伝います。"
                "「近所で体操をしたい」「ごみ出しが大変」「みんなで集まる場所がほしい」などの声をお寄せください。"
            ),
            eligibility="地域にお住まいの方、活動をしている団体",
            fee=(0, ""),
            booking=(B.NONE, ""),
            served=[pool.sphere or district],
            rules=[weekly(WEEKDAYS, t(9), t(17))],
            audience=(True, True, True),
            schedule_note="訪問での相談もできます。",
            summer_break=False,
        )


def _cumulative(weights: list[float]) -> list[float]:
    out, total = [], 0.0
    for w in weights:
        total += w
        out.append(total)
    return out


# ---------------------------------------------------------------- the bulk writer


RULE_DEFAULTS = {
    "weekdays": [],
    "nths": [],
    "month_days": [],
    "interval": 1,
    "opens_at": None,
    "closes_at": None,
    "except_months": [],
    "note": "",
}


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
                ScheduleRule(sort_order=i, **{**RULE_DEFAULTS, **r})
                for i, r in enumerate(row.rules)
            ]
            rule_lists.append(rules)
            resources.append(
                Resource(
                    municipality=ctx.municipality,
                    provider_id=self.providers[(row.provider[0], row.provider[1])],
                    is_sample=True,
                    weekday_mask=schedules.weekday_mask(rules),
                    daypart_mask=schedules.daypart_mask(rules),
                    next_date=self.next_date(rules, row.rules),
                    **row.fields,
                )
            )
        created = Resource.objects.bulk_create(resources, batch_size=500)
        cat_through = Resource.categories.through
        area_through = Resource.served_areas.through
        links, served, all_rules = [], [], []
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

CENTER_DESCRIPTION = (
    "高齢者の介護・福祉・健康・暮らしの総合相談窓口（地域包括支援センター）です。"
    "介護保険の申請や介護予防、認知症、一人暮らしの不安、虐待や消費者被害の相談を受け付け、"
    "ケアマネジャーとともに暮らしを支えます。担当地区：{coverage}"
)
CENTER_KEYWORDS = "総合相談 介護保険 介護予防 認知症 権利擁護 地域包括支援センター 一人暮らし"


def _town_in_address(address: str, ward: Area) -> Area | None:
    rest = address.split(ward.name, 1)[-1]
    best, best_len = None, 0
    for town in Area.objects.within(ward).filter(kind=Area.Kind.TOWN):
        for written in (town.name, loader.address_town(town.name)):
            if rest.startswith(written) and len(written) > best_len:
                best, best_len = town, len(written)
    return best


def _public_resource(
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


def load_chiba_public(municipality: Area) -> list[int]:
    """The 28 あんしんケアセンター (6.1) and the 6 保健福祉センター (6.3): real, not samples.

    Updated in place by name, so their ids (and URLs) survive a reload.
    """
    city, _ = Provider.objects.get_or_create(
        municipality=municipality,
        name=municipality.name,
        kind=Provider.Kind.PUBLIC,
        is_sample=False,
        defaults={"kana": katakana(municipality.kana)},
    )
    categories = {c.code: c for c in Category.objects.filter(code__in=["6.1", "6.3"])}
    wards = {w.name: w for w in municipality.children.filter(kind=Area.Kind.WARD)}
    ids = []
    for center in loader.chiba_centers():
        sphere = Area.objects.get(code=loader.sphere_code(municipality, center["short"]))
        short_kana = loader.SPHERE_KANA.get(center["short"])
        coverage = center["coverage"]
        resource = _public_resource(
            municipality,
            center["name"],
            categories["6.1"],
            sphere,
            kana=katakana("ちばしあんしんけあせんたー" + short_kana) if short_kana else "",
            provider=city,
            description=CENTER_DESCRIPTION.format(coverage=coverage),
            keywords=CENTER_KEYWORDS,
            for_self=True,
            for_carers=True,
            for_anyone=True,
            eligibility=f"担当地区（{sphere.name}）にお住まいの高齢者とその家族、地域の方",
            fee_amount=0,
            fee_note="",
            booking=Resource.Booking.NONE,
            booking_note="電話・来所で相談できます（必要に応じて自宅にうかがいます）",
            url=center["url"],
            schedule_note="住所・電話番号・受付時間は市のホームページでご確認ください。",
        )
        ids.append(resource.pk)

    for row in loader._read_csv(loader.DATA_DIR / "chiba_wards.csv"):
        ward = wards[row["ward"]]
        name = row["ward"].removesuffix("区") + "保健福祉センター"
        address = row["ward_office_address"].removeprefix("千葉県")
        town = _town_in_address(address, ward) if address else None
        phone = row["kaigo_hoken_shitsu_phone"]
        resource = _public_resource(
            municipality,
            name,
            categories["6.3"],
            ward,
            kana=katakana(ward.kana.removesuffix("く") + "ほけんふくしせんたー")
            if ward.kana
            else "",
            provider=city,
            description=(
                f"{ward.name}の保健と福祉の窓口です。介護保険の申請や認定、高齢者福祉サービスの手続き、"
                "健康づくりや介護予防の相談を受け付けています。"
                + ("電話番号は介護保険室のものです。" if phone else "")
            ),
            keywords="介護保険 申請 保健 福祉 健康相談 手続き",
            for_self=True,
            for_carers=True,
            for_anyone=True,
            eligibility=f"{ward.name}にお住まいの方",
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
            schedule_note="受付時間は区役所の開庁時間です（土日・祝日・年末年始を除く）。"
            if address
            else "",
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
