"""マイリスト (/mylist/…, directory/mylist.py): a list kept in a cookie, no account."""

from __future__ import annotations

import io
import json

from pypdf import PdfReader

from directory import mylist, printing
from directory.models import Resource
from tests.base import DirectoryTestCase


class MyListTests(DirectoryTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.other = Resource.objects.published().exclude(pk=cls.salon.pk).order_by("pk").first()
        cls.paused = cls.make_resource(
            name="院内おやすみ中の体操", category="5.1.1", town=cls.innai, status="paused"
        )
        cls.ended = cls.make_resource(
            name="院内おわった会", category="5.1.1", town=cls.innai, status="ended"
        )
        cls.deleted = cls.make_resource(
            name="院内けした会", category="5.1.1", town=cls.innai, status="deleted"
        )

    def add(self, pk, next_url: str = "", **extra):
        return self.client.post("/mylist/add/", {"id": str(pk), "next": next_url}, **extra)

    def cookie_ids(self) -> list[int]:
        return mylist.parse(self.client.cookies[mylist.COOKIE].value, "-")[0]

    def test_it_adds_without_javascript_and_goes_back(self):
        page = f"/resources/{self.salon.pk}/"
        response = self.add(self.salon.pk, page)
        self.assertRedirects(response, page, status_code=303, fetch_redirect_response=False)
        cookie = response.cookies[mylist.COOKIE]
        self.assertEqual(cookie.value, str(self.salon.pk))
        self.assertEqual(cookie["samesite"], "Lax")
        self.assertFalse(cookie["httponly"])  # JavaScript may read it
        self.assertContains(self.client.get(page), "をリストに追加しました")
        self.add(self.other.pk, page)
        self.assertEqual(self.cookie_ids(), [self.salon.pk, self.other.pk])
        self.assertEqual(
            self.client.cookies[mylist.COOKIE].value, f"{self.salon.pk}-{self.other.pk}"
        )

    def test_it_shows_the_button_by_what_the_list_holds(self):
        page = f"/resources/{self.salon.pk}/"
        self.assertContains(self.client.get(page), 'action="/mylist/add/"')
        self.add(self.salon.pk, page)
        response = self.client.get(page)
        self.assertContains(response, 'action="/mylist/remove/"')
        self.assertContains(response, "リストに入っています")
        self.assertContains(response, "リストから外す")

    def test_it_goes_back_only_to_this_site(self):
        for target in ("https://evil.example/", "//evil.example/x", "javascript:alert(1)", ""):
            with self.subTest(target=target):
                response = self.add(self.salon.pk, target)
                self.assertRedirects(
                    response, "/mylist/", status_code=303, fetch_redirect_response=False
                )

    def test_it_keeps_each_resource_once(self):
        self.add(self.salon.pk)
        response = self.add(self.salon.pk, "/mylist/")
        self.assertEqual(self.cookie_ids(), [self.salon.pk])
        self.assertContains(self.client.get(response["Location"]), "もうリストに入っています")

    def test_it_adds_public_resources_only(self):
        for resource in (self.hidden, self.ended, self.deleted):
            self.add(resource.pk)
        self.add("abc")
        self.add(10**30)
        self.assertNotIn(mylist.COOKIE, self.client.cookies)
        self.add(self.paused.pk)  # 休止中: reachable by URL, so it may be kept
        self.assertEqual(self.cookie_ids(), [self.paused.pk])

    def test_it_holds_at_most_fifty(self):
        full = list(range(1, mylist.MAX_ITEMS + 1))
        self.client.cookies[mylist.COOKIE] = "-".join(map(str, full))
        response = self.add(self.salon.pk, "/mylist/")
        self.assertEqual(self.cookie_ids(), full)
        self.assertContains(self.client.get(response["Location"]), "50件まで入れられます")
        self.assertEqual(len(mylist.parse(",".join(map(str, range(1, 80))))[0]), 50)

    def test_it_removes_without_javascript(self):
        self.add(self.salon.pk)
        self.add(self.other.pk)
        response = self.client.post(
            "/mylist/remove/", {"id": self.salon.pk, "next": f"/resources/{self.salon.pk}/"}
        )
        self.assertRedirects(
            response, f"/resources/{self.salon.pk}/", 303, fetch_redirect_response=False
        )
        self.assertEqual(self.cookie_ids(), [self.other.pk])
        self.client.post("/mylist/remove/", {"id": self.other.pk})
        self.assertEqual(self.client.cookies[mylist.COOKIE].value, "")  # deleted

    def test_it_answers_javascript_with_json(self):
        response = self.add(self.salon.pk, HTTP_X_REQUESTED_WITH="fetch")
        self.assertEqual(response.status_code, 200)
        data = json.loads(response.content)
        self.assertEqual(data["ids"], [self.salon.pk])
        self.assertIn("追加しました", data["message"])

    def test_it_needs_post_and_csrf(self):
        self.assertEqual(self.client.get("/mylist/add/").status_code, 405)
        from django.test import Client

        strict = Client(enforce_csrf_checks=True)
        self.assertEqual(strict.post("/mylist/add/", {"id": self.salon.pk}).status_code, 403)

    def test_it_shows_the_list_in_the_order_added(self):
        empty = self.client.get("/mylist/")
        self.assertContains(empty, "リストはまだ空です")
        self.add(self.other.pk)
        self.add(self.salon.pk)
        self.add(self.paused.pk)
        html = self.client.get("/mylist/").content.decode()
        positions = [html.index(r.name) for r in (self.other, self.salon, self.paused)]
        self.assertEqual(positions, sorted(positions))
        self.assertIn("休止中", html)
        share = f"http://testserver/mylist/?ids={self.other.pk},{self.salon.pk},{self.paused.pk}"
        self.assertIn(f'value="{share}"', html)
        self.assertIn(
            f'href="/mylist/pdf/?ids={self.other.pk},{self.salon.pk},{self.paused.pk}"', html
        )
        # printed: the QR code of the share link and the date
        self.assertIn(str(printing.qr_svg(share)), html)
        self.assertIn(f"印刷日：{printing.printed_date()}", html)

    def test_it_forgets_what_stopped_being_public(self):
        self.client.cookies[mylist.COOKIE] = f"{self.salon.pk}-{self.ended.pk}"
        response = self.client.get("/mylist/")
        self.assertContains(response, "表示できない番号が1件")
        self.assertNotContains(response, self.ended.name)
        self.assertEqual(self.cookie_ids(), [self.salon.pk])

    def test_it_shows_a_shared_list_read_only(self):
        response = self.client.get(f"/mylist/?ids={self.salon.pk},{self.other.pk}")
        self.assertContains(response, "共有されたリスト")
        self.assertContains(response, self.salon.name)
        self.assertContains(response, self.other.name)
        self.assertContains(response, "自分のリストにする")
        self.assertNotContains(response, 'action="/mylist/remove/"')
        self.assertNotIn(mylist.COOKIE, response.cookies)  # looking changes nobody's list

    def test_it_drops_bad_ids_quietly_with_a_notice(self):
        ids = [
            str(self.salon.pk),
            "x",
            str(self.salon.pk),  # duplicate
            str(self.hidden.pk),  # draft
            str(self.deleted.pk),
            "999999999",  # unknown
            "1" * 40,  # too long
            "-3",
            str(self.paused.pk),
        ]
        response = self.client.get("/mylist/?ids=" + ",".join(ids))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "表示できない番号が7件")
        self.assertContains(response, self.salon.name)
        self.assertContains(response, self.paused.name)
        for hidden in (self.hidden, self.deleted):
            self.assertNotContains(response, hidden.name)

    def test_it_never_fails_on_odd_ids(self):
        for value in ("", ",,,", "%00", "１２", "9" * 5000, ",".join(["1"] * 500), "<script>"):
            with self.subTest(value=value[:20]):
                self.assertEqual(self.client.get("/mylist/", {"ids": value}).status_code, 200)
                self.assertIn(
                    self.client.get("/mylist/pdf/", {"ids": value}).status_code, (200, 400)
                )
                self.assertEqual(self.client.post("/mylist/add/", {"id": value}).status_code, 303)

    def test_it_makes_a_shared_list_ones_own(self):
        self.add(self.other.pk)
        response = self.client.post(
            "/mylist/adopt/", {"ids": f"{self.salon.pk},{self.hidden.pk},{self.paused.pk}"}
        )
        self.assertRedirects(response, "/mylist/", status_code=303, fetch_redirect_response=False)
        self.assertEqual(self.cookie_ids(), [self.salon.pk, self.paused.pk])
        self.assertContains(self.client.get("/mylist/"), "2件を自分のリストにしました")

    def test_it_warns_that_ones_own_list_will_be_replaced(self):
        self.add(self.other.pk)
        response = self.client.get(f"/mylist/?ids={self.salon.pk}")
        self.assertContains(response, "いまのマイリスト（1件）は、このリストに置き換わります")

    def test_it_saves_the_list_as_pdf(self):
        response = self.client.get(f"/mylist/pdf/?ids={self.salon.pk},{self.paused.pk}")
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertIn("filename*=UTF-8''", response["Content-Disposition"])
        text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
        for expected in ("マイリスト", self.salon.name, self.paused.name, "休止中", "最終確認日"):
            self.assertIn(expected, text)
        self.assertIn("毎月第2・第4水曜日 10:00〜12:00", text)

    def test_it_refuses_an_empty_pdf_in_japanese(self):
        for url in ("/mylist/pdf/", f"/mylist/pdf/?ids={self.hidden.pk}", "/mylist/pdf/?ids=abc"):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 400)
                self.assertContains(response, "PDFにする地域資源がありません", status_code=400)


class ResultCardTests(DirectoryTestCase):
    def test_it_offers_the_list_button_on_each_result_card(self):
        response = self.client.get("/search/?q=院内ひだまりサロン")
        self.assertContains(response, 'action="/mylist/add/"')
        self.client.post("/mylist/add/", {"id": self.salon.pk})
        response = self.client.get("/search/?q=院内ひだまりサロン")
        self.assertContains(response, 'action="/mylist/remove/"')
        self.assertContains(response, "：院内ひだまりサロン</span>")  # the button says which
