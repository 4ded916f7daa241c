"""areas/readings.py: town readings from Japan Post's data, then SudachiPy, never invented."""

from areas import readings
from areas.models import Area
from tests.base import DirectoryTestCase


class ReadingTest(DirectoryTestCase):
    def test_it_prefers_the_post_offices_reading_of_a_place_name(self):
        postal = readings.postal_readings("千葉県", "千葉市")
        self.assertEqual(postal["登戸"], "のぶと")  # SudachiPy alone reads のぼりと
        self.assertEqual(readings.town_reading("星久喜町", postal), "ほしぐきちょう")
        self.assertEqual(readings.town_reading("新千葉一丁目", postal), "しんちばいっちょうめ")

    def test_it_falls_back_to_the_dictionary_and_never_invents(self):
        self.assertEqual(readings.town_reading("新千葉", {}), "しんちば")
        # a name the dictionary cannot read whole keeps no reading
        self.assertEqual(readings.town_reading("鬮鬯町", {}), "")

    def test_it_fills_every_chiba_town_on_load_and_for_databases_loaded_before(self):
        towns = Area.objects.towns().filter(municipality=self.chiba)
        self.assertEqual(towns.filter(kana="").count(), 0)
        self.assertEqual(towns.get(code="121011-登戸一丁目").kana, "のぶといっちょうめ")
        # as the data migration does for a database whose towns have none yet
        towns.update(kana="")
        changed = readings.fill_town_kana(Area, self.chiba)
        self.assertEqual(changed, towns.count())
        self.assertEqual(towns.filter(kana="").count(), 0)
        # an admin's reading is kept
        town = towns.get(code="121011-院内一丁目")
        town.kana = "いんないいっちょうめ（手入力）"
        town.save()
        readings.fill_town_kana(Area, self.chiba)
        town.refresh_from_db()
        self.assertEqual(town.kana, "いんないいっちょうめ（手入力）")
