"""/api/hsds/ itself: the root document, the OpenAPI document, URLs, methods and CORS."""

import schemathesis

from tests.hsds.cases import ApiTestCase

EVERY_LIST = [
    "/api/hsds/services",
    "/api/hsds/organizations",
    "/api/hsds/taxonomies",
    "/api/hsds/taxonomy_terms",
    "/api/hsds/service_at_locations",
]


class RootTests(ApiTestCase):
    def test_it_describes_the_api(self):
        data = self.get_json("/api/hsds/")
        self.assertEqual(data["version"], "3.0")
        self.assertEqual(data["openapi_url"], "http://testserver/api/hsds/openapi.json")
        self.assertTrue(data["profile"].startswith("https://"))

    def test_it_serves_an_openapi_document_that_schemathesis_loads(self):
        document = self.get_json("/api/hsds/openapi.json")
        self.assertEqual(document["openapi"], "3.1.0")
        schema = schemathesis.openapi.from_dict(document)
        operations = [result.ok() for result in schema.get_all_operations()]
        paths = {operation.path for operation in operations}
        self.assertEqual(len(operations), 11)
        for url in EVERY_LIST:
            self.assertIn(url, paths)
            self.assertIn(url + "/{id}", paths)
        # Complete offline: every HSDS reference points inside the document.
        self.assertNotIn("raw.githubusercontent.com", str(document))
        self.assertIn("service", document["components"]["schemas"])

    def test_it_takes_paths_with_and_without_a_trailing_slash(self):
        for url in EVERY_LIST + [f"/api/hsds/services/{self.salon.pk}"]:
            with self.subTest(url):
                self.assertEqual(self.get_json(url), self.get_json(url + "/"))

    def test_it_answers_unknown_paths_with_a_json_404(self):
        for url in ("/api/hsds/nothing", "/api/hsds/services/1/extra", "/api/hsds/v2/services"):
            self.assert_error(url, 404)

    def test_it_allows_any_origin_on_get_head_and_options(self):
        for method in ("get", "head", "options"):
            for url in ("/api/hsds/", "/api/hsds/services", "/api/hsds/services/abc"):
                with self.subTest(method=method, url=url):
                    response = getattr(self.client, method)(url)
                    self.assertEqual(response["Access-Control-Allow-Origin"], "*")
                    self.assertIn("GET", response["Access-Control-Allow-Methods"])
        self.assertEqual(self.client.options("/api/hsds/services").status_code, 204)
        self.assertEqual(self.client.head("/api/hsds/services").content, b"")

    def test_it_refuses_every_writing_method_in_json(self):
        for method in ("post", "put", "patch", "delete"):
            with self.subTest(method):
                response = getattr(self.client, method)(f"/api/hsds/services/{self.salon.pk}")
                self.assertEqual(response.status_code, 405)
                self.assertEqual(response.json()["status"], 405)
                self.assertEqual(response["Allow"], "GET, HEAD, OPTIONS")
