"""The category tree with stable codes (from the brief; Chiba's site used the first six).

Codes are dotted paths and never change meaning: URLs, exports and the HSDS taxonomy use them.
"""

from __future__ import annotations

# (code, name, short name for tiles, icon, description)
CATEGORY_TREE: list[tuple[str, str, str, str, str]] = [
    (
        "1",
        "家事支援",
        "家事の手伝い",
        "broom",
        "買い物・掃除・調理・洗濯・ごみ出しなど、日常生活で必要な家事を手伝うサービス。",
    ),
    (
        "2",
        "外出支援",
        "外出の手伝い",
        "car",
        "通院や買い物などに一人で出かけるのが難しい方の移動を手伝うサービス。",
    ),
    (
        "3",
        "日用品・食材・弁当の宅配",
        "宅配・配食・移動販売",
        "bento",
        "日用品や食事の宅配、見守りを兼ねた配食、移動販売。",
    ),
    (
        "3.1",
        "日用品・食事の宅配（見守りなし）",
        "日用品・食事の宅配",
        "",
        "日用品や、見守り・安否確認のない不定期の食事の宅配。",
    ),
    (
        "3.2",
        "見守りを兼ねた配食",
        "見守り配食",
        "",
        "配食だけでなく、お届けの時に安否確認や見守りも兼ねたサービス。",
    ),
    ("3.3", "移動販売", "移動販売", "", "近くまで来てくれる移動販売。"),
    (
        "4",
        "見守り・安否確認",
        "見守り・安否確認",
        "eye",
        "自治会や民間事業者などによる、高齢者の安否確認や見守り。",
    ),
    (
        "5",
        "交流の場・通いの場",
        "集いの場・体操",
        "people",
        "サロン、体操、介護予防の教室、介護している家族の集いなど、気軽に通える場。",
    ),
    ("5.1", "交流・体操・介護予防", "交流・体操・介護予防", "", "交流、体操、介護予防などの活動。"),
    (
        "5.1.1",
        "ミニデイ・サロン",
        "ミニデイ・サロン",
        "",
        "住民やNPOなど様々な主体によるミニデイサービスやコミュニティサロン。",
    ),
    (
        "5.1.2",
        "専門職が関わる教室",
        "専門職の教室",
        "",
        "運動・栄養・口腔ケアなどの専門職が関わる教室。",
    ),
    (
        "5.1.3",
        "お店での相談・サロン・体操",
        "お店での集い",
        "",
        "スーパー・コンビニ・飲食店などでの介護の相談窓口・サロン・体操教室。",
    ),
    (
        "5.2",
        "介護者支援",
        "介護者支援",
        "",
        "認知症カフェ、ケアラーズカフェ、家族の集い、介護教室など、介護している方を支える場。",
    ),
    (
        "6",
        "高齢者の身近な相談機関",
        "相談できるところ",
        "phone",
        "あんしんケアセンター（地域包括支援センター）など、高齢者の身近な相談機関。",
    ),
    (
        "6.1",
        "あんしんケアセンター（地域包括支援センター）",
        "あんしんケアセンター",
        "",
        "高齢者の介護・福祉・健康・暮らしの総合相談窓口。",
    ),
    (
        "6.2",
        "いきいきプラザ・いきいきセンター",
        "いきいきプラザ・センター",
        "",
        "高齢者の健康づくりや交流のための施設。",
    ),
    ("6.3", "保健福祉センター", "保健福祉センター", "", "区の保健と福祉の窓口。"),
    (
        "6.4",
        "生活支援コーディネーター",
        "生活支援コーディネーター",
        "",
        "地域のささえあい活動を紹介し、立ち上げを手伝う専門職。",
    ),
]


def parent_code(code: str) -> str | None:
    return code.rsplit(".", 1)[0] if "." in code else None


def ensure_categories(Category=None) -> None:  # noqa: N803 - a model class, as in migrations
    """Create or update the tree (idempotent; run by a data migration and the demo loader).

    Only a category that differs is written: saving one reindexes every resource in it
    (directory/signals.py), and the loaders call this for every municipality they load."""
    if Category is None:
        from directory.models import Category

    existing = {c.code: c for c in Category.objects.all()}
    for order, (code, name, short, icon, description) in enumerate(CATEGORY_TREE):
        parent = parent_code(code)
        values = {
            "name": name,
            "short_name": short,
            "icon": icon,
            "description": description,
            "sort_order": order,
            "parent_id": existing[parent].pk if parent else None,
        }
        category = existing.get(code)
        if category is None:
            existing[code] = Category.objects.create(code=code, **values)
        elif any(getattr(category, key) != value for key, value in values.items()):
            for key, value in values.items():
                setattr(category, key, value)
            category.save()
