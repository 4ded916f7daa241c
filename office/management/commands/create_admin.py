"""manage.py create_admin NAME [--municipality CODE] — the first account of an installation
or of a city, working at /office/ at once.

Without --municipality: the installation's 全体の管理者 (every city; the cities' 管理者
accounts). With it (5 or 6 digits): that city's 管理者. The password is asked twice on a
terminal, read from SASAEAI_ADMIN_PASSWORD when set (scripts), or else made up and printed
once. Django's password rules apply (10+ characters, not common, not all digits).
"""

from __future__ import annotations

import getpass
import os
import secrets
import sys

from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from areas import municipalities
from office.models import Staff


class Command(BaseCommand):
    help = "管理者アカウントを作ります（--municipality なしなら全体の管理者）。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("username", help="ログインに使う名前")
        parser.add_argument(
            "--municipality", help="その市区町村の管理者にする（コード5桁か6桁。例: 12204）"
        )
        parser.add_argument("--name", default="", help="表示名（例: 船橋市 地域包括ケア推進課）")

    def handle(self, *args, username: str, municipality: str | None, name: str, **options):
        city = None
        if municipality:
            try:
                city = municipalities.installed(municipality)
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
        if User.objects.filter(username=username).exists():
            raise CommandError(
                f"「{username}」というアカウントはもうあります。別の名前にするか、"
                f"manage.py changepassword {username} でパスワードを変えてください。"
            )
        password, shown = self.password()
        user = User(username=username, last_name=name)
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise CommandError("パスワードが使えません: " + " ".join(exc.messages)) from exc
        with transaction.atomic():
            user.set_password(password)
            user.save()
            if city is None:
                Staff.objects.create(user=user, role=Staff.Role.INSTALLATION, organisation=name)
            else:
                staff = Staff.objects.create(
                    user=user, role=Staff.Role.ADMIN, municipality=city, organisation=name
                )
                staff.areas.set([city])
        role = f"{city.name}の管理者" if city else "全体の管理者（すべての市区町村）"
        self.stdout.write(f"{username} を{role}として作りました。")
        if shown:
            self.stdout.write(f"パスワード（今回だけ表示します）: {password}")
        self.stdout.write("ログイン: /office/login/")

    def password(self) -> tuple[str, bool]:
        """(password, whether to print it)."""
        if os.environ.get("SASAEAI_ADMIN_PASSWORD"):
            return os.environ["SASAEAI_ADMIN_PASSWORD"], False
        if sys.stdin.isatty():
            first = getpass.getpass("パスワード: ")
            if first != getpass.getpass("パスワード（もう一度）: "):
                raise CommandError("2回のパスワードが違います。")
            return first, False
        return secrets.token_urlsafe(12), True
