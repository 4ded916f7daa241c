"""manage.py reindex [--municipality CODE] [--background] — rebuild the search index from the data.

Edits keep the index current by themselves (directory/signals.py); this is for after a
change made around the model layer (raw SQL, a restored backup) or to check the index.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from areas import municipalities
from directory import search


class Command(BaseCommand):
    help = "検索用の索引を、地域資源のデータから作り直します。"

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--municipality", help="全国地方公共団体コード（省略時はすべての市区町村）"
        )
        parser.add_argument(
            "--background",
            action="store_true",
            help="作り直しを裏方の処理（manage.py db_worker）に任せ、すぐに終わります",
        )

    def handle(self, *args, **options) -> None:
        municipality = None
        if code := options["municipality"]:
            try:
                municipality = municipalities.installed(code)
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
        if options["background"]:
            from directory import tasks

            result = tasks.reindex.enqueue(municipality.code if municipality else "")
            self.stdout.write(f"索引の作り直しを受け付けました（処理番号 {result.id}）。")
            return
        count = search.rebuild(municipality)
        self.stdout.write(f"{count:,} 件の地域資源の索引を作り直しました。")
