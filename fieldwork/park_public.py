"""The public 「公園をさがす」 pages (/parks/): what a park's coordinator chose to show.

A park is public when it is live and at least one field is chosen (Park.public_fields);
then its name and area always show, and of the rest only the chosen fields — never who
surveyed it, the notes, the survey date or anything else. Photos only when 写真 is chosen.
見本 parks show as 見本 resources do: listed, and marked 見本 wherever they appear.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from areas.models import Area
from fieldwork.models import Park
from fieldwork.park_places import point_words

# Fields shown as a fact (label, words); 位置 and 写真 have their own parts of the page.
FACT_FIELDS = [name for name, _label in Park.PUBLIC_CHOICES if name not in ("point", "photos")]
LABELS = dict(Park.PUBLIC_CHOICES)


def public_parks(municipality: Area | None) -> list[Park]:
    """The city's public parks, by area and name (few per city: filtered here, the same on
    SQLite and PostgreSQL, where a JSON list's emptiness is asked differently)."""
    if municipality is None:
        return []
    rows = (
        Park.objects.filter(municipality=municipality)
        .live()
        .select_related("area")
        .order_by("area__path", "name", "pk")
    )
    return [p for p in rows if p.public_fields]


def public_park(municipality: Area | None, pk: int) -> Park | None:
    park = (
        Park.objects.filter(municipality=municipality, pk=pk).live().select_related("area").first()
    )
    return park if park is not None and park.public_fields else None


def has_public_parks(municipality: Area | None) -> bool:
    if municipality is None:
        return False
    chosen = Park.objects.filter(municipality=municipality).live().values_list("public_fields")
    return any(fields for (fields,) in chosen.iterator())


def shows(park: Park, name: str) -> bool:
    return name in park.public_fields


def has_toilet(park: Park) -> bool:
    """A toilet the park shows (あり or 多目的): a hidden or unknown one never passes."""
    return shows(park, "toilet") and park.toilet in (Park.Toilet.YES, Park.Toilet.ACCESSIBLE)


def has_benches(park: Park) -> bool:
    return shows(park, "benches") and park.benches is not None and park.benches > 0


def words(park: Park, name: str) -> str:
    """A chosen field as the page says it; an unknown one says so."""
    if name == "size_m2":
        return f"約{park.size_m2:,.0f}㎡" if park.size_m2 is not None else "わかりません"
    if name == "benches":
        return f"{park.benches}基" if park.benches is not None else "わかりません"
    if name == "toilet":
        return "わかりません" if park.toilet == Park.Toilet.UNKNOWN else park.get_toilet_display()
    if name == "surroundings":
        return "、".join(park.surroundings) or "わかりません"
    if name == "uses":
        return "、".join(park.use_labels()) or "わかりません"
    return str(getattr(park, name) or "") or "わかりません"


def facts(park: Park) -> list[tuple[str, str]]:
    return [(LABELS[n], words(park, n)) for n in FACT_FIELDS if shows(park, n)]


@dataclass
class AreaGroup:
    name: str
    anchor: str
    parks: list[Park] = field(default_factory=list)


def by_ward(municipality: Area, parks: list[Park]) -> list[AreaGroup]:
    """The parks under their ward (a park filed under the city: 「市内のほか」), in the
    wards' own order."""
    wards = list(Area.objects.filter(parent=municipality, kind=Area.Kind.WARD))
    groups = {w.pk: AreaGroup(w.name, f"ward-{w.pk}") for w in wards}
    other = AreaGroup(f"{municipality.name}（区を決めていない公園）", "ward-none")
    for park in parks:
        parts = park.area.path.strip("/").split("/")
        ward = int(parts[1]) if len(parts) > 1 and int(parts[1]) in groups else None
        (groups[ward] if ward is not None else other).parks.append(park)
    return [g for g in [*groups.values(), other] if g.parks]


def point_note(park: Park) -> str:
    if park.point_source == Park.PointSource.ADDRESS:
        return f"印は{point_words(park)}です。公園の入口や正確な場所ではありません。"
    return "印のところが公園です。"
