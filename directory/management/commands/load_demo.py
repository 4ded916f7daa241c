"""manage.py load_demo [--count N] — 千葉市のデモデータ（実在の相談機関＋架空の地域資源）."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from areas.models import Area
from directory.demo import load_chiba_demo
from directory.demo_hooks import demo_loaded
from directory.models import Resource


class Command(BaseCommand):
    help = "千葉市の地域・あんしんケアセンター・保健福祉センターと、架空の地域資源（見本データ）を登録します。"

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--count", type=int, default=1200, help="架空の地域資源の件数（既定 1200）"
        )
        parser.add_argument(
            "--seed", type=int, default=20201216, help="乱数の種（同じ種なら同じデータ）"
        )

        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="地域資源がすでにあれば何もしない（make run が毎回データを作り直さないため）",
        )

    def handle(self, *args, count: int, seed: int, if_empty: bool, **options) -> None:
        if if_empty and Resource.objects.exists():
            self.stdout.write(
                f"地域資源が {Resource.objects.count():,} 件あるため、デモデータは読み込みません。"
            )
            return
        started = time.monotonic()
        result = load_chiba_demo(count=count, seed=seed)
        municipality = Area.objects.get(code=result["municipality"])
        added = [
            str(line)
            for _, line in demo_loaded.send(sender=self.__class__, municipality=municipality)
            if line
        ]
        elapsed = time.monotonic() - started
        lines = [
            f"千葉市（{result['municipality']}）: 区 {result['wards']}・日常生活圏域 {result['spheres']}"
            f"・町丁目 {result['towns']:,}（圏域外 {result['towns_outside_spheres']}）",
            f"相談機関（あんしんケアセンター・保健福祉センター）: {result['public']} 件",
            f"見本データ（架空）: 地域資源 {result['samples']:,} 件・実施主体 {result['sample_providers']:,} 件"
            + (
                f"（前回の見本 {result['deleted_samples']:,} 件は削除）"
                if result["deleted_samples"]
                else ""
            ),
            "検索用の索引を作り直しました"
            if result["indexed"]
            else "検索モジュールがないため索引は作っていません",
            *added,
            f"（{elapsed:.1f}秒）",
        ]
        self.stdout.write("\n".join(lines))
