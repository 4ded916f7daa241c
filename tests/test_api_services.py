"""/api/hsds/services and /api/hsds/services/{id}."""

import datetime
from urllib.parse import quote

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from areas.models import Area, Landmark
from directory import search
from directory.models import Resource, ScheduleRule
from tests.hsds.cases import ApiTestCase


class ServiceItemTests(ApiTestCase):
    def test_it_maps_every_public_field_of_a_resource(self):
        data = self.get_json(f"/api/hsds/services/{self.salon.pk}")
        self.assert_valid(data, "service")
        self.assertEqual(data["id"], str(self.salon.pk))
        self.assertEqual(data["name"], "院内ひだまりサロン")
        self.assertEqual(data["alternate_name"], "インナイヒダマリサロン")
        self.assertEqual(data["status"], "active")
        self.assertEqual(data["assured_date"], "2026-10-01")
        self.assertEqual(data["fees_description"], "100円（お茶代）")
        self.assertEqual(data["application_process"], "予約不要")
        self.assertEqual(data["organization_id"], str(self.provider.pk))
        self.assertEqual(data["organization"]["name"], "院内町内会")
        self.assertEqual(
            data["phones"],
            [
                {
                    "id": f"phone-{self.salon.pk}-voice",
                    "service_id": str(self.salon.pk),
                    "number": "043-555-0101",
                    "type": "voice",
                }
            ],
        )
        self.assertEqual(
            data["cost_options"][0] | {"id": ""},
            {
                "id": "",
                "service_id": str(self.salon.pk),
                "option": "参加費",
                "currency": "JPY",
                "amount": 100,
                "amount_description": "100円（お茶代）",
            },
        )
        self.assertEqual(data["last_modified"], self.salon.updated_at.isoformat())

    def test_it_exports_the_schedule_as_hsds_recurrence(self):
        (schedule,) = self.get_json(f"/api/hsds/services/{self.salon.pk}")["schedules"]
        self.assertEqual(schedule["freq"], "MONTHLY")
        self.assertEqual(schedule["byday"], "2WE,4WE")
        self.assertEqual(schedule["opens_at"], "10:00:00")
        self.assertEqual(schedule["closes_at"], "12:00:00")
        self.assertEqual(schedule["description"], "毎月第2・第4水曜日 10:00〜12:00")

    def test_it_sends_one_off_dates_and_puts_months_and_holidays_in_words(self):
        cafe = self.make_resource(
            name="院内オレンジカフェ",
            category="5.1.1",
            town=self.innai,
            status=Resource.Status.PUBLISHED,
            rule={
                "freq": "monthly_nth",
                "weekdays": [1],
                "nths": [2],
                "months": [1, 3, 5, 7, 9, 11],
                "except_holidays": True,
            },
        )
        dates = ScheduleRule.objects.create(
            resource=cafe,
            freq="dates",
            dates=["2026-03-10", "2026-06-09"],
            opens_at=datetime.time(10),
            sort_order=1,
        )
        data = self.get_json(f"/api/hsds/services/{cafe.pk}")
        self.assert_valid(data, "service")
        monthly, *one_offs = data["schedules"]
        self.assertEqual((monthly["freq"], monthly["byday"]), ("MONTHLY", "2TU"))
        self.assertEqual(monthly["description"], "奇数月の第2火曜日（祝日を除く）")
        self.assertEqual(monthly["notes"], "開催する月：奇数月　祝日は休み")
        self.assertEqual(
            [(s["id"], s["dtstart"], s["until"], s["valid_from"], s["valid_to"]) for s in one_offs],
            [
                (f"schedule-{dates.pk}-2026-03-10", *["2026-03-10"] * 4),
                (f"schedule-{dates.pk}-2026-06-09", *["2026-06-09"] * 4),
            ],
        )
        self.assertNotIn("freq", one_offs[0])
        self.assertEqual(one_offs[0]["opens_at"], "10:00:00")
        self.assertEqual(one_offs[0]["description"], "2026年3月10日（火） 10:00〜")
        self.assertEqual(one_offs[1]["description"], "2026年6月9日（火） 10:00〜")

    def test_it_links_the_categories_as_taxonomy_term_attributes(self):
        (attribute,) = self.get_json(f"/api/hsds/services/{self.salon.pk}")["attributes"]
        self.assertEqual(attribute["taxonomy_term_id"], "5.1.1")
        self.assertEqual(attribute["link_id"], str(self.salon.pk))
        self.assertEqual(attribute["taxonomy_term"]["parent_id"], "5.1")
        self.assertEqual(attribute["taxonomy_term"]["taxonomy_id"], "sasaeai-categories")

    def test_it_gives_the_location_address_and_service_area(self):
        data = self.get_json(f"/api/hsds/services/{self.paused.pk}")
        self.assert_valid(data, "service")
        self.assertEqual(data["status"], "inactive")
        self.assertEqual(data["capacities"][0]["maximum"], 20)
        self.assertIn(
            {
                "id": f"phone-{self.paused.pk}-fax",
                "service_id": str(self.paused.pk),
                "number": "043-555-0102",
                "type": "fax",
            },
            data["phones"],
        )
        (area,) = data["service_areas"]
        self.assertEqual((area["name"], area["extent"]), (self.benten.name, "121002-弁天"))
        (link,) = data["service_at_locations"]
        location = link["location"]
        self.assertEqual(location["accessibility"][0]["description"], "段差なし")
        (address,) = location["addresses"]
        self.assertEqual(address["address_1"], "千葉市中央区富士見1丁目1-1")
        self.assertEqual(address["postal_code"], "260-0015")
        self.assertEqual(
            (address["city"], address["region"], address["state_province"], address["country"]),
            ("千葉市", "中央区", "千葉県", "JP"),
        )

    def test_it_is_a_json_404_for_every_non_public_resource(self):
        for resource in self.unpublished.values():
            self.assert_error(f"/api/hsds/services/{resource.pk}", 404)

    def test_it_is_a_json_404_for_unknown_huge_and_malformed_ids(self):
        for pk in ("999999999", str(2**63), "1" * 40, "abc", "-1", "１"):
            self.assert_error(f"/api/hsds/services/{quote(pk)}", 404)

    def test_it_never_shows_internal_fields(self):
        data = self.get_json(f"/api/hsds/services/{self.salon.pk}")
        for key in ("internal_note", "contact_person", "status_changed_by", "contacts"):
            self.assertNotIn(key, data)


class ServiceListTests(ApiTestCase):
    def all_ids(self, query: str = "") -> set[str]:
        return {item["id"] for item in self.get_ndjson(f"/api/hsds/services?format=ndjson{query}")}

    def test_it_lists_a_valid_page_of_public_services(self):
        page = self.get_json("/api/hsds/services?per_page=100&page=2")
        contents = self.assert_page(page, "service")
        self.assertEqual(len(contents), 100)
        self.assertEqual(page["total_items"], Resource.objects.public().count())
        self.assertEqual(page["page_number"], 2)
        self.assertFalse(page["first_page"])
        self.assertFalse(page["last_page"])

    def test_it_never_lists_drafts_ended_or_deleted_resources(self):
        ids = self.all_ids()
        self.assertEqual(
            ids, {str(pk) for pk in Resource.objects.public().values_list("pk", flat=True)}
        )
        for resource in self.unpublished.values():
            self.assertNotIn(str(resource.pk), ids)
        self.assertIn(str(self.paused.pk), ids)

    def test_it_streams_every_public_service_as_valid_ndjson(self):
        lines = self.get_ndjson("/api/hsds/services?format=ndjson")
        self.assertEqual(len(lines), Resource.objects.public().count())
        for line in lines:
            self.assert_valid(line, "service")

    def test_it_links_the_pages(self):
        page = self.get_json("/api/hsds/services?per_page=10&page=2&taxonomy_term_id=5")
        links = page["links"]
        self.assertEqual(
            links["next"],
            "http://testserver/api/hsds/services?per_page=10&page=3&taxonomy_term_id=5",
        )
        self.assertEqual(
            links["prev"],
            "http://testserver/api/hsds/services?per_page=10&page=1&taxonomy_term_id=5",
        )
        last = self.get_json(links["last"].removeprefix("http://testserver"))
        self.assertTrue(last["last_page"])
        self.assertNotIn("next", last["links"])
        self.assertEqual(last["page_number"], page["total_pages"])
        first = self.get_json(links["first"].removeprefix("http://testserver"))
        self.assertTrue(first["first_page"])
        self.assertNotIn("prev", first["links"])

    def test_it_reads_any_page_in_the_same_few_queries(self):
        with CaptureQueriesContext(connection) as small:
            self.get_json("/api/hsds/services?per_page=2")
        with CaptureQueriesContext(connection) as large:
            self.get_json("/api/hsds/services?per_page=100")
        self.assertEqual(len(small), len(large))
        self.assertLess(len(large), 10)

    def test_it_answers_an_empty_page_beyond_the_last(self):
        page = self.get_json("/api/hsds/services?page=9999")
        self.assertTrue(page["empty"])
        self.assertEqual(page["contents"], [])

    def test_it_finds_the_demos_exercise_groups_with_the_japanese_search(self):
        page = self.get_json(f"/api/hsds/services?per_page=100&search={quote('体操')}")
        self.assert_page(page, "service")
        criteria = search.Criteria(municipality=self.chiba, q="体操")
        self.assertEqual(page["total_items"], search.find(criteria).count)
        self.assertGreater(page["total_items"], 5)
        lines = self.get_ndjson(f"/api/hsds/services?format=ndjson&search={quote('体操')}")
        self.assertEqual(len(lines), page["total_items"])
        names = [line["name"] for line in lines]
        self.assertIn("院内ひだまりサロン", names)
        self.assertTrue(any(name.startswith("いきいき百歳体操") for name in names))
        self.assertFalse(any("の体操会" in name for name in names))  # drafts, ended, deleted

    def test_it_searches_within_the_city_given(self):
        self.assertEqual(
            self.all_ids(f"&city=121002&search={quote('院内ひだまり')}"), {str(self.salon.pk)}
        )
        self.assert_error("/api/hsds/services?city=999999&search=x", parameter="city")

    def test_it_filters_by_taxonomy_term_with_its_sub_terms(self):
        ids = self.all_ids("&taxonomy_term_id=5.1")
        expected = Resource.objects.public().filter(categories__code__startswith="5.1")
        self.assertEqual(ids, {str(pk) for pk in expected.values_list("pk", flat=True)})
        self.assertIn(str(self.salon.pk), ids)
        self.assertNotIn(str(self.salon.pk), self.all_ids("&taxonomy_term_id=6"))

    def test_it_filters_by_organization(self):
        self.assertEqual(
            self.all_ids(f"&organization_id={self.provider.pk}"),
            {str(r.pk) for r in self.provider.resources.public()},
        )
        self.assert_error(
            f"/api/hsds/services?organization_id={self.secret_provider.pk}",
            parameter="organization_id",
        )

    def test_it_filters_by_modification_time(self):
        moment = timezone.now() - datetime.timedelta(days=3)
        Resource.objects.public().update(updated_at=moment - datetime.timedelta(days=1))
        Resource.objects.filter(pk=self.salon.pk).update(updated_at=moment)
        after = quote(moment.isoformat())
        self.assertEqual(self.all_ids(f"&modified_after={after}"), {str(self.salon.pk)})
        # An unencoded "+09:00" arrives as " 09:00" and still works.
        local = timezone.localtime(moment).isoformat()
        self.assertEqual(self.all_ids(f"&modified_after={local}"), {str(self.salon.pk)})
        day = timezone.localdate(moment) - datetime.timedelta(days=1)
        self.assertEqual(
            len(self.all_ids(f"&modified_after={day.isoformat()}")),
            Resource.objects.public().count(),
        )

    def test_it_filters_by_distance_from_a_point(self):
        here = Resource.objects.public().exclude(lat=None).first()
        ids = self.all_ids(f"&proximity={here.lat},{here.lng},300")
        self.assertIn(str(here.pk), ids)
        far = Resource.objects.public().filter(lat__lt=here.lat - 0.05).exclude(lat=None).first()
        self.assertNotIn(str(far.pk), ids)
        self.assertLess(len(ids), Resource.objects.public().count())

    def test_it_filters_by_distance_from_a_postcodes_centre(self):
        # 260-0801 is 仁戸名町 (中央区): a resource at the town's point is 0 m away.
        town = Area.objects.get(code="121011-仁戸名町")
        near = self.make_resource(
            name="仁戸名のつどい", category="5.1.1", town=town, lat=town.lat, lng=town.lng
        )
        ids = self.all_ids("&postcode=260-0801&proximity=1000")
        self.assertIn(str(near.pk), ids)
        self.assertNotIn(str(self.salon.pk), ids)

    def test_it_filters_by_postcode_and_served_areas(self):
        # 260-0801 仁戸名町 lies in 中央区: the paused resource serves 弁天圏域 only.
        town = Area.objects.get(code="121011-仁戸名町")
        held = self.make_resource(name="仁戸名のつどい", category="5.1.1", town=town)
        serving = self.make_resource(name="中央区全域の配食", category="3.2")
        serving.served_areas.add(self.chuo)
        ids = self.all_ids("&postcode=2600801")
        self.assertTrue({str(held.pk), str(serving.pk)} <= ids)
        self.assertNotIn(str(self.salon.pk), ids)
        self.assertIn(str(self.paused.pk), self.all_ids("&postcode=260-0015"))

    def test_it_reads_a_typed_place_as_the_sites_near_search_does(self):
        # 「いんない」: every 丁目 of 院内 (the salon's town); a name several places answer to,
        # or none, is an error naming the candidates.
        ids = self.all_ids("&place=" + quote("いんない"))
        self.assertIn(str(self.salon.pk), ids)
        self.assertNotIn(str(self.salon.pk), self.all_ids("&place=" + quote("美浜区")))
        station = Landmark.objects.get(name="千葉駅")
        by_station = self.make_resource(
            name="駅前のつどい", category="5.1.1", lat=station.lat + 0.001, lng=station.lng
        )
        self.assertIn(
            str(by_station.pk), self.all_ids("&place=" + quote("千葉駅") + "&proximity=500")
        )
        far = self.all_ids("&place=" + quote("海浜幕張駅") + "&proximity=500")
        self.assertNotIn(str(by_station.pk), far)
        body = self.assert_error("/api/hsds/services?place=" + quote("稲毛"), parameter="place")
        self.assertIn("稲毛駅", body["error"])
        body = self.assert_error("/api/hsds/services?place=" + quote("磯部"), parameter="place")
        self.assertIn("磯辺", body["error"])
        self.assert_error(
            "/api/hsds/services?place=" + quote("新千葉") + "&postcode=260-0031", parameter="place"
        )
        self.assert_error("/api/hsds/services?place=" + "あ" * 101, parameter="place")

    def test_it_refuses_bad_parameters_with_a_japanese_json_error(self):
        for query, parameter in (
            ("page=0", "page"),
            ("page=-1", "page"),
            ("page=abc", "page"),
            ("page=99999999999999999999", "page"),
            ("per_page=0", "per_page"),
            ("per_page=101", "per_page"),
            ("per_page=1e3", "per_page"),
            ("format=xml", "format"),
            ("modified_after=yesterday", "modified_after"),
            ("modified_after=2026-13-45", "modified_after"),
            ("modified_after=0000-01-01", "modified_after"),
            ("modified_after=0001-01-01", "modified_after"),
            ("modified_after=9999-12-31T23:59:59-10:00", "modified_after"),
            ("proximity=near", "proximity"),
            ("proximity=1000", "proximity"),
            ("proximity=35.6,140.1,0", "proximity"),
            ("proximity=35.6,140.1,-5", "proximity"),
            ("proximity=95,140.1,100", "proximity"),
            ("proximity=nan,inf,100", "proximity"),
            ("proximity=35.6,140.1,100000000", "proximity"),
            ("postcode=12345", "postcode"),
            ("taxonomy_term_id=9.9", "taxonomy_term_id"),
            ("taxonomy_id=other", "taxonomy_id"),
            ("organization_id=abc", "organization_id"),
            (f"organization_id={2**63}", "organization_id"),
            ("organization_id=999999999", "organization_id"),
            ("search=" + "あ" * 101, "search"),
            ("search=a%00b", "search"),
            ("page=1&page=2", "page"),
        ):
            with self.subTest(query):
                self.assert_error(f"/api/hsds/services?{query}", parameter=parameter)

    def test_it_refuses_writes(self):
        response = self.client.post("/api/hsds/services", {"name": "x"})
        self.assertEqual(response.status_code, 405)
        self.assertIn("読み取り専用", response.json()["error"])
        self.assertEqual(response["Access-Control-Allow-Origin"], "*")


class NothingInventedApiTests(ApiTestCase):
    """Issue 9: an app shows the numbers we send as links, so only dialable ones are sent."""

    def test_it_sends_only_numbers_that_can_be_dialled(self):
        Resource.objects.filter(pk=self.salon.pk).update(
            phone="754-3775", phone_note="第1地域包括支援センター 754-3775", fax=""
        )
        data = self.get_json(f"/api/hsds/services/{self.salon.pk}")
        self.assert_valid(data, "service")
        self.assertEqual(data.get("phones", []), [])

    def test_it_sends_the_words_beside_a_number_as_its_description(self):
        Resource.objects.filter(pk=self.salon.pk).update(
            phone="043-274-2056", phone_note="043-274-2056(電話・FAX)/080-1234-5678"
        )
        data = self.get_json(f"/api/hsds/services/{self.salon.pk}")
        self.assert_valid(data, "service")
        voice = [p for p in data["phones"] if p["type"] == "voice"]
        self.assertEqual(voice[0]["number"], "043-274-2056")
        self.assertEqual(voice[0]["description"], "043-274-2056(電話・FAX)/080-1234-5678")

    def test_it_leaves_out_a_booking_nobody_gave(self):
        Resource.objects.filter(pk=self.salon.pk).update(booking="", booking_note="")
        data = self.get_json(f"/api/hsds/services/{self.salon.pk}")
        self.assert_valid(data, "service")
        self.assertNotIn("予約不要", data.get("application_process", ""))


class ServiceSearchOrderTests(ApiTestCase):
    """search= answers in the site's おすすめ順 (search.ranked, the results pages' own list);
    order= / sort= choose another of the site's orders."""

    def names(self, query: str) -> list[str]:
        page = self.get_json(f"/api/hsds/services?per_page=100{query}")
        return [item["name"] for item in page["contents"]]

    def test_it_lists_a_search_in_the_sites_relevance_order(self):
        criteria = search.Criteria(municipality=self.chiba, q="体操")
        site = [r.name for r in search.run(criteria, 1, 100).resources]
        self.assertEqual(self.names(f"&search={quote('体操')}"), site)
        self.assertEqual(self.names(f"&search={quote('体操')}&order=relevance"), site)

    def test_it_ranks_a_whole_word_above_the_same_letters_inside_another(self):
        self.make_resource(name="なごみ宅配弁当", category="3.2", description="お弁当を届けます")
        self.make_resource(
            name="ごみ出し支援 あおば", category="1", description="ごみ出しを手伝います"
        )
        names = self.names(f"&search={quote('ごみ')}")
        self.assertLess(names.index("ごみ出し支援 あおば"), names.index("なごみ宅配弁当"))

    def test_it_sorts_a_search_by_name_with_sort_or_order(self):
        by_name = self.names(f"&search={quote('体操')}&sort=name")
        criteria = search.Criteria(municipality=self.chiba, q="体操", order="name")
        self.assertEqual(by_name, [r.name for r in search.run(criteria, 1, 100).resources])
        self.assertEqual(by_name, self.names(f"&search={quote('体操')}&order=name"))
        self.assertNotEqual(by_name, self.names(f"&search={quote('体操')}"))

    def test_it_refuses_an_unknown_sort_or_two_different_orders(self):
        self.assert_error("/api/hsds/services?sort=price", parameter="sort")
        self.assert_error("/api/hsds/services?sort=name&order=confirmed", parameter="sort")
        self.get_json("/api/hsds/services?sort=name&order=name")

    def test_it_takes_condition_words_in_a_search_as_conditions(self):
        # 院内ひだまりサロン meets on Wednesday mornings: 水曜 and 午前 are not in its text
        ids = {
            item["id"]
            for item in self.get_ndjson(
                f"/api/hsds/services?format=ndjson&search={quote('ひだまり 水曜 午前')}"
            )
        }
        self.assertEqual(ids, {str(self.salon.pk)})
        none = self.get_ndjson(f"/api/hsds/services?format=ndjson&search={quote('ひだまり 木曜')}")
        self.assertEqual(none, [])
