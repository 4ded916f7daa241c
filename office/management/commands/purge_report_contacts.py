"""manage.py purge_report_contacts [--days N] [--dry-run] — run daily (a systemd timer).

A correction report's 連絡先 (name, phone, e-mail the sender chose to give) is kept for
answering that report only: N days after the report was received it is erased, together
with the keyed hash of the sender's address (the hour's report limit needs it for an hour).
What was reported, and how it was handled, stay. See docs/deploy.md.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from office.reports import purge_contacts


class Command(BaseCommand):
    help = (
        "受け付けてから N 日を過ぎた「情報の誤りの報告」の連絡先（と送信元の記録）を消します"
        "（毎日1回実行してください）。報告の内容と対応の記録は残ります。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=settings.SASAEAI_REPORT_CONTACT_DAYS,
            help="連絡先を残す日数（既定: SASAEAI_REPORT_CONTACT_DAYS）",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="消さずに、消す件数だけを表示します"
        )

    def handle(self, *args, days: int, dry_run: bool, **options) -> None:
        if days < 1:
            raise CommandError(f"--days は1以上の日数にしてください（いまは {days} です）。")
        count = purge_contacts(days, dry_run=dry_run)
        verb = "消します（--dry-run のため消していません）" if dry_run else "消しました"
        self.stdout.write(f"受け付けから{days}日を過ぎた報告 {count:,} 件の連絡先を{verb}。")
