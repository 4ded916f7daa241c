"""manage.py add_municipality 12204 [--areas FILE.csv] — put a city on the installation.

Its towns come from the shipped towns file (data/japan_towns.csv.gz) and its name from the
shipped code list (data/municipalities.csv); with --areas, its 日常生活圏域 and their 相談機関
from a CSV in the shape of Chiba's list (areas/spheres.py). All or nothing: an error in the
file changes nothing. Run it again with a corrected file at any time.
"""

from __future__ import annotations

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from areas import loader, municipalities, spheres
from areas.models import Area
from directory.consultation import load_centers


class Command(BaseCommand):
    help = "市区町村を追加します（町丁目は同梱のデータから。--areas で日常生活圏域と相談機関も）。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("code", help="全国地方公共団体コード（5桁か6桁。例: 12204 船橋市）")
        parser.add_argument(
            "--areas",
            metavar="FILE.csv",
            help="日常生活圏域の一覧（見出し: " + ",".join(spheres.COLUMNS) + "）",
        )

    def handle(self, *args, code: str, areas: str | None, **options) -> None:
        started = time.monotonic()
        try:
            entry = municipalities.lookup(code)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        data = None
        if areas:
            path = Path(areas)
            if not path.is_file():
                raise CommandError(f"圏域のファイル {areas} が見つかりません。")
            data = path.read_bytes()
        self.lines: list[str] = []
        try:
            with transaction.atomic():
                municipality = self.load(entry, data)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write("\n".join(self.lines))
        self.stdout.write(f"（{time.monotonic() - started:.1f}秒）")
        self.stdout.write(
            f"公開ページ: /?city={municipality.code}　職員アカウント: "
            f"manage.py create_admin ユーザー名 --municipality {municipality.code}"
        )

    def load(self, entry: municipalities.Entry, data: bytes | None) -> Area:
        municipality = loader.load_municipality(entry.prefecture, entry.name, entry.code)
        within = Area.objects.within(municipality)
        self.lines.append(
            f"{entry.prefecture}{municipality.name}（{municipality.code}）: "
            f"区 {within.filter(kind=Area.Kind.WARD).count()}・"
            f"町丁目 {within.towns().count():,} を登録しました"
        )
        if data is None:
            if entry.code[:5] == loader.CHIBA_CODE5:
                report = loader.load_chiba_spheres(municipality)
                self.lines.append(f"日常生活圏域 {report.spheres}（千葉市の公開資料から）")
            else:
                self.lines.append(
                    "日常生活圏域と相談機関は --areas で取り込めます（まだありません）。"
                )
            return municipality
        found = spheres.load_spheres(municipality, data)
        if found.errors:
            raise ValueError(
                "圏域のファイルに誤りがあるため、何も取り込んでいません:\n"
                + "\n".join(found.errors)
            )
        centers = load_centers(municipality, found)
        self.lines.append(
            f"日常生活圏域 {len(found.spheres)}・圏域に入る町丁目 {found.towns_in_spheres:,}・"
            f"相談機関 {len(centers)} を登録しました"
        )
        return municipality
