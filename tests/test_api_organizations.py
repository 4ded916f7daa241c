"""/api/hsds/organizations: providers, and only through their public resources."""

from urllib.parse import quote

from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory.models import Provider, Resource
from tests.hsds.cases import ApiTestCase


class OrganizationTests(ApiTestCase):
    def test_it_lists_valid_organizations_that_have_public_services(self):
        page = self.get_json("/api/hsds/organizations?per_page=100")
        self.assert_page(page, "organization")
        public = Provider.objects.filter(resources__status__in=Resource.PUBLIC_STATUSES).distinct()
        self.assertEqual(page["total_items"], public.count())
        self.assertLess(page["total_items"], Provider.objects.count())

    def test_it_streams_them_as_valid_ndjson_without_the_secret_provider(self):
        lines = self.get_ndjson("/api/hsds/organizations?format=ndjson")
        for line in lines:
            self.assert_valid(line, "organization")
        ids = {line["id"] for line in lines}
        self.assertIn(str(self.provider.pk), ids)
        self.assertNotIn(str(self.secret_provider.pk), ids)

    def test_it_shows_an_organization_with_its_public_services_only(self):
        self.make_resource(name="院内町内会の下書き", category="5.1.1", status="draft")
        data = self.get_json(f"/api/hsds/organizations/{self.provider.pk}")
        self.assert_valid(data, "organization")
        self.assertEqual(data["name"], "院内町内会")
        self.assertEqual(data["description"], "自治会・町内会")
        self.assertEqual(
            [s["id"] for s in data["services"]],
            [str(r.pk) for r in self.provider.resources.public().order_by("pk")],
        )
        self.assertIn(str(self.salon.pk), [s["id"] for s in data["services"]])
        self.assertNotIn("院内町内会の下書き", str(data))

    def test_it_reads_an_organization_in_a_few_queries_however_many_services(self):
        for n in range(30):
            self.make_resource(name=f"院内の会{n}", category="5.1.1")
        with CaptureQueriesContext(connection) as queries:
            data = self.get_json(f"/api/hsds/organizations/{self.provider.pk}")
        self.assertGreater(len(data["services"]), 30)
        self.assertLess(len(queries), 5)

    def test_it_is_a_404_for_providers_without_public_services_and_unknown_ids(self):
        for pk in (self.secret_provider.pk, 999999999, 2**64, "x"):
            self.assert_error(f"/api/hsds/organizations/{pk}", 404)

    def test_it_searches_organizations_by_name(self):
        page = self.get_json(f"/api/hsds/organizations?search={quote('院内町内')}")
        self.assertEqual([o["id"] for o in page["contents"]], [str(self.provider.pk)])
        self.assert_error("/api/hsds/organizations?per_page=1000", parameter="per_page")
