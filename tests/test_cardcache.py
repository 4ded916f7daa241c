"""Resource cards kept as HTML (directory/cardcache.py, {% card %}): a kept card is the made
card to the byte, with each page's way back and each visitor's token and マイリスト, and no
card is shown out of date after an edit of what it shows; run on SQLite and on PostgreSQL."""

from __future__ import annotations

import re
from urllib.parse import urlencode

from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from directory import cardcache
from directory.models import Resource
from tests.base import DirectoryTestCase

TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"')
SALON = "/search/?" + urlencode({"q": "ひだまり"})


def card_of(content: bytes, pk: int) -> bytes:
    found = re.search(
        rb'<li class="card" id="card-%d">.*?</form>\s*</div>\s*</li>' % pk, content, re.S
    )
    assert found, pk
    return found.group(0)


class CardCacheTests(DirectoryTestCase):
    def committed(self):
        return self.captureOnCommitCallbacks(execute=True)

    def made_and_kept(self, url: str, client: Client | None = None) -> tuple[bytes, bytes]:
        client = client or self.client
        with override_settings(SASAEAI_KEEP_CARDS=False):
            made = client.get(url).content
        client.get(url)  # keeps the cards
        kept = client.get(url).content
        return made, kept

    def test_it_serves_a_kept_card_identical_to_a_made_one(self):
        words = "/search/?" + urlencode({"q": "体操"})
        for url in (SALON, words, words + "&page=2", "/search/?area=121011"):
            made, kept = self.made_and_kept(url)
            self.assertEqual(TOKEN.sub(b"-", made), TOKEN.sub(b"-", kept), url)
        for mark in (cardcache.BACK_MARK, cardcache.PATH_MARK, cardcache.CSRF_MARK):
            self.assertNotIn(mark.encode(), kept)

    def test_it_serves_kept_consultation_cards_on_the_top_and_detail_pages(self):
        for url in ("/", "/?area=121011", f"/resources/{self.salon.pk}/"):
            made, kept = self.made_and_kept(url)
            self.assertEqual(TOKEN.sub(b"-", made), TOKEN.sub(b"-", kept), url)
            self.assertIn(b'<li class="card">', kept, url)
            with CaptureQueriesContext(connection) as captured:
                self.client.get(url)
            cards = [q for q in captured if '"directory_resource"."fee_note"' in q["sql"]]
            self.assertEqual(len(cards), 1 if url.startswith("/resources/") else 0, url)

    def test_it_keeps_a_card_and_reads_no_resource_row_for_it(self):
        self.client.get(SALON)
        with CaptureQueriesContext(connection) as captured:
            page = self.client.get(SALON)
        self.assertContains(page, "院内ひだまりサロン")
        read = [q["sql"] for q in captured if 'FROM "directory_resource"' in q["sql"]]
        self.assertFalse([sql for sql in read if '"directory_resource"."fee_note"' in sql])

    def test_it_writes_in_each_pages_way_back_and_each_visitors_token(self):
        self.client.get(SALON)
        other = Client()
        page = other.get(SALON + "&order=confirmed").content
        card = card_of(page, self.salon.pk)
        self.assertIn(b"?back=/search/%3Fq%3D%25E3%2581%25B2", card)
        self.assertIn(b"order%3Dconfirmed", card)
        self.assertIn(b'name="next" value="/search/?q=', card)
        self.assertIn(b"&amp;order=confirmed#card-%d" % self.salon.pk, card)
        (token,) = set(TOKEN.findall(page))
        self.assertIn(token, card)
        self.assertNotEqual(TOKEN.findall(self.client.get(SALON).content)[0], token)

    def test_it_shows_a_card_in_the_visitors_mylist_as_in_it(self):
        self.client.get(SALON)
        self.client.cookies["mylist"] = str(self.salon.pk)
        card = card_of(self.client.get(SALON).content, self.salon.pk)
        self.assertIn("リストから外す".encode(), card)
        self.client.cookies["mylist"] = ""
        card = card_of(self.client.get(SALON).content, self.salon.pk)
        self.assertIn("リストに追加".encode(), card)

    def test_it_shows_an_edit_of_the_resource_at_once(self):
        self.assertContains(self.client.get(SALON), "お茶代")
        with self.committed():
            self.salon.fee_note = "お茶代と資料代"
            self.salon.phone = "043-555-0199"
            self.salon.save()
        page = self.client.get(SALON)
        self.assertContains(page, "お茶代と資料代")
        self.assertContains(page, "043-555-0199")

    def test_it_shows_a_renamed_town_at_once(self):
        self.assertContains(self.client.get(SALON), "院内一丁目")
        with self.committed():
            self.innai.name = "院内一丁目（新）"
            self.innai.save()
        self.assertContains(self.client.get(SALON), "院内一丁目（新）")

    def test_it_shows_a_renamed_category_at_once(self):
        category = self.salon.categories.get()
        self.assertContains(self.client.get(SALON), category.label)
        with self.committed():
            category.short_name = "ふれあいの場（新）"
            category.save()
        self.assertContains(self.client.get(SALON), "ふれあいの場（新）")

    def test_it_leaves_out_a_resource_no_longer_published(self):
        self.client.get(SALON)
        with self.committed():
            self.salon.status = Resource.Status.DRAFT
            self.salon.save()
        self.assertNotContains(self.client.get(SALON), "院内ひだまりサロン")

    def test_it_draws_a_card_kept_for_a_place_with_its_own_distance(self):
        near = "/search/?" + urlencode({"category": "5", "near": "260-0031", "within": "2000"})
        made, kept = self.made_and_kept(near)
        self.assertEqual(TOKEN.sub(b"-", made), TOKEN.sub(b"-", kept))
        first = int(re.search(rb'id="card-(\d+)"', kept).group(1))
        self.assertIn("歩いて".encode(), card_of(kept, first))
        elsewhere = "/search/?" + urlencode({"category": "5", "order": "name", "page": "1"})
        self.client.get(elsewhere)
        pk = int(re.search(rb'id="card-(\d+)"', self.client.get(elsewhere).content).group(1))
        self.assertNotIn("歩いて".encode(), card_of(self.client.get(elsewhere).content, pk))
        farther = self.client.get(near.replace("2000", "5000")).content
        self.assertEqual(
            card_of(farther, first).count("歩いて".encode()), 1, "its distance, not another's"
        )


CARD_CONTEXT = {"r", "back", "mylist_buttons", "level", "near_place", "today"}
TEMPLATE_WORDS = {
    *("if", "elif", "else", "endif", "not", "and", "or", "in", "with", "endwith", "only"),
    *("include", "load", "url", "for", "endfor", "empty", "as", "True", "False", "None"),
}


def names_read(name: str) -> set[str]:
    """The context names a card template (and what it includes) reads, beside its own."""
    from django.template.loader import get_template

    source = get_template(name).template.source
    tags = [
        (kind, re.sub(r"\"[^\"]*\"|'[^']*'", "", body))
        for kind, body in re.findall(r"{([{%])(.*?)[}%]}", source, re.S)
    ]
    own = {n for _k, body in tags for n in re.findall(r"(\w+)=|for (\w+) in", body) for n in n}
    read: set[str] = set()
    for kind, body in tags:
        words = body.split()
        if not words or words[0] in ("load", "comment"):
            continue
        found = set(re.findall(r"(?<![\w.|:])([A-Za-z_]\w*)", body))
        read |= found - own - TEMPLATE_WORDS - ({words[0]} if kind == "%" else set())
    for included in re.findall(r"{%\s*include\s+\"([^\"]+)\"", source):
        read |= names_read(included)
    return read


class CardTemplateTests(DirectoryTestCase):
    def test_it_keys_a_card_on_every_name_its_template_reads(self):
        # A name the card reads beyond these (a new page value in _card.html) must be
        # added to the key (directory/cardcache.py card_key) and to CARD_CONTEXT.
        read = names_read("directory/_card.html")
        self.assertIn("mylist_buttons", read)  # the reading works
        self.assertLessEqual(read, CARD_CONTEXT)
