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
