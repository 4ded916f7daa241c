"""manage.py send_digests — run daily (sasaeai-daily.timer, docs/deploy.md).

Each coordinator who chose 「1日1回まとめて」 gets one mail of the items that arrived since
their last digest; immediate notices that could not go at once (the mail server refused them,
or no worker ran) go into it too. Each notice is sent once: a second run the same day finds
nothing to send (office/mailing.py). Exits with status 1 when a mail could not be sent (the
timer's journal shows it; the notices stay for the next run).
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from office import mailing


class Command(BaseCommand):
    help = (
        "「1日1回まとめて」を選んだコーディネーターに、前回のあとに届いた報告・提案・アイデアの"
        "お知らせを1通ずつ送ります（毎日1回実行してください）。"
    )

    def handle(self, *args, **options) -> None:
        sent, failed = mailing.send_digests()
        self.stdout.write(f"まとめてお知らせのメールを{sent:,}通送りました。")
        if failed:
            raise CommandError(
                f"{failed:,}人へのメールを送れませんでした（理由は各お知らせに記録しています）。"
                "次に実行したときにもう一度送ります。"
            )
