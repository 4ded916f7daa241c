"""Everything an import looks up once for a whole file (categories, areas, providers, the
resources its rows are), and each row's outcome: which resource it is, what it would store
(read cell by cell in transfer/rows.py), its 〓 cells, and its differences as shown."""

from __future__ import annotations

import copy
from collections.abc import Set
from typing import Any

from areas import addresses
from areas.models import Area
from directory import schedules
from directory.models import Category, Provider, Resource
from office import history
from office.models import Staff
from transfer import parsing
from transfer.columns import BY_KEY
from transfer.opendata_address import Places, split_address
from transfer.outcome import Problem, Row
from transfer.reading import Table
from transfer.rows import RowBuilder
from transfer.snapshots import bulk_snapshots, chunks, new_snapshot

GETA = "〓"  # what our CP932 export writes for a character Shift_JIS cannot hold


class Context:
    """Everything looked up once for a whole file: categories, areas, providers, matches."""

    def __init__(
        self, municipality: Area, staff: Staff | None, table: Table, mapping: dict[str, str]
    ) -> None:
        self.municipality = municipality
        self.staff = staff
        self.table = table
        self.columns = {  # our key → (column index, file header)
            key: (index, header)
            for index, header in enumerate(table.headers)
            if (key := mapping.get(header))
        }
        # A 7-digit local number gets the municipality's 市外局番 when it has exactly one.
        self.area_code = municipality.phone_area_code
        self.categories = {c.code: c for c in Category.objects.all()}
        self.category_names: dict[str, str] = {}
        for c in self.categories.values():
            for name in (c.name, c.short_name):
                if name:
                    self.category_names.setdefault(parsing.match_key(name), c.code)
        served = Area.objects.filter(
            municipality=municipality, kind__in=[Area.Kind.WARD, Area.Kind.SPHERE]
        )
        self.areas = {a.code: a for a in [municipality, *served]}
        self.area_names = {parsing.match_key(a.name): a.code for a in self.areas.values()}
        # Where a resource is held when only its ward or 圏域 is known (開催地域).
        self.place_areas = {a.code: a for a in served}
        self.place_areas_by_pk = {a.pk: a for a in self.place_areas.values()}
        self.place_area_names: dict[str, str] = {}
        prefixes = ["", parsing.match_key(municipality.name)]
        parent = municipality.parent if municipality.parent_id else None
        if parent is not None:
            prefixes.append(parsing.match_key(parent.name) + prefixes[1])
        for area in self.place_areas.values():
            for prefix in prefixes:
                self.place_area_names.setdefault(prefix + parsing.match_key(area.name), area.code)
        towns = Area.objects.towns().filter(municipality=municipality)
        self.towns_by_code = {t.code: t for t in towns}
        self.towns_by_pk = {t.pk: t for t in self.towns_by_code.values()}
        # A served area may also be a single town (the model and the demo allow it).
        self.areas.update(self.towns_by_code)
        self.providers = {
            parsing.match_key(name): pk
            for pk, name in Provider.objects.filter(municipality=municipality).values_list(
                "pk", "name"
            )
        }
        self.provider_names = dict(
            Provider.objects.filter(municipality=municipality).values_list("pk", "name")
        )
        self.kinds = {}
        for value, label in Provider.Kind.choices:
            self.kinds[parsing.match_key(str(label))] = value
            self.kinds[value] = value
        self.statuses = {}
        for value, label in Resource.Status.choices:
            self.statuses[parsing.match_key(str(label))] = value
            self.statuses[value] = value
        self._town_matches: dict[str, Area | None] = {}
        self._places: Places | None = None

    # --- cells

    def cell(self, cells: list[str], key: str, held: Set[int] = frozenset()) -> str | None:
        """The raw text of our column in this row; None when the file has no such column
        (or the cell is held back: read as if the column were not there)."""
        if key not in self.columns:
            return None
        index = self.columns[key][0]
        if index in held:
            return None
        return cells[index] if index < len(cells) else ""

    def geta_cells(self, cells: list[str]) -> set[int]:
        """Columns of this row holding 〓: our CP932 export writes it for a character
        Shift_JIS cannot hold (𠮷, 𩸽 …), so the cell may have lost what it said."""
        return {
            index
            for key, (index, _header) in self.columns.items()
            if key != "id" and index < len(cells) and GETA in cells[index]
        }

    def address_key(self, cells: list[str]) -> str:
        """The address as it will be stored, as its match_key, for matching rows to resources."""
        address = parsing.parse_address(self.cell(cells, "address") or "")[1]
        return "" if self.place_area_named(address) else parsing.match_key(address)

    def place_area_named(self, text: str) -> Area | None:
        """The ward or 圏域 a text names on its own (「美浜区」「千葉市美浜区」), if any."""
        key = parsing.match_key(text)
        if not key:
            return None
        code = key if key in self.place_areas else self.place_area_names.get(key)
        return self.place_areas.get(code) if code else None

    def header(self, key: str) -> str:
        return self.columns[key][1] if key in self.columns else BY_KEY[key].header

    # --- the rows

    def rows(self) -> list[Row]:
        existing = Resource.objects.filter(municipality=self.municipality).exclude(
            status=Resource.Status.DELETED
        )
        by_key: dict[tuple[str, str], list[int]] = {}
        for pk, name, address in existing.values_list("pk", "name", "address"):
            by_key.setdefault((parsing.match_key(name), parsing.match_key(address)), []).append(pk)
        found: list[tuple[Row, list[str], int | None]] = []
        seen_ids: dict[int, int] = {}
        seen_keys: dict[tuple[str, str], int] = {}
        for number, cells in self.table.rows:
            row = Row(number=number, context=self)
            target = self.identify(row, cells, by_key)
            key = (
                parsing.match_key(parsing.tidy(self.cell(cells, "name") or "")),
                self.address_key(cells),
            )
            # Rows naming different resources (by ID) are distinct even with the same name
            # and address (a 移動販売 stops in several places under one name).
            first = seen_ids.get(target) if target else seen_keys.get(key)
            if first is not None:
                row.errors.append(
                    Problem(
                        number,
                        self.header("name"),
                        f"{first}行目と同じ地域資源です（重複した行）。",
                        key[0],
                    )
                )
            if target:
                seen_ids.setdefault(target, number)
            if key[0]:
                seen_keys.setdefault(key, number)
            found.append((row, cells, target))
        ids = [t for _row, _cells, t in found if t]
        snapshots, versions, resources = bulk_snapshots(ids)
        editable = set(ids)
        if self.staff is not None and not self.staff.is_admin:
            editable = set()
            for chunk in chunks(ids):
                editable |= set(
                    self.staff.editable(Resource.objects.filter(pk__in=chunk)).values_list(
                        "pk", flat=True
                    )
                )
        out = []
        for row, cells, target in found:
            outside = ""
            if target:
                row.resource_id, row.version = target, versions[target]
                row.before = snapshots[target]
                # Outside the coordinator's areas: fine while the row changes nothing (a
                # city-wide export comes back), refused as soon as it would change it.
                outside = resources[target] if target not in editable else ""
            found_errors = list(row.errors)
            held = self.geta_cells(cells)
            self.build(row, cells, held=held, outside=outside)
            if held:
                self.offer_geta(row, cells, held, found_errors, outside)
            out.append(row)
        return out

    def offer_geta(
        self, row: Row, cells: list[str], held: set[int], found_errors: list[Problem], outside: str
    ) -> None:
        """Keep the row's 〓 cells out unless the coordinator takes them as written: build
        the row that way too, and warn about each cell when it would change anything."""
        accepted = Row(
            number=row.number,
            resource_id=row.resource_id,
            version=row.version,
            before=row.before,
            errors=list(found_errors),
            context=self,
        )
        self.build(accepted, cells, outside=outside)
        if (accepted.kind, accepted.data) == (row.kind, row.data):
            return
        row.accepted = accepted
        if row.before is not None:
            message = (
                "〓 が入っています（Shift_JIS で表せない文字が 〓 に置き換わったものかもしれません）。"
                "元の文字を消さないよう、この値は取り込まず、いまの値のままにします。"
                "このまま取り込むときは「〓を含む値もそのまま取り込む」を選んでください。"
            )
        else:
            message = (
                "〓 が入っています（Shift_JIS で表せない文字が 〓 に置き換わったものかもしれません）。"
                "この値は取り込まず、空欄のままにします。"
                "このまま取り込むときは「〓を含む値もそのまま取り込む」を選んでください。"
            )
        for index in sorted(held):
            row.warnings.append(
                Problem(row.number, self.table.headers[index], message, cells[index][:80])
            )

    def identify(
        self, row: Row, cells: list[str], by_key: dict[tuple[str, str], list[int]]
    ) -> int | None:
        """The existing resource this row is: by ID, else by name and address."""
        raw_id = parsing.clean(self.cell(cells, "id") or "")
        if raw_id:
            if not raw_id.isdigit() or len(raw_id) > 18:
                row.errors.append(
                    Problem(row.number, self.header("id"), "IDは数字で入力してください。", raw_id)
                )
                return None
            resource = (
                Resource.objects.filter(pk=int(raw_id))
                .values("pk", "municipality_id", "status")
                .first()
            )
            if (
                resource is None
                or resource["municipality_id"] != self.municipality.pk
                or resource["status"] == Resource.Status.DELETED
            ):
                row.errors.append(
                    Problem(
                        row.number,
                        self.header("id"),
                        f"ID「{raw_id}」の地域資源は見つかりません（この市区町村にありません）。",
                        raw_id,
                    )
                )
                return None
            found: int = resource["pk"]
            return found
        name = parsing.match_key(parsing.tidy(self.cell(cells, "name") or ""))
        address = self.address_key(cells)
        matches = by_key.get((name, address), []) if name else []
        if len(matches) > 1:
            row.errors.append(
                Problem(
                    row.number,
                    self.header("name"),
                    "同じ名称・住所の地域資源が複数あります。ID の列で指定してください。",
                    name,
                )
            )
            return None
        return matches[0] if matches else None

    def build(
        self, row: Row, cells: list[str], *, held: Set[int] = frozenset(), outside: str = ""
    ) -> None:
        """The row as it will be stored (a snapshot-shaped dict), its errors and warnings.

        `outside`: the name of an existing resource outside the coordinator's areas."""
        data = copy.deepcopy(row.before) if row.before is not None else new_snapshot()
        builder = RowBuilder(self, row, cells, data, held=held, outside=bool(outside))
        builder.run()
        row.data = data
        row.name = data.get("name") or ""
        if row.errors:
            row.kind = "error"
        elif row.before is None:
            row.kind = "new"
        elif data == row.before:
            row.kind = "outside" if outside else "unchanged"
        elif outside:
            row.kind = "error"
            row.errors.append(
                Problem(
                    row.number,
                    self.header("id") if "id" in self.columns else self.header("name"),
                    "担当地域の外の地域資源のため、変更できません。",
                    outside,
                )
            )
        else:
            row.kind = "changed"

    # --- places

    def match_town(self, address: str) -> Area | None:
        if address not in self._town_matches:
            town = addresses.match_town(self.municipality, address)
            self._town_matches[address] = self.towns_by_pk.get(town.pk) if town else None
        return self._town_matches[address]

    def address_as_exported(self, before: dict[str, Any]) -> str:
        """A stored address as our open data writes it (所在地_連結表記: 都道府県, 市区町村
        and 区 put back), as its match_key: that file brought back is no change."""
        if self._places is None:
            self._places = Places()
        resource = Resource(
            municipality=self.municipality,
            address=before.get("address") or "",
            town=self.towns_by_pk.get(before.get("town")),
        )
        return parsing.match_key(split_address(resource, self._places)["所在地_連結表記"])

    # --- differences as a coordinator reads them

    def differences(self, row: Row) -> list[history.Difference]:
        out = []
        for name, value in row.data.items():
            before = (row.before or {}).get(name)
            if row.before is not None and before == value:
                continue
            if row.before is None and value in (None, "", [], False):
                continue
            new = self.display(name, value, row)
            out.append(
                history.Difference(name, history.label(name), self.display(name, before), new)
            )
        return out

    def display(self, name: str, value: Any, row: Row | None = None) -> str:
        if name == "provider":
            if value is None and row is not None and row.new_provider:
                return f"{row.new_provider[0]}（新しく登録）"
            return self.provider_names.get(value, "—") if value else "—"
        if name == "town":
            town = self.towns_by_pk.get(value)
            return town.name if town else "—"
        if name == "categories":
            items = [self.categories.get(c) for c in value or []]
            return "、".join(c.name for c in items if c) or "—"
        if name == "served_areas":
            return "、".join(self.areas[c].name for c in value or [] if c in self.areas) or "—"
        if name == "place_area":
            area = self.place_areas_by_pk.get(value)
            return area.name if area else "—"
        if name == "rules":
            return (
                "／".join(schedules.describe(history.rule_from_data(r)) for r in value or []) or "—"
            )
        return history.display(name, value)
