"""manage.py import_resources: dry run by default, --commit saves, --as applies permissions."""

from __future__ import annotations

import io
from pathlib import Path

from django.core.management import CommandError, call_command

from directory.models import Resource
from office.models import Revision
from tests.base import OfficeTestCase
from transfer.models import SavedMapping

DATA = Path(__file__).parent / "data" / "import"


class ImportCommandTest(OfficeTestCase):
    def run_command(self, *args: str) -> str:
        out = io.StringIO()
        call_command("import_resources", *args, stdout=out)
        return out.getvalue()

    def test_it_prints_the_preview_and_saves_nothing_without_commit(self):
        output = self.run_command(str(DATA / "ours-utf8-bom.csv"))
        self.assertIn("新規 2件、変更 0件、変更なし 0件、エラー 0件", output)
        self.assertIn("実施主体「院内カフェの会」を新しく登録します", output)
        self.assertIn("--commit", output)
        self.assertFalse(Resource.objects.filter(name="院内体操クラブ").exists())

    def test_it_lists_errors_with_row_column_and_the_verbatim_value(self):
        mapping = {
            "番号": "",
            "活動名": "name",
            "カテゴリ": "categories",
            "所在地": "address",
            "開催日時": "schedule",
            "参加費": "fee",
            "連絡先": "phone",
        }
        SavedMapping.objects.create(name="市の一覧", mapping=mapping)
        output = self.run_command(str(DATA / "city-list-cp932.csv"), "--mapping", "市の一覧")
        self.assertIn("新規 2件", output)
        self.assertIn("注意 3行目「開催日時」：日程を読み取れませんでした", output)
        self.assertIn("［よくわからない日程］", output)
        self.run_command(
            str(DATA / "city-list-cp932.csv"),
            "--mapping",
            "市の一覧",
            "--encoding",
            "cp932",
            "--commit",
        )
        self.assertEqual(
            Resource.objects.get(name="院内さんぽの会").schedule_note, "よくわからない日程"
        )
        with self.assertRaisesRegex(CommandError, "列の対応「ない」はありません"):
            self.run_command(str(DATA / "city-list-cp932.csv"), "--mapping", "ない")

    def test_it_commits_as_a_system_import_without_a_user(self):
        output = self.run_command(str(DATA / "ours-utf8-bom.csv"), "--commit")
        self.assertIn("取り込みました：新規 2件、変更 0件", output)
        club = Resource.objects.get(name="院内体操クラブ")
        revision = Revision.objects.get(resource=club)
        self.assertIsNone(revision.user)
        self.assertEqual(revision.comment, "ファイルから取り込み：ours-utf8-bom.csv")
        again = self.run_command(str(DATA / "ours-utf8-bom.csv"))
        self.assertIn("新規 0件、変更 0件、変更なし 2件、エラー 0件", again)

    def test_it_applies_the_permissions_of_the_user_given_by_as(self):
        path = self.tmp_csv("名称,分類コード,住所\n美浜の会,5.1.1,千葉市美浜区真砂1-1-1\n")
        with self.assertRaisesRegex(CommandError, "エラーのある行"):
            self.run_command(path, "--as", "higashichiba", "--commit")
        self.assertFalse(Resource.objects.filter(name="美浜の会").exists())
        self.assertIn("担当地域の外", self.run_command(path, "--as", "chuo"))
        self.run_command(path, "--as", "city-admin", "--commit")
        revision = Revision.objects.get(resource__name="美浜の会")
        self.assertEqual(revision.user, self.admin)
        with self.assertRaisesRegex(CommandError, "閲覧者"):
            self.run_command(path, "--as", "caremanager")
        with self.assertRaisesRegex(CommandError, "アカウント「nobody」"):
            self.run_command(path, "--as", "nobody")

    def test_it_refuses_unreadable_files_with_a_message(self):
        with self.assertRaisesRegex(CommandError, "CSV でも Excel"):
            self.run_command(str(DATA / "picture.csv"))
        with self.assertRaisesRegex(CommandError, "空"):
            self.run_command(str(DATA / "empty.csv"))
        with self.assertRaisesRegex(CommandError, "開けません"):
            self.run_command(str(DATA / "missing.csv"))

    def tmp_csv(self, text: str) -> str:
        import tempfile

        folder = Path(tempfile.mkdtemp())
        path = folder / "list.csv"
        path.write_text(text, encoding="utf-8")
        self.addCleanup(lambda: (path.unlink(), folder.rmdir()))
        return str(path)

    def test_it_takes_geta_cells_only_with_accept_geta(self):
        from transfer import exporter

        self.salon.name = "𠮷田ひだまりサロン"
        self.salon.save()
        table = exporter.our_table(exporter.by_ids([self.salon.pk]), internal=True)
        path = self.tmp_csv("")
        Path(path).write_bytes(exporter.drain(exporter.csv_chunks(table, encoding="cp932")))
        output = self.run_command(path)
        self.assertIn("注意 2行目「名称」：〓 が入っています", output)
        self.assertIn("--accept-geta", output)
        with self.assertRaisesRegex(CommandError, "取り込む行がありません"):
            self.run_command(path, "--commit")
        self.run_command(path, "--commit", "--accept-geta")
        self.salon.refresh_from_db()
        self.assertEqual(self.salon.name, "〓田ひだまりサロン")
