"""Print layouts: the QR code to the live page and the printed date (directory/printing.py)."""

from __future__ import annotations

import re
from urllib.parse import quote

from directory import printing
from tests.base import DirectoryTestCase


def stamp_target(html: str) -> str:
    found = re.search(r'<span class="print-target">([^<]*)</span>', html)
    assert found, "no print stamp on the page"
    return found.group(1).replace("&amp;", "&")


class PrintTests(DirectoryTestCase):
    def test_it_puts_a_qr_code_of_the_detail_page_without_the_way_back(self):
        response = self.client.get(f"/resources/{self.salon.pk}/?back=/search/%3Fq%3Dx")
        html = response.content.decode()
        url = f"http://testserver/resources/{self.salon.pk}/"
        self.assertEqual(stamp_target(html), url)
        self.assertIn(str(printing.qr_svg(url)), html)
        self.assertNotIn(str(printing.qr_svg(url + "?back=/search/?q=x")), html)

    def test_it_puts_a_qr_code_of_the_whole_search_on_a_results_page(self):
        response = self.client.get("/search/?q=体操&area=121011&page=2")
        html = response.content.decode()
        url = f"http://testserver/search/?q={quote('体操')}&area=121011"
        self.assertEqual(stamp_target(html), "http://testserver/search/?q=体操&area=121011")
        self.assertIn(str(printing.qr_svg(url)), html)

    def test_it_prints_the_date(self):
        today = printing.printed_date()
        self.assertRegex(today, r"^\d{4}年\d{1,2}月\d{1,2}日$")
        for url in (f"/resources/{self.salon.pk}/", "/search/?q=体操"):
            self.assertContains(self.client.get(url), f"印刷日：{today}")

    def test_it_shows_the_stamp_only_on_paper(self):
        self.assertContains(
            self.client.get(f"/resources/{self.salon.pk}/"), 'class="print-stamp print-only"'
        )
        with open("static/css/site.css", encoding="utf-8") as css:
            text = css.read()
        self.assertIn(".print-only { display: none; }", text)
        self.assertIn("@page { size: A4;", text)

    def test_it_offers_a_print_button_only_to_javascript(self):
        response = self.client.get(f"/resources/{self.salon.pk}/")
        self.assertContains(response, 'class="secondary js-print no-print" hidden>印刷する')

    def test_it_makes_a_qr_code_that_differs_by_url(self):
        a = printing.qr_svg("http://testserver/resources/1/")
        b = printing.qr_svg("http://testserver/resources/2/")
        self.assertNotEqual(a, b)
        self.assertIn('role="img"', a)

    def test_it_prints_a_too_long_address_in_words_only(self):
        response = self.client.get(
            "/search/", {"q": "体操" * 400, "near": "院内1丁目" + "　" * 400}
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "印刷日：")
        self.assertEqual(printing.qr_svg("http://testserver/?q=" + "x" * 3000), "")
