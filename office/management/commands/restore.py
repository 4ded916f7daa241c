"""manage.py restore FILE [--noinput] — put back what manage.py backup wrote: the whole
database as it was then, and media (sasaeai/lib/backup.py; docs/deploy.md)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sasaeai.lib.backup import (
    BackupError,
    applied_migrations,
    read_manifest,
    restore_backup,
    row_counts,
)


class Command(BaseCommand):
    help = (
        "manage.py backup で作ったファイルから、データベースとメディアをその時点の状態に戻します。"
        "いまのデータはすべて置き換わります。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="manage.py backup が作ったファイル")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="確認せずに戻します",
        )

    def handle(self, *args, file: Path, interactive: bool, **options) -> None:
        try:
            manifest = read_manifest(file)
            if interactive:
                answer = input(
                    f"{manifest['created_at']} のバックアップに戻します。いまのデータはすべて"
                    "置き換わります。よろしければ yes と入力してください: "
                )
                if answer.strip() != "yes":
                    raise CommandError("取りやめました。何も変えていません。")
            restore_backup(file)
        except BackupError as error:
            raise CommandError(str(error)) from error
        now = row_counts()
        differ = [
            f"{table}: {count} → {now.get(table)}"
            for table, count in manifest["rows"].items()
            if now.get(table) != count
        ]
        if differ:
            raise CommandError("戻したあとの行数がバックアップと違います: " + "、".join(differ))
        self.stdout.write(
            f"{manifest['created_at']} のバックアップに戻しました"
            f"（{sum(manifest['rows'].values()):,} 行、表ごとの行数も一致）。"
        )
        if manifest["migrations"] != applied_migrations():
            self.stdout.write(
                "バックアップの時点と、いまのプログラムのデータベースの形が違います。"
                "manage.py migrate を実行してください。"
            )
