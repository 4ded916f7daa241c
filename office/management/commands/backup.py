"""manage.py backup [--out FILE] — a consistent copy of the database (photos and history
included) and media, in one archive (sasaeai/lib/backup.py; docs/deploy.md)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from sasaeai.lib.backup import BackupError, make_backup


class Command(BaseCommand):
    help = "データベース（写真・変更履歴を含む）とメディアを1つのファイルにバックアップします。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--out",
            type=Path,
            help="書き出すファイル（既定: var/backups/sasaeai-日時.tar.gz）",
        )

    def handle(self, *args, out: Path | None, **options) -> None:
        if out is None:
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
            out = Path(settings.BASE_DIR) / "var" / "backups" / f"sasaeai-{stamp}.tar.gz"
        try:
            manifest = make_backup(out)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["rows"].values())
        self.stdout.write(
            f"バックアップを作りました: {out}（{manifest['engine']}、{rows:,} 行、"
            f"{out.stat().st_size / 1e6:.1f} MB）"
        )
