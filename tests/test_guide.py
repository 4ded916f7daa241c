"""地域資源ガイド (/guide/, directory/guide.py, manage.py make_guides)."""

from __future__ import annotations

import io
import shutil
import tempfile
from pathlib import Path
from unittest import mock
from urllib.parse import quote, urlencode

from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase
from pypdf import PdfReader

from areas.models import Area
from directory import guide, guide_map
from directory.models import Category, Resource
from tests.base import DirectoryTestCase

SMALL = "/guide/?area=121002-弁天&category=5.1.1"  # one 圏域, one category: a few pages


def pdf_pages(content: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def pdf_fonts(content: bytes) -> set[str]:
    fonts = set()
    for page in PdfReader(io.BytesIO(content)).pages:
        for font in (page.get("/Resources") or {}).get("/Font", {}).values():
            fonts.add(str(font.get_object().get("/BaseFont")))
    return fonts


def query(**params):
    from django.http import QueryDict

    result = QueryDict(mutable=True)
    for key, value in params.items():
        result.setlist(key, value if isinstance(value, list) else [value])
    return result


class TemporaryGuideCache(DirectoryTestCase):
    """Each test renders into a cache of its own, in a temporary folder."""

    def setUp(self) -> None:
        self.cache_dir = tempfile.mkdtemp(prefix="guides-")
        caches_setting = {
            "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
            "guides": {
                "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                "LOCATION": self.cache_dir,
            },
        }
        self.override = override_settings(CACHES=caches_setting)
        self.override.enable()

    def tearDown(self) -> None:
        self.override.disable()
        shutil.rmtree(self.cache_dir, ignore_errors=True)


class GuideTests(TemporaryGuideCache):
    def test_it_shows_a_form_without_parameters(self):
        response = self.client.get("/guide/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, '<select id="guide-area" name="area" required>')
        self.assertContains(response, 'value="121002-弁天"')
        self.assertContains(response, 'type="checkbox" name="category" value="5.1.1"')
        self.assertNotContains(response, "ガイドを作れませんでした")

    def test_it_makes_a_booklet_of_an_area_and_a_category(self):
        response = self.client.get(SMALL)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/pdf")
        day = timezone.localdate().strftime("%Y%m%d")
        self.assertIn(
            f"filename*=UTF-8''{quote(f'地域資源ガイド_弁天圏域_{day}.pdf')}",
            response["Content-Disposition"],
        )
        pages = pdf_pages(response.content)
        self.assertGreater(len(pages), 1)
        text = "\n".join(pages)
        heading = Category.objects.get(code="5.1.1").name
        for expected in (
            "地域資源ガイド",
            "千葉市中央区 弁天圏域",  # the cover's area
            f"作成日：{timezone.localdate().year}年",
            "目次",
            heading,
            "院内ひだまりサロン",
            "毎月第2・第4水曜日 10:00〜12:00",
            "100円（お茶代）",
            "043-555-0101",
            "最終確認日",
            "2026年10月1日",
        ):
            self.assertIn(expected, text)
        # page numbers in the footer of every page but the cover
        for number, page in enumerate(pages[1:], start=2):
            self.assertIn(f"{number} / {len(pages)}", page)
        self.assertNotIn(f"1 / {len(pages)}", pages[0])

    def test_it_lists_published_resources_only(self):
        paused = self.make_resource(
            name="院内おやすみ中の体操", category="5.1.1", town=self.innai, status="paused"
        )
        text = "\n".join(pdf_pages(self.client.get(SMALL).content))
        self.assertIn(self.salon.name, text)
        self.assertNotIn(self.hidden.name, text)  # a draft
        self.assertNotIn(paused.name, text)
        outside = Resource.objects.published().in_category(Category.objects.get(code="5.1.1"))
        far = outside.exclude(pk__in=Resource.objects.in_area(self.benten)).first()
        self.assertNotIn(far.name, text)

    def test_it_prints_rare_characters_in_noto_sans_cjk_jp(self):
        self.make_resource(name="𠮷田と髙橋の体操教室", category="5.1.1", town=self.innai)
        content = self.client.get(SMALL).content
        self.assertIn("𠮷田と髙橋の体操教室", "\n".join(pdf_pages(content)))
        self.assertTrue(
            any("Noto-Sans-CJK-JP" in font for font in pdf_fonts(content)), pdf_fonts(content)
        )

    def test_it_renders_once_and_serves_the_cache_after(self):
        before = guide.renders
        first = self.client.get(SMALL)
        self.assertEqual(guide.renders, before + 1)
        second = self.client.get(SMALL)
        self.assertEqual(guide.renders, before + 1)  # no second rendering
        self.assertEqual(first.content, second.content)
        # the same booklet whatever the order of the categories
        self.client.get("/guide/?area=121002-弁天&category=5.2&category=5.1.1")
        self.client.get("/guide/?area=121002-弁天&category=5.1.1&category=5.2")
        self.assertEqual(guide.renders, before + 2)
        self.assertTrue(any(Path(self.cache_dir).iterdir()))  # a file: every worker sees it

    def test_it_renders_again_when_a_resource_changes(self):
        before = guide.renders
        self.client.get(SMALL)
        self.salon.name = "院内ひだまりサロン（新）"
        self.salon.save()
        changed = self.client.get(SMALL)
        self.assertEqual(guide.renders, before + 2)
        self.assertIn("院内ひだまりサロン（新）", "\n".join(pdf_pages(changed.content)))

    def test_it_keys_the_cache_by_area_categories_data_and_date(self):
        choice = guide.choose(query(area="121002-弁天", category=["5.1.1"]))
        today = timezone.localdate()
        key = guide.cache_key(choice, "http://testserver/", today)
        self.assertEqual(key, guide.cache_key(choice, "http://testserver/", today))
        self.assertNotEqual(
            key, guide.cache_key(choice, "http://testserver/", today + timezone.timedelta(days=1))
        )
        other = guide.choose(query(area="121011", category=["5.1.1"]))
        self.assertNotEqual(key, guide.cache_key(other, "http://testserver/", today))
        Resource.objects.filter(pk=self.hidden.pk).update(status=Resource.Status.PUBLISHED)
        self.assertNotEqual(key, guide.cache_key(choice, "http://testserver/", today))

    def test_it_answers_bad_parameters_with_the_form_in_japanese(self):
        for url, message in (
            ("/guide/?area=nowhere", "地域の指定が正しくありません"),
            ("/guide/?area=121011-院内一丁目", "地域の指定が正しくありません"),  # a town
            ("/guide/?area=121002-弁天&category=99", "分類の指定が正しくありません"),
            ("/guide/?category=5.1.1", "地域を選んでください"),
            ("/guide/?area=", "地域を選んでください"),
            ("/guide/?area=%ff&category=%01", "地域の指定が正しくありません"),
            ("/guide/?area=121002-弁天" + "&category=5" * 50, "分類の指定が多すぎます"),
        ):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 400)
                self.assertEqual(response["Content-Type"], "text/html; charset=utf-8")
                self.assertContains(response, message, status_code=400)
                self.assertContains(response, "ガイドを作れませんでした", status_code=400)

    def test_it_keeps_the_choices_in_the_form_after_an_error(self):
        response = self.client.get("/guide/?area=121002-弁天&category=5.1.1&category=99")
        self.assertContains(response, 'value="121002-弁天" selected', status_code=400)
        self.assertContains(response, 'value="5.1.1" checked', status_code=400)

    def test_it_is_linked_from_the_top_and_the_results(self):
        self.assertContains(self.client.get("/"), 'href="/guide/"')
        self.assertContains(self.client.get("/search/?q=体操"), 'href="/guide/"')


class MakeGuidesTests(TemporaryGuideCache):
    """The command on a small municipality of its own, so it makes one booklet quickly."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        city = Area.objects.create(code="999997", kind=Area.Kind.MUNICIPALITY, name="試験町")
        ward = Area.objects.create(code="999998", kind=Area.Kind.WARD, name="本区", parent=city)
        cls.sphere = Area.objects.create(
            code="999997-北", kind=Area.Kind.SPHERE, name="北圏域", parent=ward
        )
        town = Area.objects.create(
            code="999997-北一丁目", kind=Area.Kind.TOWN, name="北一丁目", parent=cls.sphere
        )
        cls.make_resource(
            name="北一丁目いきいき体操", category="5.1.1", town=town, municipality=city
        )

    def setUp(self) -> None:
        super().setUp()
        self.out = Path(tempfile.mkdtemp(prefix="guides-out-"))
        self.addCleanup(shutil.rmtree, self.out, ignore_errors=True)

    def test_it_writes_every_areas_booklet_and_fills_the_cache(self):
        output = io.StringIO()
        call_command("make_guides", municipality="999997", out=str(self.out), stdout=output)
        lines = output.getvalue().splitlines()
        self.assertRegex(lines[0], r"^試験町本区 北圏域: \d+ページ, \d+\.\d秒 → ")
        self.assertRegex(lines[1], r"^試験町本区: \d+ページ")
        self.assertRegex(lines[2], r"^試験町: \d+ページ")
        self.assertEqual(lines[3], "3冊のガイドを作りました。")
        names = sorted(f.name for f in self.out.iterdir())
        self.assertEqual([n.split("_")[1] for n in names], ["北圏域", "本区", "試験町"])
        files = [f for f in self.out.iterdir() if f.name.startswith("地域資源ガイド_北圏域_")]
        for f in self.out.iterdir():
            self.assertIn("北一丁目いきいき体操", "\n".join(pdf_pages(f.read_bytes())))
        # a resident's request for the same booklet is now a cache hit
        before = guide.renders
        with self.settings(SASAEAI_SITE_URL="http://127.0.0.1:8000/"):
            response = self.client.get("/guide/?area=999997-北&city=999997")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(guide.renders, before)
        self.assertEqual(response.content, files[0].read_bytes())

    def test_it_refuses_an_unknown_municipality(self):
        from django.core.management import CommandError

        with self.assertRaises(CommandError):
            call_command("make_guides", municipality="000000", stdout=io.StringIO())


class GuideParamsFuzzTests(HypothesisTestCase):
    """No query string gives /guide/ or /mylist/ a 500 (no valid area: no PDF is made)."""

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        area=st.text(max_size=30),
        categories=st.lists(st.one_of(st.text(max_size=8), st.sampled_from(["5", "5.1.1"]))),
        ids=st.text(max_size=40),
    )
    def test_it_never_fails(self, area, categories, ids):
        query = urlencode([("area", "x" + area), *(("category", c) for c in categories)])
        response = self.client.get(f"/guide/?{query}")
        self.assertEqual(response.status_code, 400)
        # A NUL in the query string is refused by name (sasaeai/middleware.py).
        expected = 400 if "\x00" in ids else 200
        self.assertEqual(
            self.client.get("/mylist/?" + urlencode({"ids": ids})).status_code, expected
        )


def fake_tile(url: str) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (256, 256), (230, 235, 225)).save(buffer, "PNG")
    return buffer.getvalue()


class GuideMapTests(TemporaryGuideCache):
    """SASAEAI_GUIDE_MAP=1: a map page of tiles and numbered pins. Tiles never really come
    from outside here: fetch_tile is replaced, and counts what it is asked for."""

    def setUp(self) -> None:
        super().setUp()
        self.asked: list[str] = []

        def fetch(url: str) -> bytes:
            self.asked.append(url)
            return fake_tile(url)

        patcher = mock.patch.object(guide_map, "fetch_tile", side_effect=fetch)
        patcher.start()
        self.addCleanup(patcher.stop)

    def test_it_adds_a_map_page_only_when_asked(self):
        text = "\n".join(pdf_pages(self.client.get(SMALL).content))
        self.assertNotIn("数字は、このガイドの中の番号です", text)
        self.assertEqual(self.asked, [])  # map off: nothing is fetched
        with self.settings(SASAEAI_GUIDE_MAP=True):
            response = self.client.get(SMALL)
        text = "\n".join(pdf_pages(response.content))
        self.assertIn("数字は、このガイドの中の番号です", text)
        self.assertIn("地図：国土地理院", text.replace("\n", ""))
        self.assertTrue(0 < len(self.asked) <= 20, self.asked)
        self.assertTrue(all(guide_map.is_tile(url) for url in self.asked))

    def test_it_numbers_places_and_never_pins_home_services(self):
        served = (
            Resource.objects.published()
            .in_area(self.benten)
            .serving_an_area()
            .filter(categories__code__startswith="3")
            .first()
        )
        Resource.objects.filter(pk=self.salon.pk).update(lat=35.6035, lng=140.1234)
        choice = guide.choose(query(area="121002-弁天", category=["3", "5.1.1"]))
        with self.settings(SASAEAI_GUIDE_MAP=True):
            html = guide.guide_html(choice, "http://testserver/", timezone.localdate())
        self.assertRegex(html, r'<span class="pin-no">\d+</span> 院内ひだまりサロン')
        self.assertIn(f"<h3>{served.name}", html)  # no number before a home service
        self.assertIn('class="pin"', html)

    def test_it_still_makes_the_booklet_when_tiles_fail(self):
        guide_map.fetch_tile.side_effect = OSError("no network")
        with self.settings(SASAEAI_GUIDE_MAP=True):
            response = self.client.get(SMALL)
        self.assertEqual(response.status_code, 200)
        self.assertIn("院内ひだまりサロン", "\n".join(pdf_pages(response.content)))

    def test_it_fetches_nothing_but_tiles(self):
        fetcher = guide.make_fetcher()
        with self.settings(SASAEAI_GUIDE_MAP=True):
            for url in (
                "http://127.0.0.1:8000/",
                "file:///etc/passwd",
                "https://cyberjapandata.gsi.go.jp/xyz/pale/14/x/1.png",
                "https://evil.example/xyz/pale/14/1/1.png",
            ):
                with self.subTest(url=url), self.assertRaises(ValueError):
                    fetcher(url)
            fetcher("https://cyberjapandata.gsi.go.jp/xyz/pale/14/14567/6453.png")
        self.assertEqual(len(self.asked), 1)
        with self.assertRaises(ValueError):  # map off: not even tiles
            fetcher("https://cyberjapandata.gsi.go.jp/xyz/pale/14/14567/6453.png")
