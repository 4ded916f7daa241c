"""manage.py load_areas: a city's area tree again, with Chiba's 圏域 and stations."""

from io import StringIO

from django.core.management import call_command

from areas.models import Area, Landmark
from tests.base import DirectoryTestCase


class LoadAreasTest(DirectoryTestCase):
    def test_it_reloads_chiba_with_its_stations_and_readings(self):
        Landmark.objects.all().delete()
        out = StringIO()
        call_command("load_areas", "千葉県", "千葉市", "12100", stdout=out)
        self.assertIn("駅（国土数値情報 鉄道データ）: 新しく 47・更新 0", out.getvalue())
        self.assertEqual(Landmark.objects.filter(municipality=self.chiba).count(), 47)
        self.assertFalse(Area.objects.towns().filter(municipality=self.chiba, kana="").exists())
