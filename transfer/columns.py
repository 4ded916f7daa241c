"""Our own column format for 地域資源 (import template, full export, round trip).

One list, read by the importer (transfer/importer.py) and the exporter (transfer/exporter.py):
a file exported in this format and imported again changes nothing. The headers are what a
coordinator sees in Excel; `key` is the stable name in code and in saved column mappings.
docs/import-template.md describes every column with an example file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from directory.models import Resource
from directory.schedules import rule_data


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    description: str
    internal: bool = False  # only in the coordinators' own export, never public


COLUMNS = [
    Column("id", "ID", "sasaeai の番号。新しく登録する行は空欄。"),
    Column("name", "名称", "必須。200文字まで。"),
    Column("kana", "よみがな", "カタカナ（ひらがなでも可）。"),
    Column("categories", "分類コード", "分類のコードを空白区切りで（例：5.1.1 5.2）。"),
    Column("provider", "実施主体", "団体名。なければ新しく登録します。"),
    Column("provider_kind", "実施主体の種別", "自治会・町内会、NPO法人、民間事業者 など。"),
    Column("description", "内容", "活動の説明。"),
    Column("keywords", "キーワード", "空白区切り。"),
    Column("for_self", "対象：本人", "「はい」か空欄（空欄は「対象と分かっていない」）。"),
    Column("for_carers", "対象：家族・介護者", "「はい」か空欄。"),
    Column("for_anyone", "対象：誰でも", "「はい」か空欄。"),
    Column("eligibility", "参加の条件", ""),
    Column(
        "fee",
        "料金",
        "「無料」「100円」「1食540円～」など。数字は料金（円）に、残りは料金の詳細に。",
    ),
    Column("fee_note", "料金の詳細", ""),
    Column("booking", "参加方法", "予約不要・要予約・要申込。空欄は「分からない」。"),
    Column("booking_note", "申込方法", ""),
    Column("capacity", "定員", "人数（数字）。"),
    Column("schedule", "日程", "「毎月第2・第4水曜日 10:00〜12:00（8月は休み）」のような文。"),
    Column(
        "schedule_data",
        "日程（データ）",
        "sasaeai が書き出した日程の機械用データ。あれば「日程」より優先。手で書く必要はありません。",
    ),
    Column("schedule_note", "日程の補足", ""),
    Column("venue_name", "会場名", ""),
    Column("postal_code", "郵便番号", "「〒260-0013」「2600013」どちらでも。"),
    Column("address", "住所", "町丁目はここから自動で決まります。"),
    Column("town", "町丁目コード", "sasaeai の町丁目コード。空欄なら住所から。"),
    Column("lat", "緯度", ""),
    Column("lng", "経度", ""),
    Column(
        "place_area",
        "開催地域",
        "住所が分からないときの開催場所の区・圏域（名前かコード）。家まで来てくれる地域ではありません。",
    ),
    Column(
        "served_areas",
        "対応地域コード",
        "配食・見守りなど家まで来てくれる地域（相談機関は担当地区）。区・圏域のコードを空白区切りで。",
    ),
    Column(
        "phone", "電話番号", "電話をかける番号を1つ、市外局番から（「TEL」などは取り除きます）。"
    ),
    Column(
        "phone_note",
        "電話の補足",
        "受付時間・2つ目の番号など。電話のボタンにはなりません。",
    ),
    Column("fax", "FAX", ""),
    Column("email", "メールアドレス", ""),
    Column("url", "ホームページ", ""),
    Column("barrier_free", "バリアフリー", ""),
    Column("parking", "駐車場", ""),
    Column("status", "状態", "下書き・公開・休止中・終了。空欄は下書き。"),
    Column("confirmed_on", "最終確認日", "2026-11-26 の形。"),
    Column("internal_note", "内部メモ", "公開されません。", internal=True),
    Column("contact_person", "担当者名", "公開されません。", internal=True),
]
# Columns the importer reads but the exporter never writes: times kept apart from the days
# in cities' lists (曜日 | 時間, or 曜日 | 開始時間 | 終了時間 as in the
# 自治体標準オープンデータセット). Their times go to the rules read from 日程 (the days).
IMPORT_ONLY = [
    Column(
        "schedule_time",
        "時間",
        "「日程」とは別の列の時間（「13:30～15:00」「午後1時～3時」）。「日程」の曜日・日に付けます。",
    ),
    Column(
        "opens_at",
        "開始時間",
        "「10:00」「10時」「午前10時」「1000」や Excel の時刻。「日程」の曜日・日に付けます。",
    ),
    Column("closes_at", "終了時間", "開始時間と同じ書き方。"),
    Column(
        "closed_days",
        "休業日",
        "「毎週月曜日、祝日、年末年始」のような休みの日。「日程」と合わせて読みます。",
    ),
]
BY_KEY = {c.key: c for c in [*COLUMNS, *IMPORT_ONLY]}
BY_HEADER = {c.header: c for c in [*COLUMNS, *IMPORT_ONLY]}


def columns(*, internal: bool) -> list[Column]:
    return [c for c in COLUMNS if internal or not c.internal]


def yes(value: bool) -> str:
    return "はい" if value else ""


def resource_row(resource: Resource, *, internal: bool) -> dict[str, str]:
    """One resource as the cells of our format (prefetch categories, served_areas, rules;
    select place_area)."""
    rules = list(resource.schedule_rules.all())
    cells = {
        "id": str(resource.pk),
        "name": resource.name,
        "kana": resource.kana,
        "categories": " ".join(sorted(c.code for c in resource.categories.all())),
        "provider": resource.provider.name if resource.provider else "",
        "provider_kind": resource.provider.get_kind_display() if resource.provider else "",
        "description": resource.description,
        "keywords": resource.keywords,
        "for_self": yes(resource.for_self),
        "for_carers": yes(resource.for_carers),
        "for_anyone": yes(resource.for_anyone),
        "eligibility": resource.eligibility,
        "fee": "" if resource.fee_amount is None else str(resource.fee_amount),
        "fee_note": resource.fee_note,
        "booking": resource.get_booking_display(),
        "booking_note": resource.booking_note,
        "capacity": "" if resource.capacity is None else str(resource.capacity),
        "schedule": resource.schedule_text(),
        "schedule_data": json.dumps([rule_data(r) for r in rules], ensure_ascii=False)
        if rules
        else "",
        "schedule_note": resource.schedule_note,
        "venue_name": resource.venue_name,
        "postal_code": resource.postal_code,
        "address": resource.address,
        "town": resource.town.code if resource.town else "",
        "lat": "" if resource.lat is None else f"{resource.lat:.6f}",
        "lng": "" if resource.lng is None else f"{resource.lng:.6f}",
        "place_area": resource.place_area.code if resource.place_area else "",
        "served_areas": " ".join(sorted(a.code for a in resource.served_areas.all())),
        "phone": resource.phone,
        "phone_note": resource.phone_note,
        "fax": resource.fax,
        "email": resource.email,
        "url": resource.url,
        "barrier_free": resource.barrier_free,
        "parking": resource.parking,
        "status": resource.get_status_display(),
        "confirmed_on": resource.confirmed_on.isoformat() if resource.confirmed_on else "",
        "internal_note": resource.internal_note,
        "contact_person": resource.contact_person,
    }
    return {c.key: cells[c.key] for c in columns(internal=internal)}
