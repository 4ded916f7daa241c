"""directory/near.py: where a person is, and how far things are (run on both databases)."""

from areas.models import Area
from directory import near
from tests.base import DirectoryTestCase


class DistanceTest(DirectoryTestCase):
    def test_it_measures_a_degree_of_latitude_as_111_km(self):
        self.assertAlmostEqual(near.distance(35.0, 140.0, 36.0, 140.0), 111_195, delta=5)
        # a degree of longitude shrinks with cos(latitude): 111.2 km × cos 35° ≈ 91.1 km
        self.assertAlmostEqual(near.distance(35.0, 140.0, 35.0, 141.0), 91_080, delta=200)
        self.assertEqual(near.distance(35.6, 140.1, 35.6, 140.1), 0.0)

    def test_it_measures_known_town_points(self):
        innai1 = Area.objects.get(code="121011-院内一丁目")
        innai2 = Area.objects.get(code="121011-院内二丁目")
        kasuga1 = Area.objects.get(code="121011-春日一丁目")
        # the same figures as an equirectangular estimate, within a metre at this scale
        for other in (innai2, kasuga1):
            dy = (other.lat - innai1.lat) * 111_195
            dx = (other.lng - innai1.lng) * 111_195 * 0.8131  # cos(35.6°)
            expected = (dx * dx + dy * dy) ** 0.5
            got = near.distance(innai1.lat, innai1.lng, other.lat, other.lng)
            self.assertAlmostEqual(got, expected, delta=2)

    def test_it_says_distances_roughly_and_walking_at_an_older_pace(self):
        self.assertEqual(near.distance_text(40), "約100m以内")
        self.assertEqual(near.distance_text(780), "約800m")
        self.assertEqual(near.distance_text(1000), "約1km")
        self.assertEqual(near.distance_text(1240), "約1.2km")
        self.assertEqual(near.walk_text(780), "歩いて約13分")
        self.assertEqual(near.walk_text(10), "歩いて約1分")

    def test_its_box_holds_the_circle(self):
        place = near.Place(35.6128, 140.1206, "院内", None)
        for within in near.WITHIN:
            south, north, west, east = near.Near(place, within).bbox()
            # the circle's four extreme points lie on the box's edges
            self.assertAlmostEqual(near.distance(35.6128, 140.1206, north, 140.1206), within, 1)
            self.assertAlmostEqual(near.distance(35.6128, 140.1206, south, 140.1206), within, 1)
            self.assertAlmostEqual(near.distance(35.6128, 140.1206, 35.6128, east), within, 1)
            self.assertAlmostEqual(near.distance(35.6128, 140.1206, 35.6128, west), within, 1)


class ResolveTest(DirectoryTestCase):
    def test_it_finds_a_town_written_in_any_usual_way(self):
        for text in ("院内1丁目", "院内一丁目", "千葉市中央区院内１丁目８－１２", "  院内1丁目  "):
            with self.subTest(text):
                place = near.resolve(self.chiba, text)
                self.assertEqual(place.home, self.innai)
                self.assertEqual((place.lat, place.lng), (self.innai.lat, self.innai.lng))
                # what was understood, with its ward: not the text as typed
                self.assertEqual(place.label, "院内一丁目（中央区）")
                self.assertEqual(
                    place.precision, "丁目の中心" if "８" not in text else "住所（丁目の中心）"
                )

    def test_it_reads_postal_codes_offline(self):
        # 260-0852 is 青葉町, one town
        place = near.resolve(self.chiba, "〒２６０－０８５２")
        self.assertEqual(place.home.name, "青葉町")
        # 260-0013 is 中央, which the city splits into 中央一丁目〜四丁目 (and 中央港…):
        # the place is their middle, the home the smallest area holding them all
        place = near.resolve(self.chiba, "260-0013")
        towns = Area.objects.towns().filter(municipality=self.chiba, name__startswith="中央")
        self.assertGreater(towns.count(), 1)
        for town in towns:
            self.assertIn(place.home.pk, town.ancestor_ids)
        self.assertNotEqual(place.home.kind, Area.Kind.TOWN)

    def test_it_places_a_ward_or_sphere_at_the_middle_of_its_towns(self):
        place = near.resolve(self.chiba, "中央区")
        self.assertEqual(place.home, self.chuo)
        points = list(
            Area.objects.within(self.chuo).towns().filter(lat__isnull=False).values("lat")
        )
        self.assertAlmostEqual(place.lat, sum(p["lat"] for p in points) / len(points))

    def test_it_gives_none_for_what_it_cannot_place(self):
        for text in (
            "",
            "   ",
            "xyz",
            "東京都千代田区千代田1-1",
            "100-0001",
            "999-9999",
            "院" * 500,
        ):
            with self.subTest(text[:20]):
                self.assertIsNone(near.resolve(self.chiba, text))

    def test_it_finds_the_town_a_position_lies_in_or_none_far_away(self):
        place = near.from_point(self.chiba, self.innai.lat + 0.0001, self.innai.lng)
        self.assertEqual(place.home, self.innai)
        self.assertEqual(place.label, "現在地")
        self.assertIsNone(near.from_point(self.chiba, 43.06, 141.35).home)  # 札幌


class KeptPlaceTest(DirectoryTestCase):
    def test_it_keeps_a_place_read_until_an_area_changes(self):
        from areas.place_index import clear_cache

        self.assertEqual(near.resolve(self.chiba, "260-0013"), near.resolve(self.chiba, "260-0013"))
        self.assertIsNone(near.resolve(self.chiba, "院内ブロック"))
        with self.captureOnCommitCallbacks(execute=True):
            self.benten.aliases += "\n院内ブロック"
            self.benten.save()
        clear_cache()  # the place index's own cache (areas/place_index.py)
        found = near.resolve(self.chiba, "院内ブロック")
        self.assertIsNotNone(found)
        self.assertEqual(found.home, self.benten)
