"""/api/hsds/service_at_locations: a public resource at its venue."""

from directory.models import Resource
from tests.hsds.cases import ApiTestCase


class ServiceAtLocationTests(ApiTestCase):
    def test_it_shows_a_resource_at_its_venue(self):
        data = self.get_json(f"/api/hsds/service_at_locations/{self.paused.pk}")
        self.assert_valid(data, "service_at_location")
        self.assertEqual((data["service_id"], data["location_id"]), (str(self.paused.pk),) * 2)
        self.assertEqual(data["service"]["name"], "院内おやすみ中の体操")
        self.assert_valid(data["service"], "service")
        address = data["location"]["addresses"][0]
        self.assertEqual(address["postal_code"], "260-0015")

    def test_it_lists_valid_public_ones_and_streams_them(self):
        page = self.get_json("/api/hsds/service_at_locations?per_page=100")
        self.assert_page(page, "service_at_location")
        lines = self.get_ndjson("/api/hsds/service_at_locations?format=ndjson")
        self.assertEqual(len(lines), page["total_items"])
        for line in lines:
            self.assert_valid(line, "service_at_location")
        ids = {line["id"] for line in lines}
        self.assertIn(str(self.salon.pk), ids)
        for resource in self.unpublished.values():
            self.assertNotIn(str(resource.pk), ids)

    def test_it_leaves_out_resources_without_any_place(self):
        nowhere = self.make_resource(name="電話の見守り", category="4")
        self.assertIn(
            str(nowhere.pk), {s["id"] for s in self.get_ndjson("/api/hsds/services?format=ndjson")}
        )
        self.assertNotIn(
            str(nowhere.pk),
            {s["id"] for s in self.get_ndjson("/api/hsds/service_at_locations?format=ndjson")},
        )
        self.assert_error(f"/api/hsds/service_at_locations/{nowhere.pk}", 404)

    def test_it_is_a_404_for_non_public_resources(self):
        for resource in self.unpublished.values():
            self.assert_error(f"/api/hsds/service_at_locations/{resource.pk}", 404)

    def test_it_takes_the_service_filters(self):
        page = self.get_json("/api/hsds/service_at_locations?postcode=260-0015&per_page=100")
        self.assertIn(str(self.paused.pk), [s["id"] for s in page["contents"]])
        expected = Resource.objects.public().filter(categories__code="5.1.1").exclude(address="")
        found = self.get_json("/api/hsds/service_at_locations?taxonomy_term_id=5.1.1")
        self.assertGreaterEqual(found["total_items"], expected.count())
        self.assertLess(
            found["total_items"], self.get_json("/api/hsds/service_at_locations")["total_items"]
        )
        self.assert_error("/api/hsds/service_at_locations?proximity=1", parameter="proximity")
