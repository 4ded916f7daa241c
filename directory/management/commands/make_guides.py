"""manage.py make_guides [--municipality CODE] [--out DIR] [--site-url URL]

Makes the 地域資源ガイド (all categories) of every 日常生活圏域, every 区 and the whole city at
once — run it at night after the day's changes, so residents' requests are served from the
cache instead of waiting for the background worker (directory/booklets.py) — and writes the
PDFs to DIR if given. One line per booklet: its name, pages and seconds.
"""

from __future__ import annotations

import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from areas import municipalities
from areas.models import Area
from directory import guide
from directory.forms import default_municipality
from sasaeai.lib import downloads


class Command(BaseCommand):
    help = "日常生活圏域・区・市全体の地域資源ガイド（PDF）をまとめて作り、キャッシュに入れます。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--municipality", help="全国地方公共団体コード（省略時は既定の市）")
        parser.add_argument("--out", help="PDFを書き出すフォルダー")
        parser.add_argument(
            "--site-url",
            default="",
            help="QRコードに入れるサイトのアドレス（省略時は SASAEAI_SITE_URL）",
        )

    def handle(self, *args, **options) -> None:
        code = options["municipality"]
        try:
            municipality = municipalities.installed(code) if code else default_municipality()
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if municipality is None:
            raise CommandError(f"市区町村が見つかりません：{code or '（既定）'}")
        site_url = options["site_url"] or settings.SASAEAI_SITE_URL or "http://127.0.0.1:8000/"
        out = Path(options["out"]) if options["out"] else None
        if out:
            out.mkdir(parents=True, exist_ok=True)
        today = timezone.localdate()
        # The small booklets first: a night cut short has made the most asked-for ones.
        areas = [
            *Area.objects.filter(municipality=municipality, kind=Area.Kind.SPHERE).order_by("path"),
            *Area.objects.filter(municipality=municipality, kind=Area.Kind.WARD).order_by("path"),
            municipality,
        ]
        total = 0
        for area in areas:
            started = time.perf_counter()
            choice = guide.Choice(area=area)
            try:
                booklet = guide.make_guide(choice, site_url, today)
            except guide.TooLargeError as refused:
                self.stdout.write(f"{guide.area_title(area)}: 作りませんでした。{refused.message}")
                continue
            seconds = time.perf_counter() - started
            total += 1
            name = guide.area_title(area)
            line = f"{name}: {booklet.pages}ページ, {seconds:.1f}秒"
            if booklet.cached:
                line += "（キャッシュ済み）"
            if out:
                _ascii, filename = downloads.filename(*guide.filename_stem(choice), "pdf", today)
                (out / filename).write_bytes(booklet.pdf)
                line += f" → {out / filename}"
            self.stdout.write(line)
        self.stdout.write(f"{total}冊のガイドを作りました。")
