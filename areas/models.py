"""The one area tree: 市区町村 → 区 → 日常生活圏域 → 町丁目.

HSDS 3.0: areas are not entities of their own there; a resource's town maps to
`location.address` and its served areas to `service_area` (name + extent).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import models
from django.db.models import Q


def lg_check_digit(code5: str) -> str:
    """The 6th digit of a 全国地方公共団体コード (JIS X 0401/0402 check digit)."""
    total = sum(int(d) * w for d, w in zip(code5, (6, 5, 4, 3, 2), strict=True))
    return str((11 - total % 11) % 10)


class AreaQuerySet(models.QuerySet):
    def municipalities(self) -> AreaQuerySet:
        return self.filter(kind=Area.Kind.MUNICIPALITY)

    def within(self, area: Area) -> AreaQuerySet:
        """The area and everything below it, by materialised path (one indexed range)."""
        return self.filter(path__startswith=area.path)

    def towns(self) -> AreaQuerySet:
        return self.filter(kind=Area.Kind.TOWN)


class Area(models.Model):
    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", "市区町村"
        WARD = "ward", "区"
        SPHERE = "sphere", "日常生活圏域"
        TOWN = "town", "町丁目"

    # Stable public identifier used in URLs: the 6-digit 全国地方公共団体コード for a
    # municipality or ward, "<municipality code>-<name>" below that.
    code = models.CharField("コード", max_length=120, unique=True)
    kind = models.CharField("種別", max_length=16, choices=Kind.choices)
    name = models.CharField("名称", max_length=100)
    kana = models.CharField("よみがな", max_length=200, blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    municipality = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # "/<id>/<id>/…/" from the municipality down: descendants are one prefix range.
    path = models.CharField(max_length=255, db_index=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    prefecture = models.CharField("都道府県", max_length=10, blank=True)
    lat = models.FloatField("緯度", null=True, blank=True)
    lng = models.FloatField("経度", null=True, blank=True)
    sort_order = models.PositiveIntegerField(default=0)
    # A municipality's own 市外局番 for local numbers written without it (千葉市: 043, where
    # local numbers have 7 digits). Empty where the city has several or we do not know it:
    # a 7-digit number is then never dialled.
    phone_area_code = models.CharField("市外局番", max_length=5, blank=True)
    # Other names people and the city use for this area, one a line (「東千葉圏域」 for the
    # 弁天 sphere, the あんしんケアセンター's name): 近くを探す understands them too.
    aliases = models.TextField(
        "別名",
        blank=True,
        help_text="市の資料や住民が使う別の呼び名を1行に1つ（例: 東千葉圏域）。近くを探すで使います。",
    )

    objects = AreaQuerySet.as_manager()

    class Meta:
        ordering = ["depth", "sort_order", "name"]
        verbose_name = "地域"
        verbose_name_plural = "地域"

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        path = (self.parent.path if self.parent else "/") + f"{self.pk}/"
        depth = self.parent.depth + 1 if self.parent else 0
        municipality_id: int | None
        if self.kind == self.Kind.MUNICIPALITY:
            municipality_id = self.pk
        else:
            municipality_id = self.parent.municipality_id if self.parent else None
        if (path, depth, municipality_id) != (self.path, self.depth, self.municipality_id):
            self.path, self.depth, self.municipality_id = path, depth, municipality_id
            Area.objects.filter(pk=self.pk).update(
                path=path, depth=depth, municipality_id=municipality_id
            )

    def alias_list(self) -> list[str]:
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]

    @property
    def ancestor_ids(self) -> list[int]:
        """Ids from the municipality down to this area, itself included."""
        return [int(part) for part in self.path.strip("/").split("/") if part]

    def ancestors(self) -> list[Area]:
        by_id = Area.objects.in_bulk(self.ancestor_ids)
        return [by_id[i] for i in self.ancestor_ids if i in by_id]

    def name_with_towns(self, shown: int = 3) -> str:
        """「弁天圏域（新千葉・弁天・春日…）」: a 日常生活圏域 means nothing to a resident
        without the towns in it (issue 13). Other kinds are their name. Reads
        self.children.all(), so prefetch children when listing many."""
        if self.kind != self.Kind.SPHERE:
            return self.name
        towns = sorted(self.children.all(), key=lambda a: (a.sort_order, a.code))
        if not towns:
            return self.name
        names = "・".join(a.name for a in towns[:shown])
        return f"{self.name}（{names}{'…' if len(towns) > shown else ''}）"

    @property
    def full_name(self) -> str:
        if self.kind == self.Kind.MUNICIPALITY:
            return self.name
        names = [a.name for a in self.ancestors() if a.kind != self.Kind.SPHERE or a.pk == self.pk]
        return "".join(names)


def with_towns(ids: Iterable[int]) -> dict[int, Area]:
    """The areas of these ids, each 日常生活圏域 with its towns read (for name_with_towns), in
    one query whatever the areas: a page of cards names its 圏域 without a query per card."""
    wanted = set(ids)
    if not wanted:
        return {}
    rows = Area.objects.filter(
        Q(pk__in=wanted) | Q(parent_id__in=wanted, parent__kind=Area.Kind.SPHERE)
    )
    found: dict[int, Area] = {}
    towns: dict[int, list[Area]] = {}
    for area in rows:
        if area.pk in wanted:
            found[area.pk] = area
        if area.parent_id in wanted and area.kind == Area.Kind.TOWN:
            towns.setdefault(area.parent_id, []).append(area)
    for pk, area in found.items():
        if area.kind == Area.Kind.SPHERE:
            cache = getattr(area, "_prefetched_objects_cache", {})
            area._prefetched_objects_cache = {**cache, "children": towns.get(pk, [])}  # type: ignore[attr-defined]
    return found


class Landmark(models.Model):
    """A place people name to say where they are (a station, a 公民館): one point of a city.

    Imported from a CSV per municipality (areas/landmarks.py); the demo ships Chiba's
    stations (国土数値情報 鉄道データ).
    """

    class Kind(models.TextChoices):
        STATION = "station", "駅"
        FACILITY = "facility", "施設"

    municipality = models.ForeignKey(
        Area, on_delete=models.CASCADE, related_name="landmarks", verbose_name="市区町村"
    )
    name = models.CharField("名称", max_length=100)
    kana = models.CharField("よみがな", max_length=200, blank=True)
    kind = models.CharField("種別", max_length=16, choices=Kind.choices)
    lat = models.FloatField("緯度")
    lng = models.FloatField("経度")
    # Where the row came from (「国土数値情報（鉄道データ）」), shown beside it where credit is due.
    source = models.CharField("出典", max_length=200, blank=True)

    class Meta:
        ordering = ["municipality", "kind", "kana", "name"]
        verbose_name = "目印"
        verbose_name_plural = "目印"
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "kind", "name"], name="landmark_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name


class PopulationImport(models.Model):
    """One population file taken in for a municipality (areas/population.py): the towns'
    residents aged 65 and over. The newest is the one used; older ones are kept (nothing
    lost), so going back is deleting the newest."""

    class Kind(models.TextChoices):
        ESTAT = "estat", "e-Stat 国勢調査 小地域集計（年齢5歳階級）"
        SIMPLE = "simple", "町丁目と65歳以上の人数"

    municipality = models.ForeignKey(
        Area, on_delete=models.CASCADE, related_name="population_imports", verbose_name="市区町村"
    )
    kind = models.CharField("形式", max_length=10, choices=Kind.choices)
    file_name = models.CharField("ファイル名", max_length=200, blank=True)
    # Where the figures come from (「令和2年国勢調査」), shown with them.
    source = models.CharField("出典", max_length=200, blank=True)
    imported_at = models.DateTimeField("取り込んだ日時", auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="取り込んだ人",
    )

    class Meta:
        ordering = ["municipality", "-imported_at", "-pk"]
        verbose_name = "人口の取り込み"
        verbose_name_plural = "人口の取り込み"

    def __str__(self) -> str:
        return f"{self.municipality.name} {self.get_kind_display()}"


class TownPopulationQuerySet(models.QuerySet):
    def current(self, municipality: Area) -> TownPopulationQuerySet:
        """The towns' figures of the municipality's newest import (none: empty)."""
        latest = (
            PopulationImport.objects.filter(municipality=municipality)
            .order_by("-imported_at", "-pk")
            .values("pk")[:1]
        )
        return self.filter(batch__in=latest)


class TownPopulation(models.Model):
    """A town's residents aged 65 and over, as one import gave it. A town without a row is
    unknown (a hidden 「X」 cell, a row the file did not have) — never 0."""

    batch = models.ForeignKey(PopulationImport, on_delete=models.CASCADE, related_name="rows")
    town = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="+")
    aged_65_plus = models.PositiveIntegerField("65歳以上の人数")

    objects = TownPopulationQuerySet.as_manager()

    class Meta:
        verbose_name = "町丁目の人口"
        verbose_name_plural = "町丁目の人口"
        constraints = [
            models.UniqueConstraint(fields=["batch", "town"], name="population_one_per_town")
        ]
