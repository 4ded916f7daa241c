"""manage.py generate_resources N [--municipality 121002] — 架空の地域資源を大量に追加（性能試験用）."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from areas import municipalities
from directory.demo import finish, generate_resources
from directory.models import Resource


class Command(BaseCommand):
    help = "架空の地域資源（見本データ）を指定件数だけ追加します（性能試験用）。先に load_areas で地域を登録してください。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("count", type=int, help="追加する件数")
        parser.add_argument(
            "--municipality",
            default="121002",
            help="市区町村コード（5桁か6桁。既定 121002 千葉市）",
        )
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--batch", type=int, default=5000, help="一度に書き込む件数")
        parser.add_argument("--no-index", action="store_true", help="検索用の索引を作らない")

    def handle(
        self, *args, count: int, municipality: str, seed: int, batch: int, no_index: bool, **options
    ) -> None:
        try:
            municipality = municipalities.installed(municipality).code
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        last = Resource.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        started = time.monotonic()
        written = generate_resources(count, municipality_code=municipality, seed=seed, batch=batch)
        self.stdout.write(
            f"架空の地域資源を {written:,} 件追加しました（{time.monotonic() - started:.1f}秒）"
        )
        if no_index or not written:
            return
        started = time.monotonic()
        ids = list(
            Resource.objects.filter(pk__gt=last, municipality__code=municipality, is_sample=True)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        indexed = False
        for start in range(0, len(ids), batch):
            indexed = finish(ids[start : start + batch])
        if indexed:
            self.stdout.write(f"検索用の索引を作りました（{time.monotonic() - started:.1f}秒）")
        else:
            self.stdout.write("検索モジュールがないため索引は作っていません")
