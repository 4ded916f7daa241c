"""sasaeai/middleware.py: a NUL in a parameter is refused alike on both databases."""

from tests.base import DirectoryTestCase


class RefuseNulTests(DirectoryTestCase):
    def test_it_refuses_a_nul_in_a_public_parameter_naming_it(self):
        for url in ("/?area=%00", "/search/?q=%E4%BD%93%00", "/search/?near=%00&within=500"):
            with self.subTest(url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 400)
                self.assertContains(response, "使えない文字（NUL）", status_code=400)

    def test_it_answers_the_api_in_json(self):
        response = self.client.get("/api/hsds/services?search=%00")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["parameter"], "search")

    def test_it_leaves_ordinary_input_alone(self):
        self.assertEqual(self.client.get("/?area=121011").status_code, 200)
