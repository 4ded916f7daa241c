"""GET /office/postal-code/: the look-up behind the resource form's 「郵便番号から住所を入れる」."""

from __future__ import annotations

from areas.addresses import clear_town_cache
from tests.base import OfficeTestCase


class PostalCodeViewTests(OfficeTestCase):
    def setUp(self) -> None:
        clear_town_cache()

    def test_it_sends_anonymous_visitors_to_the_login(self) -> None:
        response = self.client.get("/office/postal-code/?code=260-0013")
        self.assertEqual(response.status_code, 302)
        self.assertEqual(
            response["Location"], "/office/login/?next=/office/postal-code/%3Fcode%3D260-0013"
        )

    def test_it_refuses_people_without_a_back_office_account(self) -> None:
        self.client.force_login(self.outsider)
        response = self.client.get("/office/postal-code/?code=260-0013")
        self.assertEqual(response.status_code, 403)

    def test_it_gives_the_address_of_a_postal_code(self) -> None:
        self.client.force_login(self.viewer)
        response = self.client.get("/office/postal-code/?code=260-0013")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/json")
        data = response.json()
        self.assertEqual(data["address"], "千葉県千葉市中央区中央")
        self.assertEqual(data["postal_code"], "260-0013")
        self.assertIsNone(data["town"])  # 中央 has four 丁目: the code does not say which

    def test_it_gives_the_town_when_the_code_names_one(self) -> None:
        self.client.force_login(self.chuo_coordinator)
        response = self.client.get("/office/postal-code/?code=２６０－０８４４&municipality=121002")
        self.assertEqual(response.status_code, 200)
        data = response.json()
        self.assertEqual(data["address"], "千葉県千葉市中央区千葉寺町")
        town = data["town"]
        self.assertEqual(town["code"], "121011-千葉寺町")
        self.assertEqual(town["name"], "千葉寺町")
        self.assertEqual(town["sphere"], "千葉寺圏域")
        self.assertIsInstance(town["lat"], float)
        self.assertIsInstance(town["lng"], float)
        self.assertIsInstance(town["id"], int)

    def test_it_gives_no_town_outside_the_municipality(self) -> None:
        self.client.force_login(self.admin)
        response = self.client.get("/office/postal-code/?code=100-0001&municipality=121002")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            response.json(),
            {
                "postal_code": "100-0001",
                "address": "東京都千代田区千代田",
                "town": None,
            },
        )

    def test_it_answers_bad_input_with_a_japanese_400(self) -> None:
        self.client.force_login(self.admin)
        for query in (
            "",
            "?code=",
            "?code=abc",
            "?code=260-001",
            "?code=000-0000",
            "?code=" + "9" * 5000,
            "?code=%00%FF",  # refused by name before the view (sasaeai/middleware.py)
            "?code=260-0013&municipality=999999",
            "?code=260-0013&municipality=" + "x" * 500,
        ):
            with self.subTest(query=query):
                response = self.client.get("/office/postal-code/" + query)
                self.assertEqual(response.status_code, 400)
                self.assertEqual(response["Content-Type"], "application/json")
                error = response.json()["error"]
                self.assertRegex(error, r"[ぁ-んァ-ン一-龥]")

    def test_it_answers_only_get(self) -> None:
        self.client.force_login(self.admin)
        response = self.client.post("/office/postal-code/?code=260-0013")
        self.assertEqual(response.status_code, 405)
