"""Open data: 地域資源 in the columns of デジタル庁「自治体標準オープンデータセット」.

The first columns are the standard's shared block (全国地方公共団体コード, ID, 地方公共団体名,
名称 … 所在地_*, 緯度, 経度, 電話番号 … 郵便番号, 備考, URL) in the standard's order and
spelling; then the schedule, fee and booking columns with the names the standard's
イベント一覧 and 介護サービス事業所一覧 use (利用可能曜日, 開始時間, 終了時間,
利用可能日時特記事項, 料金(基本), 料金(詳細), 場所名称, 定員, 参加申込方法); then our own
columns (分類, 実施主体 …). Public data only: published resources, no internal field.
The page /opendata/columns/ and docs/opendata.md describe every column from OPEN_COLUMNS.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from directory.models import Resource
from directory.schedules import WEEKDAY_JA, RuleLike, describe, rule_data, weekday_mask
from transfer.exporter import Table
from transfer.opendata_address import Places, split_address

LICENSE = "CC BY 4.0"


@dataclass(frozen=True)
class OpenColumn:
    header: str
    meaning: str
    example: str
    standard: bool  # a column name of the standard (False: our own addition)


def weekdays_text(resource: Resource) -> str:
    mask = weekday_mask(resource.rules())
    return ",".join(day for i, day in enumerate(WEEKDAY_JA) if mask & (1 << i))


def hours(resource: Resource) -> tuple[str, str]:
    """The earliest start and latest end of the schedule's rules (HH:MM), or empty."""
    rules = resource.rules()
    opens = [r.opens_at for r in rules if r.opens_at]
    closes = [r.closes_at for r in rules if r.closes_at]
    return (
        min(opens).strftime("%H:%M") if opens else "",
        max(closes).strftime("%H:%M") if closes else "",
    )


def fee_basic(resource: Resource) -> str:
    if resource.fee_amount is None:
        return ""
    return "無料" if resource.fee_amount == 0 else f"{resource.fee_amount}円"


def except_dates(rule: RuleLike) -> list[datetime.date]:
    """The rule's days off (stored as ISO text), in order; unreadable entries skipped."""
    found = set()
    for value in rule.except_dates or []:
        if isinstance(value, datetime.date):
            found.add(value)
            continue
        try:
            found.add(datetime.date.fromisoformat(str(value).strip()))
        except ValueError:
            continue
    return sorted(found)


def rule_text(rule: RuleLike) -> str:
    """One rule in words with every part: schedules.describe() (days, times, months off,
    validity), then its days off and its note, each in 「（）」 so it stays with its rule."""
    text = describe(rule)
    dates = except_dates(rule)
    if dates:
        text += "（" + "・".join(f"{d.year}年{d.month}月{d.day}日" for d in dates) + "は休み）"
    note = (rule.note or "").strip().rstrip("。")
    if note:
        text += f"（{note}）"
    return text


def schedule_notes(resource: Resource) -> str:
    """The whole schedule as one sentence: every rule with all its parts, then the
    resource's own note (schedule_note)."""
    rules = "、".join(rule_text(rule) for rule in resource.rules())
    return "。".join(t for t in (rules, resource.schedule_note.strip()) if t)


def schedule_data(resource: Resource) -> str:
    """The rules as our own format's 日程（データ） (transfer/columns.py writes the same), so
    the file imports back with its schedule unchanged."""
    rules = resource.rules()
    return json.dumps([rule_data(r) for r in rules], ensure_ascii=False) if rules else ""


def category_names(resource: Resource, places: Places, address: dict[str, str]) -> str:
    cats = sorted(resource.categories.all(), key=lambda c: c.code)
    return "、".join(c.name for c in cats)


Cell = Callable[[Resource, Places, dict[str, str]], str]

# (column, how its cell is made). `address` is split_address()'s result for the row.
CELLS: list[tuple[OpenColumn, Cell]] = [
    (
        OpenColumn(
            "全国地方公共団体コード", "データを公開する市区町村のコード（6桁）。", "121002", True
        ),
        lambda r, p, a: r.municipality.code,
    ),
    (
        OpenColumn("ID", "この一覧での番号（サイトの地域資源の番号と同じ）。", "1024", True),
        lambda r, p, a: str(r.pk),
    ),
    (
        OpenColumn("地方公共団体名", "都道府県名と市区町村名。", "千葉県千葉市", True),
        lambda r, p, a: r.municipality.prefecture + r.municipality.name,
    ),
    (
        OpenColumn("名称", "活動・サービスの名前。", "院内ひだまりサロン", True),
        lambda r, p, a: r.name,
    ),
    (
        OpenColumn("名称_カナ", "名称の読み（カタカナ）。", "インナイヒダマリサロン", True),
        lambda r, p, a: r.kana,
    ),
    (
        OpenColumn(
            "所在地_全国地方公共団体コード",
            "会場がある市区町村（政令市は区）のコード。",
            "121011",
            True,
        ),
        lambda r, p, a: a["所在地_全国地方公共団体コード"],
    ),
    (
        OpenColumn(
            "町字ID",
            "アドレス・ベース・レジストリの町字ID。保持していないため空欄です。",
            "",
            True,
        ),
        lambda r, p, a: "",
    ),
    (
        OpenColumn(
            "所在地_連結表記",
            "都道府県から書いた会場の住所。",
            "千葉県千葉市中央区院内1丁目8-12",
            True,
        ),
        lambda r, p, a: a["所在地_連結表記"],
    ),
    (
        OpenColumn("所在地_都道府県", "会場の都道府県。", "千葉県", True),
        lambda r, p, a: a["所在地_都道府県"],
    ),
    (
        OpenColumn("所在地_市区町村", "会場の市区町村（政令市は区まで）。", "千葉市中央区", True),
        lambda r, p, a: a["所在地_市区町村"],
    ),
    (
        OpenColumn("所在地_町字", "会場の町丁目（正式な名前）。", "院内一丁目", True),
        lambda r, p, a: a["所在地_町字"],
    ),
    (
        OpenColumn(
            "所在地_番地以下",
            "町字より後ろの番地など。住所が町字の名前で始まらないときは空欄。",
            "8-12",
            True,
        ),
        lambda r, p, a: a["所在地_番地以下"],
    ),
    (
        OpenColumn("建物名等(方書)", "会場の建物・施設の名前。", "院内町内会館", True),
        lambda r, p, a: r.venue_name,
    ),
    (
        OpenColumn("緯度", "会場の緯度（世界測地系、10進数）。", "35.606501", True),
        lambda r, p, a: "" if r.lat is None else f"{r.lat:.6f}",
    ),
    (
        OpenColumn("経度", "会場の経度（世界測地系、10進数）。", "140.119772", True),
        lambda r, p, a: "" if r.lng is None else f"{r.lng:.6f}",
    ),
    (
        OpenColumn("電話番号", "問い合わせ先の電話番号。", "043-555-0101", True),
        lambda r, p, a: r.phone,
    ),
    (
        OpenColumn("内線番号", "保持していないため空欄です。", "", True),
        lambda r, p, a: "",
    ),
    (
        OpenColumn("FAX番号", "問い合わせ先のFAX番号。", "043-555-0102", True),
        lambda r, p, a: r.fax,
    ),
    (
        OpenColumn(
            "連絡先メールアドレス", "問い合わせ先のメールアドレス。", "info@example.jp", True
        ),
        lambda r, p, a: r.email,
    ),
    (
        OpenColumn("連絡先FormURL", "保持していないため空欄です。", "", True),
        lambda r, p, a: "",
    ),
    (
        OpenColumn("郵便番号", "会場の郵便番号。", "260-0013", True),
        lambda r, p, a: r.postal_code,
    ),
    (
        OpenColumn("URL", "活動・実施主体のホームページ。", "https://example.jp/", True),
        lambda r, p, a: r.url,
    ),
    (
        OpenColumn("場所名称", "会場の名前（イベント一覧の項目名）。", "院内町内会館", True),
        lambda r, p, a: r.venue_name,
    ),
    (
        OpenColumn(
            "利用可能曜日",
            "開催する曜日を「,」区切りで。毎月○日の活動はすべての曜日。",
            "水",
            True,
        ),
        lambda r, p, a: weekdays_text(r),
    ),
    (
        OpenColumn("開始時間", "いちばん早い開始時刻（HH:MM）。", "10:00", True),
        lambda r, p, a: hours(r)[0],
    ),
    (
        OpenColumn("終了時間", "いちばん遅い終了時刻（HH:MM）。", "12:00", True),
        lambda r, p, a: hours(r)[1],
    ),
    (
        OpenColumn(
            "利用可能日時特記事項",
            (
                "日程のすべてを文で。日程ごとに、休みの月・休みの日・補足を（）で続け、"
                "最後に日程全体の補足。"
            ),
            "毎月第2・第4水曜日 10:00〜12:00（8月は休み）（2026年12月23日は休み）（会館2階）。雨天中止。",
            True,
        ),
        lambda r, p, a: schedule_notes(r),
    ),
    (
        OpenColumn(
            "日程（データ）",
            (
                "日程の機械用データ（JSON：規則ごとに freq・weekdays・nths・month_days・interval・"
                "opens_at・closes_at・休みの月と日・補足）。sasaeai に取り込み直すと日程がそのまま戻ります。"
            ),
            '[{"freq": "monthly_nth", "weekdays": [2], "nths": [2, 4], "opens_at": "10:00", …}]',
            False,
        ),
        lambda r, p, a: schedule_data(r),
    ),
    (
        OpenColumn(
            "日程の補足",
            "日程全体の補足（利用可能日時特記事項の最後の文と同じ）。",
            "雨天中止。",
            False,
        ),
        lambda r, p, a: r.schedule_note,
    ),
    (
        OpenColumn("料金(基本)", "「無料」または金額（円）。わからないときは空欄。", "100円", True),
        lambda r, p, a: fee_basic(r),
    ),
    (
        OpenColumn("料金(詳細)", "料金の補足。", "お茶代", True),
        lambda r, p, a: r.fee_note,
    ),
    (
        OpenColumn("定員", "人数。", "20", True),
        lambda r, p, a: "" if r.capacity is None else str(r.capacity),
    ),
    (
        OpenColumn("予約の要否", "予約不要・要予約・要申込のどれか。", "予約不要", False),
        lambda r, p, a: r.get_booking_display(),
    ),
    (
        OpenColumn("参加申込方法", "申込の方法。", "前日までに電話で", True),
        lambda r, p, a: r.booking_note,
    ),
    (
        OpenColumn("説明", "活動の内容。", "お茶を飲みながらおしゃべりと軽い体操をします。", False),
        lambda r, p, a: r.description,
    ),
    (
        OpenColumn("分類", "サイトの分類の名前（「、」区切り）。", "ミニデイ・サロン", False),
        category_names,
    ),
    (
        OpenColumn("分類コード", "サイトの分類のコード（空白区切り）。", "5.1.1", False),
        lambda r, p, a: " ".join(sorted(c.code for c in r.categories.all())),
    ),
    (
        OpenColumn("対象者", "本人・家族や介護者・誰でも。", "ご本人", False),
        lambda r, p, a: r.audience_text,
    ),
    (
        OpenColumn("参加の条件", "参加できる人の条件。", "65歳以上の方", False),
        lambda r, p, a: r.eligibility,
    ),
    (
        OpenColumn("実施主体", "活動を行う団体。", "院内町内会", False),
        lambda r, p, a: r.provider.name if r.provider else "",
    ),
    (
        OpenColumn("実施主体_種別", "自治会・町内会、NPO法人 など。", "自治会・町内会", False),
        lambda r, p, a: r.provider.get_kind_display() if r.provider else "",
    ),
    (
        OpenColumn("バリアフリー", "段差・トイレなど。", "段差なし", False),
        lambda r, p, a: r.barrier_free,
    ),
    (
        OpenColumn("駐車場", "駐車場の有無など。", "なし", False),
        lambda r, p, a: r.parking,
    ),
    (
        OpenColumn(
            "最終確認日",
            "生活支援コーディネーターが最後に内容を確かめた日（YYYY-MM-DD）。",
            "2026-10-01",
            False,
        ),
        lambda r, p, a: r.confirmed_on.isoformat() if r.confirmed_on else "",
    ),
    (
        OpenColumn(
            "備考", "見本（架空）のデータにはその旨を書きます。", "見本データ（架空）", True
        ),
        lambda r, p, a: "見本データ（架空）" if r.is_sample else "",
    ),
]
OPEN_COLUMNS = [column for column, _cell in CELLS]


def row(resource: Resource, places: Places) -> list[str]:
    """One published resource as open-data cells (never an internal field)."""
    address = split_address(resource, places)
    return [str(cell(resource, places, address)) for _column, cell in CELLS]


def table(resources: Iterable[Resource]) -> Table:
    """Open-data rows of the published resources among these (others are skipped)."""
    places = Places()

    def rows() -> Iterator[list[str]]:
        for resource in resources:
            if resource.status == Resource.Status.PUBLISHED:
                yield row(resource, places)

    return Table([c.header for c in OPEN_COLUMNS], rows())
