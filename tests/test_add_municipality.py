"""manage.py add_municipality: a second city from its code, its towns from the shipped file,
its 日常生活圏域 and 相談機関 from a CSV in the shape of Chiba's list (areas/spheres.py)."""

from __future__ import annotations

import csv
import io
from io import StringIO
from pathlib import Path

from django.core.management import CommandError, call_command

from areas import loader, municipalities, spheres
from areas.models import Area
from directory.models import Resource
from tests.base import DirectoryTestCase

FUNABASHI_AREAS = Path(__file__).parent / "data" / "funabashi_areas.csv"


class CodeTest(DirectoryTestCase):
    def test_it_reads_five_or_six_digits_and_checks_the_sixth(self):
        self.assertEqual(municipalities.six_digits("12204"), "122041")
        self.assertEqual(municipalities.six_digits("122041"), "122041")
        self.assertEqual(municipalities.six_digits("１２２０４"), "122041")
        with self.assertRaisesMessage(ValueError, "6桁目（検査数字）が合いません"):
            municipalities.six_digits("122045")
        with self.assertRaisesMessage(ValueError, "5桁か6桁の数字"):
            municipalities.six_digits("船橋市")

    def test_it_finds_cities_and_the_wards_of_a_designated_city(self):
        self.assertEqual(municipalities.lookup("12204").name, "船橋市")
        chiba = municipalities.lookup("121002")
        self.assertEqual((chiba.name, chiba.kana), ("千葉市", "ちばし"))
        self.assertEqual(chiba.wards["美浜区"], "121061")
        self.assertEqual(municipalities.lookup("24208").name, "名張市")
        self.assertEqual(municipalities.lookup("11214").name, "春日部市")
        with self.assertRaisesMessage(ValueError, "同梱の一覧"):
            municipalities.lookup("99999")


class CoverageTest(DirectoryTestCase):
    def test_it_splits_the_city_s_writing_into_towns_and_ranges(self):
        self.assertEqual(
            spheres.split_coverage("院内、春日・要町、朝日ヶ丘1～3丁目・5丁目"),
            ["院内", "春日", "要町", "朝日ヶ丘1～3丁目・5丁目"],
        )
        base, numbers = loader.parse_token("朝日ヶ丘1～3丁目・5丁目")
        self.assertEqual((base, numbers), ("朝日ケ丘", {1, 2, 3, 5}))


class AddMunicipalityTest(DirectoryTestCase):
    def add(self, *args: str) -> str:
        out = StringIO()
        call_command("add_municipality", *args, stdout=out)
        return out.getvalue()

    def test_it_refuses_a_wrong_check_digit_in_japanese_and_adds_nothing(self):
        before = Area.objects.count()
        with self.assertRaisesMessage(CommandError, "12204 の6桁のコードは 122041 です"):
            self.add("122045")
        self.assertEqual(Area.objects.count(), before)

    def test_it_loads_the_towns_the_spheres_and_their_centre(self):
        out = self.add("12204", "--areas", str(FUNABASHI_AREAS))
        self.assertIn("千葉県船橋市（122041）: 区 0・町丁目 327", out)
        city = Area.objects.get(code="122041")
        sphere = Area.objects.get(code="122041-見本塚田")
        self.assertEqual((sphere.name, sphere.parent_id), ("見本塚田圏域", city.pk))
        towns = sorted(a.name for a in Area.objects.within(sphere).towns())
        self.assertEqual(
            towns,
            ["前貝塚町", "夏見一丁目", "夏見三丁目", "旭町一丁目"]
            + ["行田一丁目", "行田三丁目", "行田二丁目"],
        )
        centre = Resource.objects.get(municipality=city, categories__code="6.1")
        self.assertEqual(centre.name, "見本塚田地域包括支援センター")
        self.assertEqual((centre.town.name, centre.phone), ("前貝塚町", "047-555-0101"))
        self.assertEqual(list(centre.served_areas.all()), [sphere])
        self.assertEqual(centre.status, Resource.Status.PUBLISHED)
        # Again: nothing new.
        counts = (Area.objects.count(), Resource.objects.count())
        self.add("122041", "--areas", str(FUNABASHI_AREAS))
        self.assertEqual((Area.objects.count(), Resource.objects.count()), counts)

    def test_it_names_line_and_column_of_every_error_and_changes_nothing(self):
        bad = self.write(
            "圏域名,区,担当地区,相談機関,住所,電話\n"
            "見本圏域,,前貝塚町、存在しない町1丁目,,,\n"
            "見本圏域,,行田1丁目,,,\n"
            "別の圏域,,前貝塚町,,,\n"
        )
        before = Area.objects.count()
        with self.assertRaises(CommandError) as caught:
            self.add("12204", "--areas", bad)
        message = str(caught.exception)
        self.assertIn(
            "2行目・3列目（担当地区）: 「存在しない町1丁目」という町丁目が船橋市にありません",
            message,
        )
        self.assertIn("3行目・1列目（圏域名）: 「見本圏域」は 2行目にもあります", message)
        self.assertIn(
            "4行目・3列目（担当地区）: 前貝塚町は2行目の「見本圏域」も担当しています", message
        )
        self.assertIn("何も取り込んでいません", message)
        self.assertEqual(Area.objects.count(), before)  # not even the towns

    def test_it_reads_chibas_own_list_into_the_same_spheres(self):
        """Chiba's published 担当地区, written into the CSV shape, give the tree load_demo made."""
        rows = io.StringIO()
        writer = csv.writer(rows)
        writer.writerow(spheres.COLUMNS)
        for center in loader.chiba_centers():
            writer.writerow(
                [f"{center['short']}圏域", center["ward"], center["coverage"], "", "", ""]
            )
        before = {
            a.code: sorted(Area.objects.within(a).towns().values_list("pk", flat=True))
            for a in Area.objects.filter(kind=Area.Kind.SPHERE, municipality=self.chiba)
        }
        found = spheres.load_spheres(self.chiba, rows.getvalue().encode("cp932"))
        self.assertEqual(found.errors, [])
        after = {
            a.code: sorted(Area.objects.within(a).towns().values_list("pk", flat=True))
            for a in Area.objects.filter(kind=Area.Kind.SPHERE, municipality=self.chiba)
        }
        self.assertEqual(after, before)
        self.assertEqual(len(after), 28)

    def test_load_areas_takes_six_digits_too(self):
        out = StringIO()
        call_command("load_areas", "千葉県", "船橋市", "122041", stdout=out)
        self.assertIn("船橋市（122041）", out.getvalue())
        with self.assertRaisesMessage(CommandError, "検査数字"):
            call_command("load_areas", "千葉県", "船橋市", "122040", stdout=out)

    def write(self, text: str) -> str:
        import tempfile

        folder = tempfile.mkdtemp()
        path = Path(folder) / "areas.csv"
        path.write_text(text, encoding="utf-8")
        self.addCleanup(lambda: (path.unlink(), Path(folder).rmdir()))
        return str(path)
