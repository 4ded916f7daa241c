"""manage.py load_areas 千葉県 千葉市 12100 — set up a municipality's area tree from the towns file.

The code has 5 digits or 6 (the 6th, the check digit, is checked). `add_municipality CODE`
finds the name by itself and takes the city's 日常生活圏域 file too.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from areas import loader
from areas.models import Area


class Command(BaseCommand):
    help = "町丁目データから市区町村（政令市は区も）と町丁目を登録します。千葉市は日常生活圏域も。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("prefecture", help="都道府県（例: 千葉県）")
        parser.add_argument("name", help="市区町村（例: 千葉市）")
        parser.add_argument(
            "code5", help="全国地方公共団体コード（5桁か6桁。例: 12100 または 121002）"
        )

    def handle(self, *args, prefecture: str, name: str, code5: str, **options) -> None:
        started = time.monotonic()
        try:
            municipality = loader.load_municipality(prefecture, name, code5)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        areas = Area.objects.within(municipality)
        wards = areas.filter(kind=Area.Kind.WARD).count()
        towns = areas.towns().count()
        self.stdout.write(
            f"{prefecture}{municipality.name}（{municipality.code}）: 区 {wards}・町丁目 {towns:,} を登録しました"
        )
        if municipality.code[:5] == loader.CHIBA_CODE5:
            report = loader.load_chiba_spheres(municipality)
            self.stdout.write(
                f"日常生活圏域 {report.spheres}（あんしんケアセンターの担当地区）: "
                f"圏域に属する町丁目 {report.towns_in_spheres:,}、どの圏域にも入らない町丁目 {report.uncovered:,}"
            )
            for token in report.unmatched_tokens:
                self.stderr.write(f"担当地区の町名が見つかりません: {token}")
            for town in report.claimed_twice:
                self.stderr.write(f"二つの圏域が担当している町丁目: {town}")
            from areas.landmarks import load_chiba_stations

            stations = load_chiba_stations(municipality)
            self.stdout.write(
                f"駅（国土数値情報 鉄道データ）: 新しく {stations.created}・更新 {stations.updated}"
            )
        self.stdout.write(f"（{time.monotonic() - started:.1f}秒）")
