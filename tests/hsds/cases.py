"""The API tests' fixtures: the directory's named resources, one of each non-public status,
and internal fields holding values that must never appear in any answer."""

from __future__ import annotations

import json
from typing import Any

from directory.models import Provider, Resource
from tests.base import DirectoryTestCase
from tests.hsds import errors

SECRET_NOTE = "ないしょメモ-7f3a9c"
SECRET_PERSON = "担当者ヤマダ-51be"
PAGE_KEYS = ("total_items", "total_pages", "page_number", "size", "first_page", "last_page")


class ApiTestCase(DirectoryTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        secret = {"internal_note": SECRET_NOTE, "contact_person": SECRET_PERSON}
        Resource.objects.filter(pk__in=[cls.salon.pk, cls.hidden.pk]).update(**secret)
        cls.salon.refresh_from_db()
        # A provider whose only resources are not public: it must not exist for the API.
        cls.secret_provider = Provider.objects.create(
            municipality=cls.chiba, name="ひみつの会", kind=Provider.Kind.VOLUNTEERS
        )
        cls.unpublished = {
            status: cls.make_resource(
                name=f"院内{status}の体操会",
                keywords="体操",
                category="5.1.1",
                town=cls.innai,
                status=status,
                provider=cls.secret_provider,
                venue_name="院内ひみつ会館",
                lat=35.6,
                lng=140.12,
                **secret,
            )
            for status in (Resource.Status.DRAFT, Resource.Status.ENDED, Resource.Status.DELETED)
        }
        cls.unpublished["hidden"] = cls.hidden
        cls.paused = cls.make_resource(
            name="院内おやすみ中の体操",
            category="5.1.1",
            town=cls.innai,
            status=Resource.Status.PAUSED,
            capacity=20,
            fax="043-555-0102",
            postal_code="260-0015",
            address="千葉市中央区富士見1丁目1-1",
            barrier_free="段差なし",
            parking="なし",
            **secret,
        )
        cls.paused.served_areas.add(cls.benten)

    # -- helpers
    def get_json(self, url: str, status: int = 200) -> Any:
        response = self.client.get(url)
        self.assertEqual(response.status_code, status, response.content[:500])
        self.assertEqual(response["Content-Type"], "application/json")
        self.assertEqual(response["Access-Control-Allow-Origin"], "*")
        text = response.content.decode()
        self.assertNotIn(SECRET_NOTE, text)
        self.assertNotIn(SECRET_PERSON, text)
        return json.loads(text)

    def get_ndjson(self, url: str) -> list[dict]:
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.streaming)
        self.assertTrue(response["Content-Type"].startswith("application/x-ndjson"))
        self.assertEqual(response["Access-Control-Allow-Origin"], "*")
        text = b"".join(response.streaming_content).decode()
        self.assertNotIn(SECRET_NOTE, text)
        self.assertNotIn(SECRET_PERSON, text)
        return [json.loads(line) for line in text.splitlines()]

    def assert_valid(self, instance: Any, entity: str) -> None:
        self.assertEqual(errors(instance, entity), [], f"{entity}: {json.dumps(instance)[:300]}")

    def assert_page(self, page: dict, entity: str) -> list[dict]:
        for key in PAGE_KEYS:
            self.assertIn(key, page)
        self.assertEqual(page["size"], len(page["contents"]))
        self.assertEqual(page["empty"], not page["contents"])
        for item in page["contents"]:
            self.assert_valid(item, entity)
        return page["contents"]

    def assert_error(self, url: str, status: int = 400, parameter: str | None = None) -> dict:
        body = self.get_json(url, status)
        self.assertIsInstance(body["error"], str)
        self.assertRegex(body["error"], r"[\u3040-\u30ff\u4e00-\u9fff]")  # Japanese
        if parameter:
            self.assertEqual(body["parameter"], parameter)
        return body
