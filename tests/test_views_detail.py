"""詳細を表示 (/resources/<id>/)."""

from directory.models import Resource
from tests.base import DirectoryTestCase


class DetailTests(DirectoryTestCase):
    def test_it_shows_every_public_field(self):
        response = self.client.get(f"/resources/{self.salon.pk}/")
        for text in (
            "院内ひだまりサロン",
            "毎月第2・第4水曜日 10:00〜12:00",
            "100円（お茶代）",
            "予約不要",
            "院内町内会",
            "自治会館",
            "2026年10月1日",
            "043-555-0101",
            "次の予定",
        ):
            self.assertContains(response, text)

    def test_it_is_a_japanese_404_for_non_public_resources(self):
        response = self.client.get(f"/resources/{self.hidden.pk}/")
        self.assertEqual(response.status_code, 404)
        self.assertContains(response, "ページが見つかりません", status_code=404)

    def test_it_is_a_404_for_unknown_and_huge_ids(self):
        for pk in (999999999, 10**30):
            self.assertEqual(self.client.get(f"/resources/{pk}/").status_code, 404)

    def test_it_marks_paused_resources(self):
        Resource.objects.filter(pk=self.salon.pk).update(status=Resource.Status.PAUSED)
        self.assertContains(self.client.get(f"/resources/{self.salon.pk}/"), "休止中")

    def test_it_links_back_to_the_list_it_came_from_only(self):
        back = "/search/?q=%E4%BD%93%E6%93%8D"
        response = self.client.get(
            f"/resources/{self.salon.pk}/?back={back.replace('%', '%25').replace('?', '%3F').replace('=', '%3D')}"
        )
        self.assertContains(response, f'href="{back}"')
        evil = self.client.get(f"/resources/{self.salon.pk}/?back=https://evil.example/")
        self.assertNotContains(evil, 'href="https://evil.example/"')

    def test_it_marks_sample_data(self):
        sample = Resource.objects.published().filter(is_sample=True).first()
        self.assertContains(self.client.get(f"/resources/{sample.pk}/"), "架空の見本データ")

    def test_it_leads_back_to_the_top_category_without_a_list_to_return_to(self):
        response = self.client.get(f"/resources/{self.salon.pk}/")
        self.assertContains(response, '<a href="/search/?category=5">集いの場・体操</a>')


class NothingInventedTests(DirectoryTestCase):
    """Issue 9: what the source did not say is unknown; a tel: link dials a written number."""

    def test_it_never_dials_digits_picked_out_of_words(self):
        Resource.objects.filter(pk=self.salon.pk).update(
            phone="", phone_note="第1地域包括支援センター 754-3775"
        )
        response = self.client.get(f"/resources/{self.salon.pk}/")
        self.assertContains(response, "第1地域包括支援センター 754-3775")
        for dialled in ("tel:17543775", "tel:7543775", "tel:0437543775"):
            self.assertNotContains(response, dialled)

    def test_it_shows_the_note_beside_a_dialable_number(self):
        Resource.objects.filter(pk=self.salon.pk).update(
            phone="043-274-2056", phone_note="043-274-2056(電話・FAX)/080-1234-5678"
        )
        response = self.client.get(f"/resources/{self.salon.pk}/")
        self.assertContains(response, 'href="tel:0432742056"', count=1)
        self.assertContains(response, "080-1234-5678")
        self.assertNotContains(response, 'href="tel:08012345678"')

    def test_it_does_not_link_a_number_that_is_not_complete(self):
        # Data from before issue 9 may hold text in the phone field itself.
        Resource.objects.filter(pk=self.salon.pk).update(phone="754-3775")
        response = self.client.get(f"/resources/{self.salon.pk}/")
        self.assertContains(response, "754-3775")
        self.assertNotContains(response, "tel:7543775")

    def test_it_says_ask_when_booking_and_audience_are_unknown(self):
        # Created as an import or the form does when the source is silent: no defaults.
        resource = Resource.objects.create(
            municipality=self.chiba, name="美浜のどこかの配食", status=Resource.Status.PUBLISHED
        )
        self.assertEqual((resource.booking, resource.for_self), ("", False))
        resource.refresh_derived()
        response = self.client.get(f"/resources/{resource.pk}/")
        self.assertNotContains(response, "予約不要")
        self.assertNotContains(response, "ご本人")
        self.assertContains(response, "お問い合わせください")

    def test_it_keeps_an_area_as_the_place_not_as_a_home_service(self):
        resource = self.make_resource(
            name="美浜のおしゃべりサロン", category="5.1.1", place_area=self.mihama
        )
        response = self.client.get(f"/resources/{resource.pk}/")
        self.assertContains(response, "美浜区のどこか")
        self.assertNotContains(response, "来てくれます")

    def test_it_calls_a_consultation_offices_areas_its_district(self):
        office = self.make_resource(name="あんしんケアセンター見本", category="6.1")
        office.served_areas.add(self.benten)
        results = self.client.get("/search/?category=6")
        self.assertContains(results, "担当地区")
        self.assertNotContains(results, "弁天圏域のお宅に来てくれます")
        home = self.make_resource(name="見守り配食見本", category="3.2")
        home.served_areas.add(self.mihama)
        response = self.client.get(f"/resources/{home.pk}/")
        self.assertContains(response, "美浜区のお宅に来てくれます")
