"""見本 (sample) 協議体 from the source talk (../shared/seed/, 活動事例4 「協議体の発足」), added by
`load_demo`: one council of the talk's kinds of members, one workshop meeting whose board
holds the five 地域資源 and five 地域課題 the talk lists, placed in the demo's 東千葉圏域.

The talk names no organisation, person, date or place: members keep the talk's generic names
with no contact person, the date is the demo's own, and the cards' points are towns of the
area chosen by the demo (said so on each card). Everything is is_sample (見本)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.dispatch import receiver

from areas.models import Area
from directory.demo_hooks import demo_loaded
from fieldwork import board, editing
from fieldwork.council_models import BoardCard, Council, Meeting
from fieldwork.models import Version

SPHERE_CODE = "121002-弁天"
NAME = "A地区協議体（見本）"
# The talk's 構成員 (計21名), by kind; no names or contacts are given.
MEMBERS = [
    ("社会福祉協議会A地区部会", Council.MemberKind.COUNCIL),
    ("A地区民生委員", Council.MemberKind.WELFARE),
    ("地区自治会町内会連絡協議会", Council.MemberKind.NEIGHBOURHOOD),
    ("居宅介護支援事業所", Council.MemberKind.CARE),
    ("小規模多機能型ホーム", Council.MemberKind.CARE),
    ("グループホーム", Council.MemberKind.CARE),
    ("有料老人ホーム", Council.MemberKind.CARE),
    ("NPO法人", Council.MemberKind.NPO),
    ("社会福祉協議会CSW", Council.MemberKind.COUNCIL),
]
# The talk's board (「協議体の発足②〈結果〉」), each on a town of the area (the demo's choice).
RESOURCES = [
    ("施設内の空きスペースの無料提供", "弁天一丁目"),
    ("駅舎内に空き部屋あり", "東千葉一丁目"),
    ("町内会の広報紙を毎月発行", "弁天二丁目"),
    ("NPO法人として車両を所有予定", "春日一丁目"),
    ("介護予防体操教室開催", "院内一丁目"),
]
ISSUES = [
    ("誰でも参加できるカフェが欲しい", "弁天三丁目"),
    ("徒歩圏内にラジオ体操開催したい", "東千葉二丁目"),
    ("施設入居者の活躍の場が欲しい", "弁天四丁目"),
    ("町内の無人交番を有効活用したい", "春日二丁目"),
    ("ごみ出し・買い物支援が欲しい", "院内二丁目"),
]
NOTE = "見本：場所はデモ用に選んだ町です。"


def delete_samples(municipality: Area) -> None:
    """Remove the 協議体 samples (and their history) of this municipality."""
    for model, kind in (
        (BoardCard, Version.Kind.CARD),
        (Meeting, Version.Kind.MEETING),
        (Council, Version.Kind.COUNCIL),
    ):
        rows = model.objects.filter(municipality=municipality, is_sample=True)
        ids = list(rows.values_list("pk", flat=True))
        Version.objects.filter(kind=kind, record_id__in=ids).delete()
        rows.delete()


def town_in(sphere: Area, name: str) -> Area | None:
    return (
        Area.objects.filter(path__startswith=sphere.path, kind=Area.Kind.TOWN, name=name)
        .exclude(lat__isnull=True)
        .first()
    )


def load_council_demo(municipality: Area) -> dict[str, int]:
    """The samples for this municipality (none when it has no 東千葉圏域); idempotent."""
    with transaction.atomic():
        delete_samples(municipality)
        sphere = Area.objects.filter(code=SPHERE_CODE, municipality=municipality).first()
        if sphere is None:
            return {"councils": 0, "cards": 0}
        council = Council(
            municipality=municipality,
            area=sphere,
            name=NAME,
            purpose="地域資源・地域課題の把握と共有、ネットワークの構築（見本）",
            members=[{"name": n, "kind": k.value, "contact": "", "note": ""} for n, k in MEMBERS],
            is_sample=True,
        )
        editing.create(council, None)
        meeting = Meeting(
            municipality=municipality,
            area=sphere,
            council=council,
            title="第1回 ワークショップ",
            held_on=datetime.date(2026, 10, 28),
            place="",
            minutes=(
                "生活支援コーディネーターがファシリテーターとなり、ワークショップを実施。"
                "地域資源・地域課題を抽出し、マッピングで可視化・共有した。"
                "満場一致で継続開催が決定。今後、着手する地域課題を絞り込む。（見本）"
            ),
            is_sample=True,
        )
        editing.create(meeting, None)
        cards = 0
        for column, rows in (
            (BoardCard.Column.RESOURCE, RESOURCES),
            (BoardCard.Column.ISSUE, ISSUES),
        ):
            for title, town_name in rows:
                town = town_in(sphere, town_name)
                place = None
                if town is not None and town.lat is not None and town.lng is not None:
                    place = {
                        "place_text": town.name,
                        "town": town,
                        "latitude": round(town.lat, 6),
                        "longitude": round(town.lng, 6),
                    }
                data = {"column": column, "title": title, "note": NOTE}
                board.add_card(meeting, None, data, place)
                cards += 1
    return {"councils": 1, "cards": cards}


@receiver(demo_loaded, dispatch_uid="fieldwork.council_demo")
def on_demo_loaded(sender, municipality: Area, **kwargs) -> str:
    made = load_council_demo(municipality)
    return f"協議体の見本: {made['councils']} 件・ワークショップのカード {made['cards']} 枚"
