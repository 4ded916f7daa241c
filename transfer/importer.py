"""Importing 地域資源 from CSV or Excel: read, map the columns, preview, then commit.

`preview()` reads a file (transfer/reading.py, within its limits) and says, row by row,
what would be stored (new / changed with its differences / unchanged / outside the
coordinator's areas and unchanged / error) without writing anything. `commit()` writes a
preview whose rows are all valid, all or nothing, through office.editing so every row gets
its history, version and area checks; the search index follows. The command, the views and
the benchmark call these two functions.

Nothing is invented: a cell the file leaves empty is unknown, never a default; a phone cell
gives only a number that was written to dial; a cell holding 〓 (a character our CP932
export could not write) is left out unless the coordinator takes it as written.
"""

from __future__ import annotations

import copy
import datetime
import json
import re
import time
import unicodedata
from collections.abc import Set
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import connection, models, transaction

from areas import addresses
from areas.models import Area
from directory import schedules
from directory.models import Category, Provider, Resource, ScheduleRule
from directory.validators import to_katakana
from office import editing, history
from office.forms import RuleForm, RuleFormSet
from office.models import Revision, Staff
from sasaeai.lib import phones
from transfer import parsing
from transfer.columns import BY_KEY, COLUMNS
from transfer.reading import (  # noqa: F401 (the views, forms and command use them from here)
    ENCODINGS,
    FileRejectedError,
    Table,
    encoding_label,
    max_bytes,
    max_rows,
    read_table,
    too_big_message,
)

LONG_TEXT = 4000

# Other lists' headers we recognise without asking (folded, see _fold_header).
SYNONYMS = {
    "name": ["活動名", "事業名", "名前", "サービス名", "資源名", "地域資源名", "名称(活動名)"],
    "kana": ["ふりがな", "フリガナ", "ヨミガナ", "カナ"],
    "categories": ["分類", "カテゴリ", "カテゴリー"],
    "provider": ["団体名", "主催", "主催者", "運営", "運営団体", "実施団体"],
    "description": ["活動内容", "説明", "概要"],
    "fee": ["参加費", "費用", "利用料", "会費"],
    "booking": ["予約", "申込", "予約の要否"],
    "schedule": ["開催日", "日時", "開催日時", "開催日程", "活動日"],
    "venue_name": ["会場", "場所", "開催場所"],
    "address": ["所在地", "会場住所"],
    # Where it is held when there is no address: a salon 「美浜区」 is held there; it does
    # not come to homes there.
    "place_area": ["地域", "地区", "エリア", "開催地域", "開催地区", "開催エリア"],
    # Only a heading that says so is where a service comes to (or a 相談機関 answers for).
    "served_areas": [
        "対応地域",
        "対応エリア",
        "配達地域",
        "配達エリア",
        "訪問地域",
        "訪問エリア",
        "担当地区",
        "担当地域",
        "担当区域",
    ],
    "phone": ["電話", "tel", "連絡先電話番号", "問い合わせ先電話番号"],
    "phone_note": ["電話の備考", "電話番号の補足", "電話の備考欄"],
    "email": ["メール", "e-mail", "email"],
    "url": ["url", "hp", "ウェブサイト"],
}


class ImportRefusedError(Exception):
    """Commit refused (errors, or the data changed since the preview); nothing was saved."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def import_comment(filename: str) -> str:
    return f"ファイルから取り込み：{filename}"


GETA = "〓"  # what our CP932 export writes for a character Shift_JIS cannot hold
_FAX_LABEL = re.compile(r"^\s*(?:fax|ファッ?クス)\s*(?:番号)?\s*[:：.]?\s*", re.I)


# ---------------------------------------------------------------- column mapping


def _fold_header(header: str) -> str:
    text = unicodedata.normalize("NFKC", header or "")
    return re.sub(r"[\s\u3000]+", "", text).lower()


_KNOWN = {_fold_header(c.header): c.key for c in COLUMNS}
_GUESSES = {
    **{_fold_header(c.key): c.key for c in COLUMNS},
    **{_fold_header(s): key for key, words in SYNONYMS.items() for s in words},
}


def our_key(header: str) -> str | None:
    """Our column for one of our headers (spaces and widths ignored), else None."""
    return _KNOWN.get(_fold_header(header))


def guess_mapping(headers: list[str]) -> dict[str, str]:
    """{file header: our key or ""}: ours exactly, else a common synonym, else 使わない."""
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    for header in headers:
        if not header or header in mapping:
            continue
        folded = _fold_header(header)
        key = _KNOWN.get(folded) or _GUESSES.get(folded) or ""
        if key in taken:
            key = ""
        mapping[header] = key
        if key:
            taken.add(key)
    return mapping


def headers_are_ours(headers: list[str]) -> bool:
    return all(our_key(h) for h in headers if h)


# ---------------------------------------------------------------- preview


@dataclass
class Problem:
    row: int
    column: str
    message: str
    value: str = ""


@dataclass
class Row:
    number: int
    kind: str = "error"  # new / changed / unchanged / outside / error
    name: str = ""
    resource_id: int | None = None
    version: int | None = None
    data: dict[str, Any] = field(default_factory=dict)
    before: dict[str, Any] | None = None
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    new_provider: tuple[str, str] | None = None  # (name, kind) created at commit
    context: Any = field(default=None, repr=False)
    # The row with its 〓 cells taken as written, when that differs (see Context.rows).
    accepted: Row | None = field(default=None, repr=False)

    KIND_LABELS = {
        "new": "新規",
        "changed": "変更",
        "unchanged": "変更なし",
        "outside": "担当外・変更なし",
        "error": "エラー",
    }

    @property
    def kind_label(self) -> str:
        return self.KIND_LABELS[self.kind]

    @cached_property
    def differences(self) -> list[history.Difference]:
        if self.kind == "error" or self.context is None:
            return []
        return self.context.differences(self)


@dataclass
class Preview:
    filename: str
    kind: str
    encoding: str
    headers: list[str]
    mapping: dict[str, str]
    needs_mapping: bool
    rows: list[Row] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # about the file, not a row
    municipality: Area | None = None
    staff: Staff | None = None

    @property
    def counts(self) -> dict[str, int]:
        counts = {"new": 0, "changed": 0, "unchanged": 0, "outside": 0, "error": 0}
        for row in self.rows:
            counts[row.kind] += 1
        return counts

    @property
    def errors(self) -> list[Problem]:
        return [p for row in self.rows for p in row.errors]

    @property
    def warnings(self) -> list[Problem]:
        return [p for row in self.rows for p in row.warnings]

    @property
    def has_geta(self) -> bool:
        """Some cells hold 〓 and are left as they are unless the coordinator says so."""
        return any(r.accepted is not None for r in self.rows)

    def rows_for(self, accept_geta: bool = False) -> list[Row]:
        if not accept_geta:
            return self.rows
        return [r.accepted or r for r in self.rows]

    def committable(self, accept_geta: bool = False) -> bool:
        rows = self.rows_for(accept_geta)
        return (
            not self.problems
            and not self.needs_mapping
            and not any(r.kind == "error" for r in rows)
            and any(r.kind in ("new", "changed") for r in rows)
        )

    @property
    def can_commit(self) -> bool:
        return self.committable(False)

    @property
    def can_commit_accepting_geta(self) -> bool:
        return self.has_geta and self.committable(True)

    def fingerprint(self) -> list[list[Any]]:
        return [[r.number, r.kind, r.resource_id, r.version] for r in self.rows]

    def shown_rows(self, limit: int = 200) -> list[Row]:
        """Errors first, then the rest up to `limit` rows."""
        errors = [r for r in self.rows if r.kind == "error"]
        others = [r for r in self.rows if r.kind != "error"]
        return (errors + others)[: max(limit, len(errors))]


def preview(
    file_bytes: bytes,
    filename: str,
    *,
    staff_or_none: Staff | None,
    municipality: Area,
    encoding: str | None = None,
    mapping: dict[str, str] | None = None,
) -> Preview:
    """What importing this file would do. Raises FileRejectedError for an unreadable file."""
    table = read_table(file_bytes, encoding)
    guessed = guess_mapping(table.headers)
    needs_mapping = mapping is None and not headers_are_ours(table.headers)
    if mapping is not None:
        guessed.update(
            {h: k for h, k in mapping.items() if h in guessed and (k in BY_KEY or k == "")}
        )
        guessed = {h: k for h, k in guessed.items() if h in table.headers}
    result = Preview(
        filename=filename,
        kind=table.kind,
        encoding=table.encoding,
        headers=[h for h in table.headers if h],
        mapping=guessed,
        needs_mapping=needs_mapping,
        municipality=municipality,
        staff=staff_or_none,
    )
    keys = [k for k in guessed.values() if k]
    for key in {k for k in keys if keys.count(k) > 1}:
        result.problems.append(f"「{BY_KEY[key].header}」に割り当てた列が2つ以上あります。")
    if "name" not in keys:
        result.problems.append(
            "「名称」の列が見つかりません。見出しを確かめるか、列の対応で「名称」を選んでください。"
        )
        result.needs_mapping = True
    if not table.rows:
        result.problems.append("データの行がありません（1行目は見出しです）。")
    if staff_or_none is not None and not staff_or_none.can_write:
        result.problems.append("閲覧者のアカウントでは取り込めません。")
    if result.problems:
        return result
    context = Context(municipality, staff_or_none, table, guessed)
    result.rows = context.rows()
    return result


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
        self.category_names = {}
        for c in self.categories.values():
            for name in (c.name, c.short_name):
                if name:
                    self.category_names.setdefault(parsing.fold(name), c.code)
        served = Area.objects.filter(
            municipality=municipality, kind__in=[Area.Kind.WARD, Area.Kind.SPHERE]
        )
        self.areas = {a.code: a for a in [municipality, *served]}
        self.area_names = {parsing.fold(a.name): a.code for a in self.areas.values()}
        # Where a resource is held when only its ward or 圏域 is known (開催地域).
        self.place_areas = {a.code: a for a in served}
        self.place_areas_by_pk = {a.pk: a for a in self.place_areas.values()}
        self.place_area_names = {}
        prefixes = ["", parsing.fold(municipality.name)]
        if municipality.parent_id:
            prefixes.append(parsing.fold(municipality.parent.name) + prefixes[1])
        for area in self.place_areas.values():
            for prefix in prefixes:
                self.place_area_names.setdefault(prefix + parsing.fold(area.name), area.code)
        towns = Area.objects.towns().filter(municipality=municipality)
        self.towns_by_code = {t.code: t for t in towns}
        self.towns_by_pk = {t.pk: t for t in self.towns_by_code.values()}
        # A served area may also be a single town (the model and the demo allow it).
        self.areas.update(self.towns_by_code)
        self.providers = {
            parsing.fold(name): pk
            for pk, name in Provider.objects.filter(municipality=municipality).values_list(
                "pk", "name"
            )
        }
        self.provider_names = dict(
            Provider.objects.filter(municipality=municipality).values_list("pk", "name")
        )
        self.kinds = {}
        for value, label in Provider.Kind.choices:
            self.kinds[parsing.fold(str(label))] = value
            self.kinds[value] = value
        self.statuses = {}
        for value, label in Resource.Status.choices:
            self.statuses[parsing.fold(str(label))] = value
            self.statuses[value] = value
        self._town_matches: dict[str, Area | None] = {}

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
        """The address as it will be stored, folded, for matching rows to resources."""
        address = parsing.parse_address(self.cell(cells, "address") or "")[1]
        return "" if self.place_area_named(address) else parsing.fold(address)

    def place_area_named(self, text: str) -> Area | None:
        """The ward or 圏域 a text names on its own (「美浜区」「千葉市美浜区」), if any."""
        folded = parsing.fold(text)
        if not folded:
            return None
        code = folded if folded in self.place_areas else self.place_area_names.get(folded)
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
            by_key.setdefault((parsing.fold(name), parsing.fold(address)), []).append(pk)
        found: list[tuple[Row, list[str], int | None]] = []
        seen_ids: dict[int, int] = {}
        seen_keys: dict[tuple[str, str], int] = {}
        for number, cells in self.table.rows:
            row = Row(number=number, context=self)
            target = self.identify(row, cells, by_key)
            key = (
                parsing.fold(parsing.tidy(self.cell(cells, "name") or "")),
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
            for chunk in _chunks(ids):
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
        self, row: Row, cells: list[str], held: set[int], found_errors: list, outside: str
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

    def identify(self, row: Row, cells: list[str], by_key: dict) -> int | None:
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
            return resource["pk"]
        name = parsing.fold(parsing.tidy(self.cell(cells, "name") or ""))
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


def _chunks(values: list[int], size: int = 500):
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _rule_form_data(values: dict) -> dict[str, Any]:
    """A rule of 日程（データ） (office.history.rule_data's shape) as RuleForm's POST data.

    Values of the wrong type are passed on as text the form refuses, never dropped."""

    def text(value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, str):
            return value
        return json.dumps(value, ensure_ascii=False)[:200]

    def items(value: Any) -> list[str]:
        if value is None:
            return []
        if not isinstance(value, list):
            return [text(value)]
        return [
            str(v) if isinstance(v, int) and not isinstance(v, bool) else text(v) for v in value
        ]

    def joined(value: Any) -> str:
        return "、".join(items(value)) if isinstance(value, list) else text(value)

    rule = {**parsing.empty_rule(""), **values}
    interval = rule.get("interval")
    return {
        "freq": text(rule.get("freq")),
        "weekdays": items(rule.get("weekdays")),
        "nths": items(rule.get("nths")),
        "interval": str(interval)
        if isinstance(interval, int) and not isinstance(interval, bool)
        else text(interval),
        "month_days": joined(rule.get("month_days")),
        "opens_at": text(rule.get("opens_at")),
        "closes_at": text(rule.get("closes_at")),
        "valid_from": text(rule.get("valid_from")),
        "valid_until": text(rule.get("valid_until")),
        "except_months": items(rule.get("except_months")),
        "except_dates": joined(rule.get("except_dates")),
        "note": text(rule.get("note")),
    }


def new_snapshot() -> dict[str, Any]:
    """A new resource's values before the file's cells are applied (as create() makes it)."""
    blank = Resource(status=Resource.Status.DRAFT)
    data = {
        name: history._plain(getattr(blank, Resource._meta.get_field(name).attname))
        for name in history.FIELDS
    }
    # Whatever the model's defaults: a new row knows only what its file says (issue 9).
    data.update(booking="", for_self=False, for_carers=False, for_anyone=False, place_area=None)
    data.update(categories=[], served_areas=[], rules=[])
    return data


def bulk_snapshots(ids: list[int]) -> tuple[dict[int, dict], dict[int, int], dict[int, str]]:
    """history.snapshot() for many resources in a few queries; also versions and names."""
    snapshots, versions, names = {}, {}, {}
    for chunk in _chunks(sorted(set(ids))):
        rows = Resource.objects.filter(pk__in=chunk).prefetch_related(
            "categories", "served_areas", "schedule_rules"
        )
        for resource in rows:
            data = {
                name: history._plain(getattr(resource, Resource._meta.get_field(name).attname))
                for name in history.FIELDS
            }
            data["categories"] = sorted(c.code for c in resource.categories.all())
            data["served_areas"] = sorted(a.code for a in resource.served_areas.all())
            data["rules"] = [history.rule_data(r) for r in resource.schedule_rules.all()]
            snapshots[resource.pk] = data
            versions[resource.pk] = resource.version
            names[resource.pk] = resource.name
    return snapshots, versions, names


TEXT_LIMITS = {
    name: Resource._meta.get_field(name).max_length or LONG_TEXT
    for name in history.FIELDS
    if Resource._meta.get_field(name).get_internal_type() in ("CharField", "TextField")
}


class RowBuilder:
    """Applies one row's cells to its snapshot-shaped data, noting errors and warnings."""

    def __init__(
        self,
        context: Context,
        row: Row,
        cells: list[str],
        data: dict,
        *,
        held: Set[int] = frozenset(),
        outside: bool = False,
    ) -> None:
        self.context, self.row, self.cells, self.data = context, row, cells, data
        self.held = held  # cells read as if absent (〓, see Context.offer_geta)
        self.outside = outside  # the resource is outside the coordinator's areas

    def raw(self, key: str) -> str | None:
        return self.context.cell(self.cells, key, self.held)

    def is_held(self, key: str) -> bool:
        return key in self.context.columns and self.context.columns[key][0] in self.held

    def error(self, key: str, message: str, value: str = "") -> None:
        self.row.errors.append(Problem(self.row.number, self.context.header(key), message, value))

    def warn(self, key: str, message: str, value: str = "") -> None:
        self.row.warnings.append(Problem(self.row.number, self.context.header(key), message, value))

    def run(self) -> None:
        for index, header in enumerate(self.context.table.headers):
            if (self.row.number, index) in self.context.table.uncached and header:
                self.row.errors.append(
                    Problem(
                        self.row.number,
                        header,
                        "数式の結果が保存されていません。Excel で開いて保存し直してください。",
                    )
                )
        self.texts()
        self.categories()
        self.provider()
        self.flags()
        self.fee()
        self.booking()
        self.schedule()
        self.place()
        self.contacts()
        self.status()
        self.check_lengths()
        self.check_permission()

    def set_text(self, key: str, *, verbatim: bool = False) -> None:
        raw = self.raw(key)
        if raw is None:
            return
        self.data[key] = raw.replace("\r\n", "\n").strip() if verbatim else parsing.tidy(raw)

    def texts(self) -> None:
        for key in ("name", "keywords", "venue_name", "barrier_free", "parking", "contact_person"):
            self.set_text(key)
        for key in ("description", "eligibility", "internal_note", "booking_note"):
            self.set_text(key, verbatim=True)
        if self.raw("kana") is not None:
            self.data["kana"] = to_katakana(self.raw("kana"))
        if not self.data.get("name"):
            if self.is_held("name"):
                self.error(
                    "name",
                    (
                        "名称に 〓 が入っています。元の文字が分からないため、直すか"
                        "「〓を含む値もそのまま取り込む」を選んでください。"
                    ),
                )
            else:
                self.error("name", "名称が空欄です。")

    def categories(self) -> None:
        raw = self.raw("categories")
        if raw is None:
            if self.row.before is None:
                self.error("categories", "分類がありません。「分類コード」の列を入れてください。")
            return
        codes = []
        for word in re.split(r"[\s,、;/]+", parsing.clean(raw)):
            if not word:
                continue
            found = self.category(word)
            if found is None and "・" in word:
                parts = [self.category(part) for part in word.split("・") if part]
                found = None if None in parts else parts
            if found is None:
                self.error("categories", f"分類「{word}」はありません。", word)
            else:
                codes += found if isinstance(found, list) else [found]
        if not codes and not self.row.errors:
            self.error("categories", "分類を1つ以上入れてください。")
        self.data["categories"] = sorted(set(codes))

    def category(self, word: str) -> str | None:
        if word in self.context.categories:
            return word
        return self.context.category_names.get(parsing.fold(word))

    def provider(self) -> None:
        raw = self.raw("provider")
        if raw is None:
            return
        name = parsing.tidy(raw)
        if not name:
            self.data["provider"] = None
            return
        pk = self.context.providers.get(parsing.fold(name))
        if pk is not None:
            self.data["provider"] = pk
            return
        kind_text = parsing.clean(self.raw("provider_kind") or "")
        kind = self.context.kinds.get(parsing.fold(kind_text)) if kind_text else None
        if kind is None:
            kind = Provider.Kind.VOLUNTEERS
            if kind_text:
                self.warn(
                    "provider_kind",
                    f"実施主体の種別「{kind_text}」が分からないため「有志・住民グループ」にします。",
                    kind_text,
                )
        if len(name) > 200:
            self.error("provider", "実施主体の名前が長すぎます（200文字まで）。", name[:40])
            return
        self.data["provider"] = None
        self.row.new_provider = (name, kind)
        self.warn("provider", f"実施主体「{name}」を新しく登録します。", name)

    def flags(self) -> None:
        for key in ("for_self", "for_carers", "for_anyone"):
            raw = self.raw(key)
            if raw is None:
                continue
            value = parsing.parse_bool(raw)
            if value is None:
                self.error(
                    key,
                    f"「はい」か空欄で入力してください（「{raw}」）。",
                    raw,
                )
            else:
                self.data[key] = value

    def fee(self) -> None:
        raw, note = self.raw("fee"), self.raw("fee_note")
        if raw is not None:
            fee = parsing.parse_fee(raw)
            self.data["fee_amount"] = fee.amount
            notes = [n for n in (fee.note, parsing.tidy(note or "")) if n]
            self.data["fee_note"] = "／".join(dict.fromkeys(notes))
            if not fee.understood:
                self.warn(
                    "fee",
                    "金額を読み取れませんでした。「料金の詳細」に文字のまま入れます。",
                    raw,
                )
        elif note is not None:
            self.data["fee_note"] = parsing.tidy(note)

    def booking(self) -> None:
        raw = self.raw("booking")
        if raw is not None:
            text = parsing.clean(raw)
            booking = parsing.parse_booking(text)
            if booking is None and text:
                self.warn(
                    "booking",
                    "参加方法を読み取れませんでした。「申込方法」に文字のまま入れます。",
                    raw,
                )
                self.append("booking_note", parsing.tidy(raw))
            # Empty, or words we cannot classify: 不明 (""), never 「予約不要」.
            self.data["booking"] = booking or ""
        raw = self.raw("capacity")
        if raw is not None:
            text = parsing.clean(raw)
            capacity = parsing.parse_capacity(text) if text else None
            if text and capacity is None:
                self.warn(
                    "capacity",
                    "定員を数字として読み取れませんでした。「申込方法」に文字のまま入れます。",
                    raw,
                )
                self.append("booking_note", f"定員：{parsing.tidy(raw)}")
            self.data["capacity"] = capacity

    def append(self, key: str, text: str) -> None:
        current = self.data.get(key) or ""
        if text not in current:
            self.data[key] = f"{current}\n{text}".strip() if current else text

    def schedule(self) -> None:
        raw_data, raw_text = self.raw("schedule_data"), self.raw("schedule")
        note = self.raw("schedule_note")
        if note is not None:
            self.data["schedule_note"] = note.replace("\r\n", "\n").strip()
        if raw_data and raw_data.strip():
            self.data["rules"] = self.rules_from_json(raw_data)
            return
        if raw_text is None:
            return
        parsed = parsing.parse_schedule(raw_text)
        self.data["rules"] = parsed.rules
        for text in parsed.leftover:
            self.warn(
                "schedule",
                "日程を読み取れませんでした。「日程の補足」に文字のまま入れます。",
                text,
            )
            self.append("schedule_note", text)

    def rules_from_json(self, raw: str) -> list[dict]:
        """日程（データ）: every rule checked by the back office's own rule form, so a file
        can store nothing the 日程 editor would refuse (interval -1, a 5,000-character note)."""
        try:
            values = json.loads(raw)
        except (ValueError, RecursionError):
            values = None
        if not isinstance(values, list) or not all(isinstance(v, dict) for v in values):
            self.error("schedule_data", "日程（データ）の形式が正しくありません。", raw[:60])
            return []
        if len(values) > RuleFormSet.max_num:
            self.error(
                "schedule_data",
                f"日程（データ）のルールは{RuleFormSet.max_num}個までです。",
                raw[:60],
            )
            return []
        rules = []
        for values_ in values:
            form = RuleForm(data=_rule_form_data(values_))
            problems = []
            if not form.is_valid() or not form.cleaned_data.get("freq"):
                for name, messages in form.errors.items():
                    label = form.fields[name].label if name in form.fields else ""
                    for message in messages:
                        problems.append(f"{label}：{message}" if label else message)
                problems = problems or ["繰り返しの種類を選んでください"]
            if problems:
                self.error(
                    "schedule_data",
                    "日程（データ）に誤りがあります：{problems}".format(
                        problems="、".join(problems)
                    ),
                    raw[:60],
                )
                return []
            rules.append(history.rule_data(form.rule()))
        return rules

    def place(self) -> None:
        data, context = self.data, self.context
        raw_postal = self.raw("postal_code")
        raw_address = self.raw("address")
        address_postal = ""
        named_area = None
        if raw_address is not None:
            address_postal, data["address"] = parsing.parse_address(raw_address)
            # 「美浜区」 as the address says where it is held, not an address.
            named_area = context.place_area_named(data["address"])
            if named_area is not None:
                data["address"] = ""
        if raw_postal is not None and parsing.clean(raw_postal):
            postal = parsing.parse_postal_code(raw_postal)
            if postal is None:
                self.error(
                    "postal_code",
                    "郵便番号は7桁の数字で入力してください（例：260-0013）。",
                    raw_postal,
                )
            else:
                data["postal_code"] = postal
        elif address_postal or raw_postal is not None:
            data["postal_code"] = address_postal
        before_town = data.get("town")
        raw_town = self.raw("town")
        if raw_town is not None and parsing.clean(raw_town):
            code = parsing.clean(raw_town)
            town = context.towns_by_code.get(code)
            if town is None:
                self.error("town", f"町丁目コード「{code}」はありません。", code)
            else:
                data["town"] = town.pk
        elif raw_address is not None and (
            self.row.before is None
            or data["address"] != self.row.before.get("address")
            or raw_town is not None
        ):
            town = context.match_town(data["address"]) if data["address"] else None
            data["town"] = town.pk if town else None
            if data["address"] and town is None:
                self.warn(
                    "address",
                    "住所から町丁目が分かりませんでした。あとで画面から選んでください。",
                    data["address"],
                )
        self.point(before_town)
        self.place_area(named_area, raw_address)
        raw = self.raw("served_areas")
        if raw is not None:
            codes = []
            for word in parsing.split_words(raw):
                code = word if word in context.areas else context.area_names.get(parsing.fold(word))
                if code is None:
                    self.error(
                        "served_areas",
                        f"対応地域「{word}」はありません。",
                        word,
                    )
                else:
                    codes.append(code)
            data["served_areas"] = sorted(set(codes))

    def place_area(self, named_area: Area | None, raw_address: str | None) -> None:
        """開催地域: from its own column, else from an address that is only a ward or 圏域.
        Never a served area: a salon held in 美浜区 does not come to homes there."""
        raw = self.raw("place_area")
        if raw is not None and parsing.clean(raw):
            area = self.context.place_area_named(parsing.clean(raw))
            if area is None:
                self.error(
                    "place_area",
                    (
                        f"開催地域「{parsing.tidy(raw)[:40]}」はありません。この市区町村の区か圏域の名前"
                        "（またはコード）にしてください。"
                    ),
                    parsing.tidy(raw)[:40],
                )
            else:
                self.data["place_area"] = area.pk
        elif named_area is not None:
            self.data["place_area"] = named_area.pk
            self.warn(
                "address",
                (
                    "住所が区・圏域の名前だけなので、「開催地域」（開催している区・圏域）に入れます。"
                    "家まで来てくれる「対応地域」にはしません。"
                ),
                parsing.tidy(raw_address or ""),
            )
        elif raw is not None:
            self.data["place_area"] = None

    def point(self, before_town: int | None) -> None:
        data = self.data
        coords = {}
        for key, low, high in (("lat", 20, 46), ("lng", 122, 154)):
            raw = self.raw(key)
            if raw is None:
                continue
            text = parsing.clean(raw)
            if not text:
                coords[key] = None
                continue
            try:
                value = float(text)
            except ValueError:
                value = None
            if value is None or not low <= value <= high:
                self.error(
                    key,
                    f"{low}から{high}までの数で入力してください。",
                    raw,
                )
                continue
            old = (self.row.before or {}).get(key)
            coords[key] = old if old is not None and abs(old - value) < 5e-7 else value
        if ("lat" in coords) != ("lng" in coords) or (
            coords and (coords.get("lat") is None) != (coords.get("lng") is None)
        ):
            self.error("lng", "緯度と経度は両方入力してください。")
            return
        moved = coords and (coords["lat"], coords["lng"]) != (data.get("lat"), data.get("lng"))
        if moved:
            data["lat"], data["lng"] = coords["lat"], coords["lng"]
            data["point_precision"] = Resource.PointPrecision.MANUAL if coords["lat"] else ""
        town = self.context.towns_by_pk.get(data.get("town"))
        town_moved = self.row.before is None or data.get("town") != before_town
        follows = data.get("lat") is None or data.get("point_precision") in (
            Resource.PointPrecision.TOWN,
            "",
        )
        if town is not None and town.lat is not None and not moved and town_moved and follows:
            data["lat"], data["lng"] = town.lat, town.lng
            data["point_precision"] = Resource.PointPrecision.TOWN
        if data.get("lat") is None:
            data["point_precision"] = ""

    def phones(self) -> None:
        """Only a number that was written is dialled (「第1地域包括支援センター 754-3775」
        once became tel:17543775): 電話番号 gets one number that validates, with the city's
        市外局番 for a 7-digit local one; a FAX number found there goes to an empty FAX; the
        cell as written, when it says more than one number, is kept as 電話の補足."""
        raw_phone, raw_fax, raw_note = self.raw("phone"), self.raw("fax"), self.raw("phone_note")
        area_code = self.context.area_code
        if raw_note is not None:
            self.data["phone_note"] = parsing.tidy(raw_note)
        fax = None
        if raw_fax is not None:
            fax = phones.split_cell(_FAX_LABEL.sub("", parsing.clean(raw_fax)), area_code=area_code)
        fax_given = fax is not None and bool(fax.phone or fax.fax or fax.note)
        moved = ""
        if raw_phone is not None:
            cell = phones.split_cell(raw_phone, area_code=area_code)
            self.data["phone"] = cell.phone
            # A FAX number in the phone cell fills FAX only where the file gives none (an
            # empty FAX cell, or no FAX column and no FAX yet).
            if cell.fax and not fax_given and (fax is not None or not self.data.get("fax")):
                self.data["fax"] = moved = cell.fax
            if cell.note:
                self.add_phone_note(cell.note)
                if cell.phone:
                    message = (
                        f"番号のほかに文字や別の番号があります。電話のボタンには「{cell.phone}」だけを使い、"
                        "書かれたとおりを「電話の補足」に入れます。"
                    )
                else:
                    message = (
                        "電話をかけられる番号が見つかりませんでした（市外局番のない番号や、言葉だけなど）。"
                        "書かれたとおりを「電話の補足」に入れ、電話のボタンは出しません。"
                    )
                if moved:
                    message += f"FAX 番号「{moved}」は FAX の欄に入れます。"
                self.warn("phone", message, parsing.tidy(raw_phone)[:80])
            elif cell.phone and len(phones.digits_of(raw_phone)) == 7:
                self.warn(
                    "phone",
                    f"市外局番がないため、{area_code} を付けて「{cell.phone}」にします。",
                    parsing.tidy(raw_phone)[:80],
                )
        if fax is not None and not moved:
            self.data["fax"] = fax.fax or fax.phone
            if fax.note:
                self.add_phone_note(f"FAX：{fax.note}")
                self.warn(
                    "fax",
                    (
                        "FAX の欄に番号のほかの文字があります。書かれたとおりを「電話の補足」に入れます。"
                    )
                    if fax.fax or fax.phone
                    else (
                        "FAX 番号として読み取れませんでした。書かれたとおりを「電話の補足」に入れます。"
                    ),
                    parsing.tidy(raw_fax)[:80],
                )

    def add_phone_note(self, text: str) -> None:
        current = self.data.get("phone_note") or ""
        if text not in current:
            self.data["phone_note"] = f"{current}／{text}" if current else text

    def contacts(self) -> None:
        self.phones()
        raw = self.raw("email")
        if raw is not None:
            email = parsing.clean(raw)
            try:
                if email:
                    EmailValidator()(email)
                self.data["email"] = email
            except ValidationError:
                self.error("email", "メールアドレスの形が正しくありません。", raw)
        raw = self.raw("url")
        if raw is not None:
            url = parsing.clean(raw)
            if url and not re.match(r"^https?://", url, re.I) and re.match(r"^[\w.-]+\.\w+", url):
                url = "https://" + url
            try:
                if url:
                    URLValidator(schemes=["http", "https"])(url)
                self.data["url"] = url
            except ValidationError:
                self.error("url", "ホームページのアドレス（URL）が正しくありません。", raw)

    def status(self) -> None:
        raw = self.raw("status")
        if raw is not None and parsing.clean(raw):
            status = self.context.statuses.get(parsing.fold(parsing.clean(raw)))
            if status is None or status == Resource.Status.DELETED:
                self.error(
                    "status",
                    "状態は「下書き」「公開」「休止中」「終了」のどれかにしてください。",
                    raw,
                )
            else:
                self.data["status"] = status
        elif self.row.before is None:
            self.data["status"] = Resource.Status.DRAFT
        raw = self.raw("confirmed_on")
        if raw is not None:
            text = parsing.clean(raw)
            day = parsing.parse_date(text) if text else None
            if text and day is None:
                self.error(
                    "confirmed_on",
                    "最終確認日は 2026-11-26 のように年・月・日で入力してください。",
                    raw,
                )
            else:
                self.data["confirmed_on"] = day.isoformat() if day else None

    def check_lengths(self) -> None:
        for key, limit in TEXT_LIMITS.items():
            value = self.data.get(key)
            if isinstance(value, str) and len(value) > limit:
                self.error(
                    key,
                    f"{limit}文字以内にしてください（いまは{len(value)}文字）。",
                    value[:40],
                )

    def check_permission(self) -> None:
        staff = self.context.staff
        if staff is None or staff.is_admin or self.outside:
            return  # an outside resource: Context.build refuses it if the row changes it
        places = [
            self.context.towns_by_pk.get(self.data.get("town")),
            self.context.place_areas_by_pk.get(self.data.get("place_area")),
        ]
        places += [self.context.areas.get(code) for code in self.data.get("served_areas") or []]
        places = [p for p in places if p is not None]
        column = "address" if "address" in self.context.columns else "name"
        if not places:
            self.error(column, "担当地域の中の住所（町丁目）、開催地域か対応地域を入れてください。")
        elif not any(staff.covers_area(p) for p in places):
            self.error(column, "担当地域の外の場所です。この行は取り込めません。")


# ---------------------------------------------------------------- commit


@dataclass
class Result:
    created: list[int] = field(default_factory=list)
    changed: list[int] = field(default_factory=list)
    unchanged: int = 0
    outside: int = 0  # unchanged rows of resources outside the coordinator's areas
    seconds_writing: float = 0.0  # time inside the write transaction (SQLite's one lock)


@dataclass
class _Write:
    """One row's write, worked out before the transaction: plain values and primary keys."""

    row: Row
    fields: dict[str, Any]  # attname → value, as history.apply would set them
    categories: list[int] | None  # Category pks to set; None: unchanged
    served_areas: list[int] | None  # Area pks to set; None: unchanged
    rules: list[dict[str, Any]] | None  # rule_data dicts to store; None: unchanged
    new_provider: str = ""  # folded name of a provider created by this import


def commit(
    source: Preview, user, *, expected: list | None = None, accept_geta: bool = False
) -> Result:
    """Write every new and changed row, or none: one transaction, office.editing per row.

    `expected` is the fingerprint of the preview the coordinator saw: if the file now
    previews differently (someone changed a resource since), nothing is written.
    `accept_geta`: cells holding 〓 are taken as written (see Context.offer_geta).

    Everything that reads or computes happens before the transaction opens; inside it are
    the writes (providers in one statement, each row through office.editing, which checks
    its version and area and records its history) and a few checks that what the rows point
    to still exists. The search index is rebuilt after it, on COMMIT (directory/signals.py).
    """
    if expected is not None and [list(x) for x in expected] != source.fingerprint():
        raise ImportRefusedError(_changed_message())
    rows = source.rows_for(accept_geta)
    if not source.committable(accept_geta):
        raise ImportRefusedError(
            (
                "エラーのある行があるため取り込めません。ファイルを直してから、もう一度アップロードしてください。"
            )
            if source.problems or any(r.kind == "error" for r in rows)
            else "列の対応を確かめてから取り込んでください。"
            if source.needs_mapping
            else "取り込む行がありません。"
        )
    writes, providers = _plan(source, rows)
    comment = import_comment(source.filename)
    counts = source.counts
    result = Result(unchanged=counts["unchanged"], outside=counts["outside"])
    started = time.perf_counter()
    committed: list[float] = []
    try:
        with transaction.atomic():
            # Runs first once COMMIT is done (before the search index's own hooks).
            transaction.on_commit(lambda: committed.append(time.perf_counter()))
            _check_references(writes)
            _create_providers(providers)
            for write in writes:
                provider = providers.get(write.new_provider)
                if write.row.kind == "new":
                    resource = editing.create(
                        user,
                        _creator(source.municipality, write, provider),
                        comment,
                        reindex=False,
                    )
                    result.created.append(resource.pk)
                else:
                    editing.change(
                        Resource(pk=write.row.resource_id),
                        user,
                        Revision.Action.EDIT,
                        _changer(write, provider),
                        version=write.row.version,
                        comment=comment,
                        reindex=False,
                    )
                    result.changed.append(write.row.resource_id)
    except editing.EditConflictError as conflict:
        raise ImportRefusedError(_changed_message()) from conflict
    except PermissionDenied as refused:  # office.editing's area check on the result
        raise ImportRefusedError(f"{refused} 何も保存していません。") from refused
    finally:
        result.seconds_writing = (committed[0] if committed else time.perf_counter()) - started
    # The search index follows by itself: the model layer (directory/signals.py) rebuilds
    # every resource saved above once, on COMMIT, so the transaction does not wait for it.
    return result


def _plan(source: Preview, rows: list[Row]) -> tuple[list[_Write], dict[str, Provider]]:
    """Every row's write as plain values and primary keys, read before the transaction."""
    todo = [r for r in rows if r.kind in ("new", "changed")]
    codes = {c for r in todo for c in r.data.get("served_areas") or []}
    category_pks = dict(Category.objects.values_list("code", "pk"))
    area_pks = dict(Area.objects.filter(code__in=codes).values_list("code", "pk"))
    fields = [Resource._meta.get_field(name) for name in history.FIELDS]
    providers: dict[str, Provider] = {}
    writes = []
    for row in todo:
        data, before = row.data, row.before or {}
        values = {}
        for model_field in fields:
            if model_field.name not in data:
                continue
            value = data[model_field.name]
            if value is not None and isinstance(model_field, models.DateField):
                value = datetime.date.fromisoformat(value)
            values[model_field.attname] = value
        missing = [c for c in data.get("categories", []) if c not in category_pks]
        missing += [c for c in data.get("served_areas", []) if c not in area_pks]
        if missing:  # deleted since the preview
            raise ImportRefusedError(_changed_message())

        changed = {
            key
            for key in ("categories", "served_areas", "rules")
            if key in data and (row.before is None or data[key] != before.get(key))
        }
        write = _Write(
            row=row,
            fields=values,
            categories=[category_pks[c] for c in data["categories"]]
            if "categories" in changed
            else None,
            served_areas=[area_pks[c] for c in data["served_areas"]]
            if "served_areas" in changed
            else None,
            rules=data["rules"] if "rules" in changed else None,
        )
        if row.new_provider:
            name, kind = row.new_provider
            write.new_provider = parsing.fold(name)
            providers.setdefault(
                write.new_provider,
                Provider(municipality=source.municipality, name=name, kind=kind),
            )
        writes.append(write)
    return writes, providers


def _check_references(writes: list[_Write]) -> None:
    """What the rows point to still exists (checked under the write lock: a provider or a
    town deleted since the preview refuses the import instead of failing half-way)."""
    providers = {w.fields.get("provider_id") for w in writes} - {None}
    areas = {w.fields.get(k) for w in writes for k in ("town_id", "place_area_id")} - {None}
    areas |= {pk for w in writes for pk in w.served_areas or []}
    categories = {pk for w in writes for pk in w.categories or []}
    for model, pks in ((Provider, providers), (Area, areas), (Category, categories)):
        for chunk in _chunks(sorted(pks)):
            if model.objects.filter(pk__in=chunk).count() != len(chunk):
                raise ImportRefusedError(_changed_message())


def _create_providers(providers: dict[str, Provider]) -> None:
    if not providers:
        return
    if connection.features.can_return_rows_from_bulk_insert:
        Provider.objects.bulk_create(providers.values())
    else:
        for provider in providers.values():
            provider.save()


def _creator(municipality: Area, write: _Write, provider: Provider | None):
    def fill(resource: Resource) -> None:
        resource.municipality = municipality
        _set_fields(resource, write, provider)
        resource.save()
        _write_relations(resource, write, created=True)

    return fill


def _changer(write: _Write, provider: Provider | None):
    def mutate(resource: Resource) -> None:  # office.editing saves it afterwards
        _set_fields(resource, write, provider)
        _write_relations(resource, write, created=False)

    return mutate


def _set_fields(resource: Resource, write: _Write, provider: Provider | None) -> None:
    for attname, value in write.fields.items():
        setattr(resource, attname, value)
    if provider is not None:
        resource.provider_id = provider.pk


def _write_relations(resource: Resource, write: _Write, *, created: bool) -> None:
    """Categories, served areas and rules in a statement or two each (as history.apply
    would leave them), only where the row changes them."""
    for manager, pks, column in (
        (Resource.categories, write.categories, "category_id"),
        (Resource.served_areas, write.served_areas, "area_id"),
    ):
        if pks is None:
            continue
        through = manager.through
        if not created:
            through.objects.filter(resource_id=resource.pk).delete()
        through.objects.bulk_create(
            [through(resource_id=resource.pk, **{column: pk}) for pk in pks]
        )
    if write.rules is not None:
        if not created:
            ScheduleRule.objects.filter(resource_id=resource.pk).delete()
        rules = []
        for order, values in enumerate(write.rules):
            rule = history.rule_from_data(values)
            rule.resource_id, rule.sort_order = resource.pk, order
            rules.append(rule)
        ScheduleRule.objects.bulk_create(rules)


def _changed_message() -> str:
    return (
        "確認画面を表示した後に、ほかの人が地域資源を変更しました。何も保存していません。"
        "もう一度確認画面を見てから取り込んでください。"
    )


def preview_job(job, staff: Staff | None, municipality: Area) -> Preview:
    """The preview of a stored upload (transfer.models.ImportJob)."""
    return preview(
        bytes(job.data),
        job.filename,
        staff_or_none=staff,
        municipality=municipality,
        encoding=job.encoding or None,
        mapping=job.mapping,
    )


def commit_job(
    job, user, staff: Staff | None, municipality: Area, *, accept_geta: bool = False
) -> Result:
    """Preview the stored file again and commit it if it is still what the coordinator saw."""
    if job.state == job.State.DONE:
        raise ImportRefusedError("このファイルはもう取り込み済みです。")
    fresh = preview_job(job, staff, municipality)
    result = commit(fresh, user, expected=job.summary.get("fingerprint"), accept_geta=accept_geta)
    job.state = job.State.DONE
    job.summary = {**job.summary, "created": len(result.created), "changed": len(result.changed)}
    job.data = b""
    job.save(update_fields=["state", "summary", "data"])
    return result


def matching_saved_mapping(headers: list[str]):
    """A saved mapping made for exactly these headers, if any (newest first)."""
    from transfer.models import SavedMapping

    wanted = {h for h in headers if h}
    for saved in SavedMapping.objects.order_by("-created_at"):
        if set(saved.mapping) == wanted:
            return saved
    return None


def summary_lines(result: Preview) -> list[str]:
    """The preview in plain lines (for the command)."""
    counts = result.counts
    lines = [
        "ファイル：{name}（{kind}{encoding}）".format(
            name=result.filename,
            kind="Excel" if result.kind == "xlsx" else "CSV",
            encoding=f"・{encoding_label(result.encoding)}" if result.encoding else "",
        ),
        "新規 {new}件、変更 {changed}件、変更なし {unchanged}件、エラー {error}件".format(**counts)
        + ("（ほかに担当外・変更なし {outside}件）".format(**counts) if counts["outside"] else ""),
    ]
    lines += [f"ファイルの問題：{p}" for p in result.problems]
    for p in result.errors:
        lines.append("エラー {row}行目「{column}」：{message} {value}".format(**_fmt(p)))
    for p in result.warnings:
        lines.append("注意 {row}行目「{column}」：{message} {value}".format(**_fmt(p)))
    if result.has_geta:
        lines.append(
            "〓 を含む値は取り込みません。そのまま取り込むには --accept-geta を付けてください。"
        )
    return lines


def _fmt(problem: Problem) -> dict[str, Any]:
    return {
        "row": problem.row,
        "column": problem.column,
        "message": problem.message,
        "value": f"［{problem.value}］" if problem.value else "",
    }
