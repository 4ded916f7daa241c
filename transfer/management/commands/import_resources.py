"""manage.py import_resources FILE: preview (dry run) or, with --commit, import a CSV/Excel file."""

from __future__ import annotations

import os

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.management.base import BaseCommand, CommandError, CommandParser

from areas import municipalities
from areas.models import Area
from directory.forms import default_municipality
from office.models import Staff
from transfer import importer, limits, reading
from transfer.models import SavedMapping


class Command(BaseCommand):
    help = "地域資源を CSV / Excel（.xlsx）から取り込みます（--commit なしでは確認だけ）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--commit", action="store_true", help="保存する（なしでは確認だけ）")
        parser.add_argument("--as", dest="username", help="この利用者の権限で取り込む")
        parser.add_argument("--encoding", choices=sorted(reading.ENCODINGS), help="文字コード")
        parser.add_argument("--mapping", help="保存した列の対応の名前")
        parser.add_argument("--municipality", help="市区町村コード（省略時は既定の市区町村）")
        parser.add_argument(
            "--accept-geta",
            action="store_true",
            help="〓 を含む値もそのまま取り込む（CP932 で書き出したファイルでは元の文字が失われています）",
        )

    def handle(self, *args, **options) -> None:
        path = options["file"]
        try:
            size = os.path.getsize(path)
        except OSError as error:
            raise CommandError(f"ファイルを開けません：{path}") from error
        if size > limits.max_bytes():
            raise CommandError(limits.too_big_message())
        staff, user = self.staff(options["username"])
        municipality = self.municipality(options["municipality"], staff)
        mapping = None
        if options["mapping"]:
            saved = SavedMapping.objects.filter(name=options["mapping"]).first()
            if saved is None:
                raise CommandError(
                    "列の対応「{name}」はありません。".format(name=options["mapping"])
                )
            mapping = saved.mapping
        with open(path, "rb") as handle:
            data = handle.read()
        try:
            preview = importer.preview(
                data,
                os.path.basename(path),
                staff_or_none=staff,
                municipality=municipality,
                encoding=options["encoding"],
                mapping=mapping,
            )
        except limits.FileRejectedError as error:
            raise CommandError(error.message) from error
        for line in importer.summary_lines(preview):
            self.stdout.write(line)
        if not options["commit"]:
            self.stdout.write("確認だけです。保存するには --commit を付けてください。")
            return
        try:
            result = importer.commit(preview, user, accept_geta=options["accept_geta"])
        except importer.ImportRefusedError as error:
            raise CommandError(error.message) from error
        self.stdout.write(
            f"取り込みました：新規 {len(result.created)}件、変更 {len(result.changed)}件。"
        )

    def staff(self, username: str | None) -> tuple[Staff | None, AbstractBaseUser | None]:
        if not username:
            return None, None
        user = get_user_model().objects.filter(username=username).first()
        staff = Staff.objects.filter(user=user).prefetch_related("areas").first() if user else None
        if staff is None:
            raise CommandError(f"事務局のアカウント「{username}」はありません。")
        if not staff.can_write:
            raise CommandError("閲覧者のアカウントでは取り込めません。")
        return staff, user

    def municipality(self, code: str | None, staff: Staff | None) -> Area:
        if code:
            try:
                return municipalities.installed(code)
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
        area = staff.municipality if staff else default_municipality()
        if area is None:
            raise CommandError("市区町村がありません。先に地域データを読み込んでください。")
        return area
