from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from office.demo import create_demo_accounts


class Command(BaseCommand):
    help = "Demo mode only: one back-office account per role, passwords printed once."

    def handle(self, *args, **options) -> None:
        if not settings.SASAEAI_DEMO:
            raise CommandError("デモモード（SASAEAI_DEMO=1）のときだけ作れます。")
        made = create_demo_accounts()
        if not made:
            self.stdout.write(
                "デモ用アカウントは作成済みです（パスワードは作成時に一度だけ表示しました）。"
            )
            return
        self.stdout.write("デモ用アカウント（このパスワードは今回だけ表示します）:")
        for username, password, role, areas in made:
            where = f"（{areas}）" if areas else ""
            self.stdout.write(f"  {username:20} {password}  {role}{where}")
        self.stdout.write("ログイン: http://127.0.0.1:8000/office/login/")
