"""The population file (areas/population.py): e-Stat's 小地域 table as published and the
simple 町丁目 + 65歳以上 CSV; bad rows named by row and column, all or nothing."""

from __future__ import annotations

from pathlib import Path

from areas import population
from areas.models import Area, PopulationImport, TownPopulation
from tests.base import DirectoryTestCase

DATA = Path(__file__).parent / "data" / "population"
ESTAT = (DATA / "estat_chiba_sample.csv").read_bytes()
SIMPLE = (DATA / "simple_chiba_sample.csv").read_bytes()


def edited(data: bytes, old: str, new: str) -> bytes:
    text = data.decode("cp932")
    assert old in text
    return text.replace(old, new, 1).encode("cp932")


AGED_COLUMN = 25  # 総数６５歳以上: the 19th of the 総数 columns, after the 7 code columns


def with_aged(town: str, value: str) -> tuple[bytes, int]:
    """The e-Stat sample with one town's 総数６５歳以上 cell changed, and its row number."""
    text = ESTAT.decode("cp932").splitlines()
    row = next(i for i, line in enumerate(text) if town in line)
    cells = text[row].split(",")
    cells[AGED_COLUMN] = value
    text[row] = ",".join(cells)
    return "\r\n".join(text).encode("cp932"), row + 1


class PopulationImportTest(DirectoryTestCase):
    def town(self, name: str) -> Area:
        return Area.objects.get(code=f"121011-{name}")

    def current(self) -> dict[str, int]:
        rows = TownPopulation.objects.current(self.chiba).select_related("town")
        return {r.town.name: r.aged_65_plus for r in rows}

    def run_import(self, data: bytes, skip: bool = False):
        return population.import_csv(
            self.chiba, data, skip=skip, file_name="t.csv", source="テスト"
        )

    def test_it_reads_the_estat_table_as_published(self) -> None:
        reading, batch = self.run_import(ESTAT)
        self.assertIsNotNone(batch, reading.errors + reading.skippable)
        self.assertEqual(
            self.current(),
            {
                "院内一丁目": 286,
                "院内二丁目": 194,
                "弁天一丁目": 218,
                "弁天二丁目": 232,
                "弁天三丁目": 279,
                "弁天四丁目": 228,
            },
        )
        # 仙台市 and 船橋市 rows are other cities; the ward and the 町 rows are sums.
        self.assertEqual(reading.other_rows, 3)
        self.assertEqual(reading.sums, 3)
        self.assertEqual(batch.kind, PopulationImport.Kind.ESTAT)

    def test_it_sums_the_bands_when_there_is_no_65_plus_column(self) -> None:
        labels = ["総数６０〜６４歳", "総数６５〜６９歳", "総数７０〜７４歳", "総数７５歳以上"]
        self.assertEqual(population._aged_columns(labels), [1, 2, 3])
        self.assertIsNone(population._aged_columns(["総数６５〜６９歳", "総数７５歳以上"]))

    def test_it_names_a_bad_number_by_row_and_column_and_saves_nothing(self) -> None:
        bad = edited(ESTAT, "院内１丁目,0,,,", "院内１丁目,0,,,abc")  # 総数 (first column)
        self.assertIsNotNone(self.run_import(bad)[1])  # a column the import does not read
        bad, line = with_aged("院内２丁目", "12人")
        reading, batch = self.run_import(bad, skip=True)
        self.assertIsNone(batch)
        self.assertIn(
            f"{line}行目（千葉市中央区院内２丁目）「総数65歳以上」: 「12人」は人数ではありません。",
            reading.errors,
        )

    def test_it_names_hidden_values_and_takes_them_only_when_asked(self) -> None:
        data, line = with_aged("弁天３丁目", "X")
        reading, batch = self.run_import(data)
        self.assertIsNone(batch)
        self.assertEqual(
            reading.skippable,
            [
                f"{line}行目（千葉市中央区弁天３丁目）「総数65歳以上」: 秘匿されています（不明のままにします）。"
            ],
        )
        self.assertFalse(PopulationImport.objects.exists())
        reading, batch = self.run_import(data, skip=True)
        self.assertIsNotNone(batch)
        self.assertNotIn("弁天三丁目", self.current())  # unknown, never 0

    def test_it_names_a_row_that_matches_no_town(self) -> None:
        bad = edited(ESTAT, "弁天４丁目", "弁天９丁目")
        reading, batch = self.run_import(bad)
        self.assertIsNone(batch)
        self.assertTrue(
            any("弁天９丁目）: この市の町丁目に見つかりません。" in s for s in reading.skippable),
            reading.skippable,
        )

    def test_it_reads_the_dash_as_no_one(self) -> None:
        dash, line = with_aged("弁天１丁目", "-")
        reading, batch = self.run_import(dash)
        self.assertIsNotNone(batch)
        self.assertEqual(self.current()["弁天一丁目"], 0)
        self.assertTrue(any("「-」（該当なし）" in n for n in reading.notes))

    def test_it_reads_the_simple_csv(self) -> None:
        reading, batch = self.run_import(SIMPLE)
        self.assertIsNotNone(batch, reading.errors)
        self.assertEqual(self.current(), {"院内一丁目": 286, "院内二丁目": 194, "弁天一丁目": 218})

    def test_it_refuses_the_simple_csv_with_bad_rows(self) -> None:
        data = (
            "町丁目,65歳以上\n院内一丁目,-5\n,3\n院内一丁目,4\n院内一丁目,5\nどこか町,9\n".encode()
        )
        reading, batch = self.run_import(data, skip=True)
        self.assertIsNone(batch)
        self.assertEqual(
            reading.errors,
            [
                "2行目（院内一丁目）「65歳以上」: 「-5」は人数ではありません。",
                "3行目「町丁目」: 空です。",
                "5行目: 「院内一丁目」が前の行にもあります。",
            ],
        )
        self.assertEqual(reading.skippable, ["6行目（どこか町）: この市の町丁目に見つかりません。"])
        self.assertFalse(TownPopulation.objects.exists())

    def test_it_refuses_files_it_cannot_read(self) -> None:
        for data, message in [
            (b"\xff\xfe\x00a", "文字コードを読めません"),
            ("名前,人数\na,1\n".encode(), "「町丁目」と「65歳以上」"),
            (b"", "ファイルが空です"),
            ("町丁目,65歳以上\n院内一丁目,2000000\n".encode(), "1,000,000人を超えています"),
        ]:
            reading, batch = self.run_import(data)
            self.assertIsNone(batch)
            self.assertIn(message, " ".join(reading.errors))

    def test_it_limits_rows(self) -> None:
        data = ("町丁目,65歳以上\n" + "院内一丁目,1\n" * (population.MAX_ROWS + 1)).encode()
        reading, batch = self.run_import(data)
        self.assertEqual(reading.errors, [f"行が多すぎます（上限 {population.MAX_ROWS:,}行）。"])

    def test_it_keeps_older_imports_and_uses_the_newest(self) -> None:
        self.run_import(ESTAT)
        self.run_import(SIMPLE)
        self.assertEqual(PopulationImport.objects.count(), 2)
        self.assertEqual(len(self.current()), 3)
