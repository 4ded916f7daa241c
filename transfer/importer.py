"""Importing 地域資源 from CSV or Excel: read, map the columns, preview, then commit.

`preview()` reads a file and says, row by row, what would be stored (new / changed with
its differences / unchanged / error) without writing anything. `commit()` writes a preview
whose rows are all valid, all or nothing, through office.editing so every row gets its
history, version check and search reindex. The command, the views and the benchmark call
these two functions.
"""

from __future__ import annotations

import copy
import csv
import datetime
import io
import json
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from areas import addresses
from areas.models import Area
from directory import schedules, search
from directory.models import Category, Provider, Resource
from directory.validators import to_katakana
from office import editing, history
from office.models import Revision, Staff
from transfer import parsing
from transfer.columns import BY_KEY, COLUMNS
from transfer.exporter import unneutralise

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_MAX_ROWS = 20_000
# A local number written without its area code gets the city's, where that is unambiguous
# (千葉市: 043 and 7-digit local numbers).
AREA_CODES = {"121002": "043"}
LONG_TEXT = 4000
ENCODINGS = {"utf-8": "utf-8-sig", "cp932": "cp932"}

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
    "phone": ["電話", "tel", "連絡先電話番号", "問い合わせ先電話番号"],
    "email": ["メール", "e-mail", "email"],
    "url": ["url", "hp", "ウェブサイト"],
}


class FileRejectedError(Exception):
    """The file as a whole cannot be read; the message says why, in Japanese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ImportRefusedError(Exception):
    """Commit refused (errors, or the data changed since the preview); nothing was saved."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def max_bytes() -> int:
    return getattr(settings, "SASAEAI_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES)


def max_rows() -> int:
    return getattr(settings, "SASAEAI_IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS)


def too_big_message() -> str:
    return _("ファイルが大きすぎます（%(mb)sMBまで）。分けて取り込んでください。") % {
        "mb": max_bytes() // (1024 * 1024)
    }


def import_comment(filename: str) -> str:
    return _("ファイルから取り込み：%(filename)s") % {"filename": filename}


# ---------------------------------------------------------------- reading the file


@dataclass
class Table:
    kind: str  # "csv" or "xlsx"
    encoding: str
    headers: list[str]
    rows: list[tuple[int, list[str]]]  # (row number as in Excel, cells)
    uncached: set[tuple[int, int]] = field(default_factory=set)  # formula cells, no value


def read_table(data: bytes, encoding: str | None = None) -> Table:
    if not data or not data.strip(b"\xef\xbb\xbf \t\r\n"):
        raise FileRejectedError(_("ファイルが空です。"))
    if len(data) > max_bytes():
        raise FileRejectedError(too_big_message())
    if data[:4] == b"PK\x03\x04":
        return _read_xlsx(data)
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise FileRejectedError(
            _("古い形式の Excel（.xls）は読めません。.xlsx か CSV で保存し直してください。")
        )
    if b"\x00" in data[:8192]:
        raise FileRejectedError(
            _(
                "CSV でも Excel（.xlsx）でもないファイルです（画像や UTF-16 のファイルは読めません）。"
            )
        )
    text, used = _decode(data, encoding)
    return _read_csv(text, used)


def _decode(data: bytes, encoding: str | None) -> tuple[str, str]:
    if encoding:
        codec = ENCODINGS.get(encoding)
        if codec is None:
            raise FileRejectedError(_("文字コードの指定が正しくありません。"))
        try:
            return data.decode(codec), encoding
        except UnicodeDecodeError as error:
            raise FileRejectedError(
                _(
                    "指定の文字コード（%(encoding)s）では読めませんでした（%(position)sバイト目）。"
                    "「自動」を選ぶか、ファイルの文字コードを確かめてください。"
                )
                % {"encoding": _encoding_label(encoding), "position": error.start + 1}
            ) from error
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data.decode("utf-8-sig"), "utf-8"
        except UnicodeDecodeError:
            pass
    for codec, name in (("utf-8", "utf-8"), ("cp932", "cp932")):
        try:
            return data.decode(codec), name
        except UnicodeDecodeError:
            continue
    raise FileRejectedError(
        _(
            "文字コードを判別できませんでした。UTF-8 か Shift_JIS（CP932）の CSV、"
            "または Excel（.xlsx）で保存してください。"
        )
    )


def _encoding_label(encoding: str) -> str:
    return {"utf-8": "UTF-8", "cp932": "Shift_JIS（CP932）"}.get(encoding, encoding)


def _read_csv(text: str, encoding: str) -> Table:
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[tuple[int, list[str]]] = []
    headers: list[str] | None = None
    limit = max_rows()
    try:
        for number, cells in enumerate(reader, start=1):
            if headers is None:
                headers = cells
                continue
            if not any(c.strip() for c in cells):
                continue
            # Undo the quote our CSV export puts before =, +, -, @ (formula protection).
            rows.append((number, [unneutralise(c) for c in cells]))
            if len(rows) > limit:
                raise FileRejectedError(_too_many_rows())
    except csv.Error as error:
        raise FileRejectedError(
            _("CSV の形式が正しくありません（%(line)s行目付近）。") % {"line": reader.line_num}
        ) from error
    return _table("csv", encoding, headers or [], rows, set())


def _too_many_rows() -> str:
    return _("行が多すぎます（%(limit)s行まで）。ファイルを分けて取り込んでください。") % {
        "limit": f"{max_rows():,}"
    }


def _read_xlsx(data: bytes) -> Table:
    import openpyxl

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if "[Content_Types].xml" not in archive.namelist():
                raise FileRejectedError(
                    _("ZIP ファイルは読めません。CSV か Excel（.xlsx）にしてください。")
                )
        values = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        formulas = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except FileRejectedError:
        raise
    except Exception as error:  # openpyxl raises many kinds on a damaged file
        raise FileRejectedError(
            _("Excel ファイルを読めませんでした。壊れていないか、.xlsx 形式かを確かめてください。")
        ) from error
    try:
        sheet, sheet_f = values.worksheets[0], formulas.worksheets[0]
        headers: list[str] | None = None
        rows: list[tuple[int, list[str]]] = []
        uncached: set[tuple[int, int]] = set()
        limit = max_rows()
        pairs = zip(
            sheet.iter_rows(values_only=True), sheet_f.iter_rows(values_only=True), strict=False
        )
        for number, (cells, raw) in enumerate(pairs, start=1):
            texts = [_cell_text(v) for v in cells]
            for index, (value, formula) in enumerate(zip(cells, raw, strict=False)):
                if value is None and isinstance(formula, str) and formula.startswith("="):
                    uncached.add((number, index))
            if headers is None:
                headers = texts
                continue
            if not any(t.strip() for t in texts) and not any(n == number for n, _i in uncached):
                continue
            rows.append((number, texts))
            if len(rows) > limit:
                raise FileRejectedError(_too_many_rows())
    except FileRejectedError:
        raise
    except Exception as error:
        raise FileRejectedError(_("Excel ファイルの中身を読めませんでした。")) from error
    finally:
        values.close()
        formulas.close()
    return _table("xlsx", "", headers or [], rows, uncached)


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "はい" if value else ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _table(kind: str, encoding: str, headers: list[str], rows, uncached) -> Table:
    headers = [h.strip() for h in headers]
    if not any(headers):
        raise FileRejectedError(_("1行目に見出し（列の名前）がありません。"))
    return Table(kind, encoding, headers, rows, uncached)


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
    kind: str = "error"  # new / changed / unchanged / error
    name: str = ""
    resource_id: int | None = None
    version: int | None = None
    data: dict[str, Any] = field(default_factory=dict)
    before: dict[str, Any] | None = None
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    new_provider: tuple[str, str] | None = None  # (name, kind) created at commit
    context: Any = field(default=None, repr=False)

    KIND_LABELS = {"new": "新規", "changed": "変更", "unchanged": "変更なし", "error": "エラー"}

    @property
    def kind_label(self) -> str:
        return _(self.KIND_LABELS[self.kind])

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
        counts = {"new": 0, "changed": 0, "unchanged": 0, "error": 0}
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
    def can_commit(self) -> bool:
        return (
            not self.problems
            and not self.needs_mapping
            and not any(r.kind == "error" for r in self.rows)
            and any(r.kind in ("new", "changed") for r in self.rows)
        )

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
        result.problems.append(
            _("「%(column)s」に割り当てた列が2つ以上あります。") % {"column": BY_KEY[key].header}
        )
    if "name" not in keys:
        result.problems.append(
            _(
                "「名称」の列が見つかりません。見出しを確かめるか、列の対応で「名称」を選んでください。"
            )
        )
        result.needs_mapping = True
    if not table.rows:
        result.problems.append(_("データの行がありません（1行目は見出しです）。"))
    if staff_or_none is not None and not staff_or_none.can_write:
        result.problems.append(_("閲覧者のアカウントでは取り込めません。"))
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
        self.area_code = AREA_CODES.get(municipality.code, "")
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

    def cell(self, cells: list[str], key: str) -> str | None:
        """The raw text of our column in this row; None when the file has no such column."""
        if key not in self.columns:
            return None
        index = self.columns[key][0]
        return cells[index] if index < len(cells) else ""

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
                parsing.fold(parsing.parse_address(self.cell(cells, "address") or "")[1]),
            )
            # Rows naming different resources (by ID) are distinct even with the same name
            # and address (a 移動販売 stops in several places under one name).
            first = seen_ids.get(target) if target else seen_keys.get(key)
            if first is not None:
                row.errors.append(
                    Problem(
                        number,
                        self.header("name"),
                        _("%(first)s行目と同じ地域資源です（重複した行）。") % {"first": first},
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
            if target:
                row.resource_id, row.version = target, versions[target]
                row.before = snapshots[target]
                if target not in editable:
                    row.errors.append(
                        Problem(
                            row.number,
                            self.header("id") if "id" in self.columns else self.header("name"),
                            _("担当地域の外の地域資源のため、変更できません。"),
                            resources[target],
                        )
                    )
            self.build(row, cells)
            out.append(row)
        return out

    def identify(self, row: Row, cells: list[str], by_key: dict) -> int | None:
        """The existing resource this row is: by ID, else by name and address."""
        raw_id = parsing.clean(self.cell(cells, "id") or "")
        if raw_id:
            if not raw_id.isdigit() or len(raw_id) > 18:
                row.errors.append(
                    Problem(
                        row.number, self.header("id"), _("IDは数字で入力してください。"), raw_id
                    )
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
                        _("ID「%(id)s」の地域資源は見つかりません（この市区町村にありません）。")
                        % {"id": raw_id},
                        raw_id,
                    )
                )
                return None
            return resource["pk"]
        name = parsing.fold(parsing.tidy(self.cell(cells, "name") or ""))
        address = parsing.fold(parsing.parse_address(self.cell(cells, "address") or "")[1])
        matches = by_key.get((name, address), []) if name else []
        if len(matches) > 1:
            row.errors.append(
                Problem(
                    row.number,
                    self.header("name"),
                    _("同じ名称・住所の地域資源が複数あります。ID の列で指定してください。"),
                    name,
                )
            )
            return None
        return matches[0] if matches else None

    def build(self, row: Row, cells: list[str]) -> None:
        """The row as it will be stored (a snapshot-shaped dict), its errors and warnings."""
        data = copy.deepcopy(row.before) if row.before is not None else new_snapshot()
        builder = RowBuilder(self, row, cells, data)
        builder.run()
        row.data = data
        row.name = data.get("name") or ""
        if row.errors:
            row.kind = "error"
        elif row.before is None:
            row.kind = "new"
        else:
            row.kind = "unchanged" if data == row.before else "changed"

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
                return _("%(name)s（新しく登録）") % {"name": row.new_provider[0]}
            return self.provider_names.get(value, "—") if value else "—"
        if name == "town":
            town = self.towns_by_pk.get(value)
            return town.name if town else "—"
        if name == "categories":
            items = [self.categories.get(c) for c in value or []]
            return "、".join(c.name for c in items if c) or "—"
        if name == "served_areas":
            return "、".join(self.areas[c].name for c in value or [] if c in self.areas) or "—"
        if name == "rules":
            return (
                "／".join(schedules.describe(history.rule_from_data(r)) for r in value or []) or "—"
            )
        return history.display(name, value)


def _chunks(values: list[int], size: int = 500):
    for start in range(0, len(values), size):
        yield values[start : start + size]


def new_snapshot() -> dict[str, Any]:
    """A new resource's values before the file's cells are applied (as create() makes it)."""
    blank = Resource(status=Resource.Status.DRAFT)
    data = {
        name: history._plain(getattr(blank, Resource._meta.get_field(name).attname))
        for name in history.FIELDS
    }
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

    def __init__(self, context: Context, row: Row, cells: list[str], data: dict) -> None:
        self.context, self.row, self.cells, self.data = context, row, cells, data

    def raw(self, key: str) -> str | None:
        return self.context.cell(self.cells, key)

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
                        _("数式の結果が保存されていません。Excel で開いて保存し直してください。"),
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
            self.error("name", _("名称が空欄です。"))

    def categories(self) -> None:
        raw = self.raw("categories")
        if raw is None:
            if self.row.before is None:
                self.error(
                    "categories", _("分類がありません。「分類コード」の列を入れてください。")
                )
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
                self.error(
                    "categories", _("分類「%(value)s」はありません。") % {"value": word}, word
                )
            else:
                codes += found if isinstance(found, list) else [found]
        if not codes and not self.row.errors:
            self.error("categories", _("分類を1つ以上入れてください。"))
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
                    _("実施主体の種別「%(value)s」が分からないため「有志・住民グループ」にします。")
                    % {"value": kind_text},
                    kind_text,
                )
        if len(name) > 200:
            self.error("provider", _("実施主体の名前が長すぎます（200文字まで）。"), name[:40])
            return
        self.data["provider"] = None
        self.row.new_provider = (name, kind)
        self.warn("provider", _("実施主体「%(name)s」を新しく登録します。") % {"name": name}, name)

    def flags(self) -> None:
        for key in ("for_self", "for_carers", "for_anyone"):
            raw = self.raw(key)
            if raw is None:
                continue
            value = parsing.parse_bool(raw)
            if value is None:
                self.error(
                    key,
                    _("「はい」か空欄で入力してください（「%(value)s」）。") % {"value": raw},
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
                    _("金額を読み取れませんでした。「料金の詳細」に文字のまま入れます。"),
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
                    _("参加方法を読み取れませんでした。「申込方法」に文字のまま入れます。"),
                    raw,
                )
                self.append("booking_note", parsing.tidy(raw))
            self.data["booking"] = booking or (
                self.data["booking"] if text else Resource.Booking.NONE
            )
        raw = self.raw("capacity")
        if raw is not None:
            text = parsing.clean(raw)
            capacity = parsing.parse_capacity(text) if text else None
            if text and capacity is None:
                self.warn(
                    "capacity",
                    _("定員を数字として読み取れませんでした。「申込方法」に文字のまま入れます。"),
                    raw,
                )
                self.append("booking_note", _("定員：%(value)s") % {"value": parsing.tidy(raw)})
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
                _("日程を読み取れませんでした。「日程の補足」に文字のまま入れます。"),
                text,
            )
            self.append("schedule_note", text)

    def rules_from_json(self, raw: str) -> list[dict]:
        try:
            values = json.loads(raw)
        except ValueError:
            values = None
        if not isinstance(values, list) or not all(isinstance(v, dict) for v in values):
            self.error("schedule_data", _("日程（データ）の形式が正しくありません。"), raw[:60])
            return []
        rules = []
        for values_ in values:
            rule = {
                **parsing.empty_rule(values_.get("freq", "")),
                **{k: values_[k] for k in history.RULE_FIELDS if k in values_},
            }
            try:
                problems = schedules.validate(history.rule_from_data(rule))
            except (TypeError, ValueError):
                problems = [_("値が正しくありません")]
            if problems:
                self.error(
                    "schedule_data",
                    _("日程（データ）に誤りがあります：%(problems)s")
                    % {"problems": "、".join(problems)},
                    raw[:60],
                )
                return []
            rules.append(rule)
        return rules

    def place(self) -> None:
        data, context = self.data, self.context
        raw_postal = self.raw("postal_code")
        raw_address = self.raw("address")
        address_postal = ""
        if raw_address is not None:
            address_postal, data["address"] = parsing.parse_address(raw_address)
        if raw_postal is not None and parsing.clean(raw_postal):
            postal = parsing.parse_postal_code(raw_postal)
            if postal is None:
                self.error(
                    "postal_code",
                    _("郵便番号は7桁の数字で入力してください（例：260-0013）。"),
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
                self.error(
                    "town", _("町丁目コード「%(value)s」はありません。") % {"value": code}, code
                )
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
                    _("住所から町丁目が分かりませんでした。あとで画面から選んでください。"),
                    data["address"],
                )
        self.point(before_town)
        raw = self.raw("served_areas")
        if raw is not None:
            codes = []
            for word in parsing.split_words(raw):
                code = word if word in context.areas else context.area_names.get(parsing.fold(word))
                if code is None:
                    self.error(
                        "served_areas",
                        _("対応地域「%(value)s」はありません。") % {"value": word},
                        word,
                    )
                else:
                    codes.append(code)
            data["served_areas"] = sorted(set(codes))

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
                    _("%(low)sから%(high)sまでの数で入力してください。")
                    % {"low": low, "high": high},
                    raw,
                )
                continue
            old = (self.row.before or {}).get(key)
            coords[key] = old if old is not None and abs(old - value) < 5e-7 else value
        if ("lat" in coords) != ("lng" in coords) or (
            coords and (coords.get("lat") is None) != (coords.get("lng") is None)
        ):
            self.error("lng", _("緯度と経度は両方入力してください。"))
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

    def contacts(self) -> None:
        for key in ("phone", "fax"):
            raw = self.raw(key)
            if raw is None:
                continue
            phone = parsing.parse_phone(raw, area_code=self.context.area_code)
            self.data[key] = phone.value
            if not phone.understood:
                self.warn(
                    key,
                    _(
                        "電話番号として読み取れませんでした。文字のまま入れます。あとで直してください。"
                    ),
                    raw,
                )
        raw = self.raw("email")
        if raw is not None:
            email = parsing.clean(raw)
            try:
                if email:
                    EmailValidator()(email)
                self.data["email"] = email
            except ValidationError:
                self.error("email", _("メールアドレスの形が正しくありません。"), raw)
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
                self.error("url", _("ホームページのアドレス（URL）が正しくありません。"), raw)

    def status(self) -> None:
        raw = self.raw("status")
        if raw is not None and parsing.clean(raw):
            status = self.context.statuses.get(parsing.fold(parsing.clean(raw)))
            if status is None or status == Resource.Status.DELETED:
                self.error(
                    "status",
                    _("状態は「下書き」「公開」「休止中」「終了」のどれかにしてください。"),
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
                    _("最終確認日は 2026-11-26 のように年・月・日で入力してください。"),
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
                    _("%(limit)s文字以内にしてください（いまは%(length)s文字）。")
                    % {"limit": limit, "length": len(value)},
                    value[:40],
                )

    def check_permission(self) -> None:
        staff = self.context.staff
        if staff is None or staff.is_admin:
            return
        places = [self.context.towns_by_pk.get(self.data.get("town"))]
        places += [self.context.areas.get(code) for code in self.data.get("served_areas") or []]
        places = [p for p in places if p is not None]
        column = "address" if "address" in self.context.columns else "name"
        if not places:
            self.error(column, _("担当地域の中の住所（町丁目）か対応地域を入れてください。"))
        elif not any(staff.covers_area(p) for p in places):
            self.error(column, _("担当地域の外の場所です。この行は取り込めません。"))


# ---------------------------------------------------------------- commit


@dataclass
class Result:
    created: list[int] = field(default_factory=list)
    changed: list[int] = field(default_factory=list)
    unchanged: int = 0


def commit(source: Preview, user, *, expected: list | None = None) -> Result:
    """Write every new and changed row, or none: one transaction, office.editing per row.

    `expected` is the fingerprint of the preview the coordinator saw: if the file now
    previews differently (someone changed a resource since), nothing is written.
    """
    if expected is not None and [list(x) for x in expected] != source.fingerprint():
        raise ImportRefusedError(_changed_message())
    if not source.can_commit:
        raise ImportRefusedError(
            _(
                "エラーのある行があるため取り込めません。ファイルを直してから、もう一度アップロードしてください。"
            )
            if source.errors or source.problems
            else _("取り込む行がありません。")
        )
    comment = import_comment(source.filename)
    result = Result(unchanged=source.counts["unchanged"])
    providers: dict[str, int] = {}
    try:
        with transaction.atomic():
            for row in source.rows:
                if row.kind not in ("new", "changed"):
                    continue
                data = dict(row.data)
                if row.new_provider:
                    name, kind = row.new_provider
                    folded = parsing.fold(name)
                    if folded not in providers:
                        providers[folded] = Provider.objects.create(
                            municipality=source.municipality, name=name, kind=kind
                        ).pk
                    data["provider"] = providers[folded]
                if row.kind == "new":
                    resource = editing.create(
                        user, _filler(source.municipality, data), comment, reindex=False
                    )
                    result.created.append(resource.pk)
                else:
                    resource = Resource(pk=row.resource_id)
                    editing.change(
                        resource,
                        user,
                        Revision.Action.EDIT,
                        lambda r, data=data: history.apply(r, data),
                        version=row.version,
                        comment=comment,
                        reindex=False,
                    )
                    result.changed.append(row.resource_id)
            # One batch for the search index: per row it was most of an import's time.
            search.reindex([*result.created, *result.changed])
    except editing.EditConflictError as conflict:
        raise ImportRefusedError(_changed_message()) from conflict
    return result


def _filler(municipality: Area, data: dict):
    def fill(resource: Resource) -> None:
        resource.municipality = municipality
        history.apply(resource, data)

    return fill


def _changed_message() -> str:
    return _(
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


def commit_job(job, user, staff: Staff | None, municipality: Area) -> Result:
    """Preview the stored file again and commit it if it is still what the coordinator saw."""
    if job.state == job.State.DONE:
        raise ImportRefusedError(_("このファイルはもう取り込み済みです。"))
    fresh = preview_job(job, staff, municipality)
    result = commit(fresh, user, expected=job.summary.get("fingerprint"))
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
        _("ファイル：%(name)s（%(kind)s%(encoding)s）")
        % {
            "name": result.filename,
            "kind": "Excel" if result.kind == "xlsx" else "CSV",
            "encoding": f"・{_encoding_label(result.encoding)}" if result.encoding else "",
        },
        _("新規 %(new)s件、変更 %(changed)s件、変更なし %(unchanged)s件、エラー %(error)s件")
        % counts,
    ]
    lines += [_("ファイルの問題：%(message)s") % {"message": p} for p in result.problems]
    for p in result.errors:
        lines.append(_("エラー %(row)s行目「%(column)s」：%(message)s %(value)s") % _fmt(p))
    for p in result.warnings:
        lines.append(_("注意 %(row)s行目「%(column)s」：%(message)s %(value)s") % _fmt(p))
    return lines


def _fmt(problem: Problem) -> dict[str, Any]:
    return {
        "row": problem.row,
        "column": problem.column,
        "message": problem.message,
        "value": f"［{problem.value}］" if problem.value else "",
    }
