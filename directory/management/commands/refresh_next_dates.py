"""manage.py refresh_next_dates — run daily (cron or a systemd timer) after midnight."""

from django.core.management.base import BaseCommand

from directory.models import Resource


class Command(BaseCommand):
    help = "開催日が過ぎた地域資源の「次回の開催日」を更新します（毎日1回実行してください）。"

    def handle(self, *args, **options) -> None:
        changed = Resource.objects.refresh_next_dates()
        self.stdout.write(f"次回の開催日を {changed:,} 件更新しました。")
