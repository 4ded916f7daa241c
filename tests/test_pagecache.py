"""Whole public pages kept briefly (directory/pagecache.py): the TOP, 条件を選ぶ and the about
page are made once per URL, text size and state of the data, and never shown out of date
when a resource changes; run on SQLite and on PostgreSQL."""

from __future__ import annotations

from urllib.parse import quote

from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from directory import home, search
from directory.models import Resource
from directory.pagecache import MARK, TOKEN
from tests.base import OfficeTestCase


@override_settings(SASAEAI_KEEP_PAGES=True)
class PageCacheTests(OfficeTestCase):
    def queries(self, url: str, **extra) -> tuple[int, object]:
        with CaptureQueriesContext(connection) as captured:
            response = self.client.get(url, **extra)
        return len(captured), response

    def test_it_makes_the_top_once_and_then_reads_one_small_table(self):
        first, page = self.queries("/")
        again, kept = self.queries("/")
        self.assertEqual(kept.content, page.content)
        self.assertGreater(first, 3)
        self.assertEqual(again, 1)  # the stamps of the data
        self.assertIn("max-age=60", kept["Cache-Control"])
        self.assertIn("Cookie", kept["Vary"])

    def test_it_answers_304_to_the_etag_it_gave(self):
        page = self.client.get("/search/conditions/?category=5")
        again = self.client.get("/search/conditions/?category=5", HTTP_IF_NONE_MATCH=page["ETag"])
        self.assertEqual(again.status_code, 304)
        self.assertEqual(again["ETag"], page["ETag"])
        other = self.client.get("/search/conditions/?category=6", HTTP_IF_NONE_MATCH=page["ETag"])
        self.assertEqual(other.status_code, 200)

    def test_it_keeps_each_text_size_apart(self):
        standard = self.client.get("/about/")
        self.client.cookies["textsize"] = "xlarge"
        large = self.client.get("/about/")
        self.assertContains(large, 'class="textsize-xlarge"')
        self.assertContains(standard, 'class="textsize-standard"')

    def test_it_shows_a_change_of_the_data_at_once(self):
        shown = search.consultation_for(self.chiba, None)
        self.assertContains(self.client.get("/"), shown[0].name)
        with self.captureOnCommitCallbacks(execute=True):
            first = Resource.objects.get(pk=shown[0].pk)
            first.name = "名前を変えた保健福祉センター"
            first.save()
        self.assertContains(self.client.get("/"), "名前を変えた保健福祉センター")

    def test_it_never_serves_the_anonymous_top_to_a_person_with_an_area(self):
        anonymous = self.client.get("/")  # kept
        self.assertNotContains(anonymous, "お住まいの地域：")
        self.client.cookies[home.COOKIE] = quote("121002-弁天")
        made, mine = self.queries("/")
        self.assertGreater(made, 1)  # made for this area, not read from the kept TOP
        self.assertContains(mine, "あんしんケアセンター弁天")
        self.assertContains(mine, "お住まいの地域：")
        again, kept = self.queries("/")
        self.assertEqual(again, 1)  # then kept for this area
        self.assertEqual(kept.content, mine.content)
        self.client.cookies[home.COOKIE] = quote("121002-高洲")
        other = self.client.get("/")
        self.assertNotContains(other, "あんしんケアセンター弁天<")
        self.assertContains(other, "あんしんケアセンター高洲")
        self.client.cookies.pop(home.COOKIE)
        again, page = self.queries("/")
        self.assertEqual(again, 1)
        self.assertEqual(page.content, anonymous.content)  # the anonymous TOP is untouched

    def test_it_remembers_the_area_of_a_kept_results_page(self):
        url = "/search/?area=" + quote("121002-弁天")
        self.client.get(url)  # kept
        visitor = Client()
        response = visitor.get(url)
        self.assertEqual(response.cookies[home.COOKIE].value, quote("121002-弁天"))
        self.assertContains(visitor.get("/"), "お住まいの地域：")

    def test_it_keeps_nothing_for_staff_or_with_a_message_waiting(self):
        self.client.force_login(self.chuo_coordinator)
        self.client.get("/")
        again, _page = self.queries("/")
        self.assertGreater(again, 1)
        self.client.logout()
        self.client.cookies.pop("sessionid", None)
        self.client.get("/")
        self.client.cookies["messages"] = "x"
        waiting, _page = self.queries("/")
        self.assertGreater(waiting, 1)


@override_settings(SASAEAI_KEEP_PAGES=True)
class KeptResultsTests(OfficeTestCase):
    URL = "/search/?category=5.1.1"

    def token_of(self, response) -> str:
        found = TOKEN.search(response.content)
        assert found is not None
        return found.group(1).decode()

    def test_it_writes_each_visitors_own_token_into_a_kept_page(self):
        first = self.client.get(self.URL)
        other = Client(enforce_csrf_checks=True)
        kept = other.get(self.URL)
        self.assertNotIn(MARK, kept.content)
        self.assertNotEqual(self.token_of(kept), self.token_of(first))
        self.assertIn("csrftoken", kept.cookies)
        added = other.post(
            "/mylist/add/",
            {"id": self.salon.pk, "next": self.URL, "csrfmiddlewaretoken": self.token_of(kept)},
        )
        self.assertEqual(added.status_code, 303)
        self.assertIn(str(self.salon.pk), added.cookies["mylist"].value)

    def test_it_makes_the_page_for_someone_with_a_list(self):
        self.client.get(self.URL)
        self.client.cookies["mylist"] = str(self.salon.pk)
        with CaptureQueriesContext(connection) as captured:
            page = self.client.get(self.URL)
        self.assertGreater(len(captured), 1)
        self.assertContains(page, "リストから外す")

    def test_it_keeps_a_detail_page_and_shows_an_edit_at_once(self):
        url = f"/resources/{self.salon.pk}/"
        self.assertContains(self.client.get(url), "院内ひだまりサロン")
        with self.captureOnCommitCallbacks(execute=True):
            self.salon.name = "院内ひだまりサロン（改）"
            self.salon.save()
        self.assertContains(self.client.get(url), "院内ひだまりサロン（改）")
