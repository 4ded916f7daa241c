"""manage.py refresh_next_dates [--background] — run daily (cron or a systemd timer) after
midnight; --background leaves the work to the worker (manage.py db_worker) and returns."""

from django.core.management.base import BaseCommand

from directory.models import Resource


class Command(BaseCommand):
    help = "開催日が過ぎた地域資源の「次回の開催日」を更新します（毎日1回実行してください）。"

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--background",
            action="store_true",
            help="更新を裏方の処理（manage.py db_worker）に任せ、すぐに終わります",
        )

    def handle(self, *args, **options) -> None:
        if options["background"]:
            from directory import tasks

            result = tasks.refresh_next_dates.enqueue()
            self.stdout.write(f"次回の開催日の更新を受け付けました（処理番号 {result.id}）。")
            return
        changed = Resource.objects.refresh_next_dates()
        self.stdout.write(f"次回の開催日を {changed:,} 件更新しました。")
