"""Which of our columns each header of an import file is: our own headers, common
synonyms from other lists, and the mappings coordinators saved for files of their own."""

from __future__ import annotations

import re
import unicodedata

from transfer.columns import COLUMNS, IMPORT_ONLY
from transfer.models import SavedMapping
from transfer.opendata import OPEN_COLUMNS

# Other lists' headers we recognise without asking (as normalise_header writes them).
SYNONYMS = {
    "name": ["活動名", "事業名", "名前", "サービス名", "資源名", "地域資源名", "名称(活動名)"],
    "categories": ["分類", "カテゴリ", "カテゴリー"],
    "provider": ["団体名", "主催", "主催者", "運営", "運営団体", "実施団体"],
    "provider_kind": ["実施主体_種別", "団体の種別"],
    "description": ["活動内容", "説明", "概要"],
    "fee": ["参加費", "費用", "利用料", "会費", "料金(基本)"],
    "fee_note": ["料金(詳細)"],
    "booking": ["予約", "申込", "予約の要否"],
    "booking_note": ["参加申込方法"],
    "capacity": ["人数"],
    # A day column without times is read as 日程 too; its times come from the columns below.
    "schedule": [
        "開催日",
        "日時",
        "開催日時",
        "開催日程",
        "活動日",
        "曜日",
        "開催曜日",
        "活動曜日",
        "実施日",
        "実施曜日",
        "利用可能曜日",
    ],
    "schedule_time": [
        "開催時間",
        "時間帯",
        "実施時間",
        "活動時間",
        "開催時刻",
        "利用時間",
        "利用可能時間",
        "業務時間",
        "開館時間",
    ],
    "opens_at": ["開始時刻", "開始", "開始時間(hh:mm)"],
    "closes_at": ["終了時刻", "終了", "終了時間(hh:mm)"],
    "closed_days": ["休館日", "定休日", "休所日", "休日"],
    # The standard's free text about the days and times: a note beside day and time columns.
    "schedule_note": ["利用可能日時特記事項", "日程の備考", "開催日時の備考"],
    "venue_name": ["会場", "場所", "開催場所", "場所名称", "建物名等(方書)"],
    # The standard's full address (our open data writes it with 都道府県 and 市区町村).
    "address": ["所在地", "会場住所", "所在地_連結表記"],
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
    "fax": ["fax番号", "ファクス", "ファックス"],
    "phone_note": ["電話の備考", "電話番号の補足", "電話の備考欄"],
    "email": ["メール", "e-mail", "email", "連絡先メールアドレス"],
    "kana": ["ふりがな", "フリガナ", "ヨミガナ", "カナ", "名称_カナ"],
    "url": ["url", "hp", "ウェブサイト"],
}


def normalise_header(header: str) -> str:
    """A header as it is compared with ours and the synonyms: NFKC, no spaces, lower case."""
    text = unicodedata.normalize("NFKC", header or "")
    return re.sub(r"[\s\u3000]+", "", text).lower()


_KNOWN = {normalise_header(c.header): c.key for c in [*COLUMNS, *IMPORT_ONLY]}
_GUESSES = {
    **{normalise_header(c.key): c.key for c in [*COLUMNS, *IMPORT_ONLY]},
    **{normalise_header(s): key for key, words in SYNONYMS.items() for s in words},
}


def our_key(header: str) -> str | None:
    """Our column for one of our headers (spaces and widths ignored), else None."""
    return _KNOWN.get(normalise_header(header))


def guess_mapping(headers: list[str]) -> dict[str, str]:
    """{file header: our key or ""}: ours exactly, else a common synonym, else 使わない.

    Our own headers are placed first, wherever they stand, so a synonym never takes a
    column from ours (our open data has 分類 before 分類コード, 利用可能日時特記事項 before
    日程の補足)."""
    mapping: dict[str, str] = {h: "" for h in headers if h}
    taken: set[str] = set()
    for table in (_KNOWN, _GUESSES):
        for header in mapping:
            key = table.get(normalise_header(header), "")
            if mapping[header] or not key or key in taken:
                continue
            mapping[header] = key
            taken.add(key)
    return mapping


def headers_are_ours(headers: list[str]) -> bool:
    """Our own format's headers, or exactly our open data's (whose guesses are all right)."""
    if [h for h in headers if h] == [c.header for c in OPEN_COLUMNS]:
        return True
    return all(our_key(h) for h in headers if h)


def matching_saved_mapping(headers: list[str]) -> SavedMapping | None:
    """A saved mapping made for exactly these headers, if any (newest first)."""
    wanted = {h for h in headers if h}
    for saved in SavedMapping.objects.order_by("-created_at"):
        if set(saved.mapping) == wanted:
            return saved
    return None
