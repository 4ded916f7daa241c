"""The Chiba demo: real consultation places plus fictional resources, and the benchmark generator."""

from __future__ import annotations

import datetime
import re
from collections import Counter
from unittest import mock

import pytest
from django.db.models import Q
from django.test import TestCase
from django.utils import timezone

from areas.models import Area
from directory import demo, demo_words, schedules
from directory.models import Category, Provider, Resource, ScheduleRule

TOP_CODES = ["1", "2", "3", "4", "5", "6"]


def counts() -> dict[str, int]:
    return {
        "resources": Resource.objects.count(),
        "samples": Resource.objects.filter(is_sample=True).count(),
        "providers": Provider.objects.count(),
        "rules": ScheduleRule.objects.count(),
        "areas": Area.objects.count(),
        "categories": Resource.categories.through.objects.count(),
        "served": Resource.served_areas.through.objects.count(),
    }


class ChibaDemoTest(TestCase):
    """One full-size load (1,200 fictional rows); the search index is replaced by a recorder."""

    @classmethod
    def setUpTestData(cls):
        cls.indexed: list[list[int]] = []
        with mock.patch.object(demo, "finish", side_effect=lambda ids: cls.indexed.append(ids)):
            cls.result = demo.load_chiba_demo(count=1200)
        cls.chiba = Area.objects.get(code="121002")
        cls.samples = Resource.objects.filter(municipality=cls.chiba, is_sample=True)

    def test_it_reports_what_it_loaded(self):
        assert self.result["wards"] == 6
        assert self.result["spheres"] == 28
        assert self.result["towns"] == 505
        assert self.result["public"] == 34
        assert self.result["samples"] == 1200

    def test_it_has_at_least_1000_resources_in_every_top_category_and_ward(self):
        assert self.samples.count() >= 1000
        for code in TOP_CODES:
            category = Category.objects.get(code=code)
            assert self.samples.in_category(category).count() > 0, code
        for area in Area.objects.filter(kind__in=[Area.Kind.WARD, Area.Kind.SPHERE]):
            assert self.samples.in_area(area).exists(), area.name
        wards = Counter(
            Area.objects.get(pk=r.town.ancestor_ids[1]).name
            for r in self.samples.exclude(town=None).select_related("town")
        )
        assert set(wards) == {"中央区", "花見川区", "稲毛区", "若葉区", "緑区", "美浜区"}

    def test_it_weights_categories_like_the_brief(self):
        total = self.samples.count()
        share = {
            code: self.samples.in_category(Category.objects.get(code=code)).count() / total
            for code in ["5.1", "5.2", "1", "2", "3", "4", "6"]
        }
        assert 0.38 <= share["5.1"] <= 0.55
        assert 0.06 <= share["5.2"] <= 0.15
        assert 0.06 <= share["3"] <= 0.18
        assert 0.005 <= share["6"] <= 0.06
        for code in ["5.1.1", "5.1.2", "5.1.3", "3.1", "3.2", "3.3", "6.2", "6.4"]:
            assert self.samples.filter(categories__code=code).exists(), code

    def test_it_makes_the_28_centers_category_6_1_serving_their_sphere(self):
        centers = Resource.objects.filter(name__startswith="千葉市あんしんケアセンター")
        assert centers.count() == 28
        for center in centers.prefetch_related("categories", "served_areas").select_related(
            "provider"
        ):
            assert not center.is_sample
            assert [c.code for c in center.categories.all()] == ["6.1"]
            short = center.name.removeprefix("千葉市あんしんケアセンター")
            assert [a.code for a in center.served_areas.all()] == [f"121002-{short}"]
            assert center.provider.name == "千葉市"
            assert center.provider.kind == Provider.Kind.PUBLIC
            assert center.town is None and center.lat is None
            assert center.status == Resource.Status.PUBLISHED
            assert "担当地区" in center.description
        benten = centers.get(name="千葉市あんしんケアセンター弁天")
        assert "院内" in benten.description
        assert benten.kana == "チバシアンシンケアセンターベンテン"

    def test_it_adds_the_six_health_centers(self):
        centers = Resource.objects.filter(categories__code="6.3", is_sample=False)
        assert centers.count() == 6
        chuo = centers.get(name="中央保健福祉センター")
        assert chuo.phone == "043-221-2198"
        assert chuo.address == "千葉市中央区中央4丁目5番1号"
        assert chuo.town.name == "中央四丁目"
        assert [a.name for a in chuo.served_areas.all()] == ["中央区"]
        assert centers.get(name="稲毛保健福祉センター").address == ""

    def test_it_marks_every_fictional_row_as_sample(self):
        city = Provider.objects.get(municipality=self.chiba, name="千葉市", is_sample=False)
        assert Resource.objects.filter(provider=city).count() == 34
        assert not Resource.objects.filter(provider=city, is_sample=True).exists()
        assert not Resource.objects.filter(provider__is_sample=True, is_sample=False).exists()
        assert not Resource.objects.filter(is_sample=True, provider__is_sample=False).exists()
        assert set(Provider.objects.filter(is_sample=True).values_list("kind", flat=True)) == {
            k.value for k in Provider.Kind
        }

    def test_it_places_venues_in_their_town_with_fictional_contacts(self):
        placed = self.samples.exclude(town=None).select_related("town")
        assert placed.count() > 600
        for r in placed:
            assert abs(r.lat - r.town.lat) < 0.003 and abs(r.lng - r.town.lng) < 0.003
            assert r.address.startswith("千葉市") and r.venue_name
            assert re.fullmatch(r"26[0-7]-00\d\d", r.postal_code)
        for phone in self.samples.exclude(phone="").values_list("phone", flat=True):
            assert re.fullmatch(r"043-0\d\d-\d{4}", phone)
        comes_to_you = self.samples.filter(town=None)
        assert all(r.served_areas.exists() for r in comes_to_you[:200])

    def test_it_sets_the_derived_schedule_fields(self):
        today = timezone.localdate()
        for r in self.samples.prefetch_related("schedule_rules")[:300]:
            rules = r.rules()
            assert 1 <= len(rules) <= 2
            assert r.weekday_mask == schedules.weekday_mask(rules)
            assert r.daypart_mask == schedules.daypart_mask(rules)
            upcoming = schedules.next_dates(rules, today, 1)
            assert r.next_date == (upcoming[0] if upcoming else None)
        with_break = ScheduleRule.objects.filter(resource__in=self.samples).exclude(
            except_months=[]
        )
        assert 0.04 <= with_break.count() / self.samples.count() <= 0.16

    def test_it_spreads_status_fees_and_confirmation_dates(self):
        total = self.samples.count()
        status = Counter(self.samples.values_list("status", flat=True))
        for s in [Resource.Status.PAUSED, Resource.Status.DRAFT, Resource.Status.ENDED]:
            assert 0.01 <= status[s] / total <= 0.06, s
        assert 0.25 <= self.samples.filter(fee_amount=0).count() / total <= 0.5
        today = timezone.localdate()
        dates = list(self.samples.values_list("confirmed_on", flat=True))
        assert all(today - datetime.timedelta(days=730) <= d <= today for d in dates)
        old = sum(1 for d in dates if d < today - datetime.timedelta(days=365))
        assert 0.2 <= old / total <= 0.5
        assert self.samples.filter(for_carers=True, categories__code="5.2").exists()

    def test_it_rarely_repeats_a_name_within_a_ward(self):
        names = Counter()
        for r in self.samples.prefetch_related("served_areas").select_related("town"):
            area = r.town or r.served_areas.all()[0]
            ward = area.ancestor_ids[1] if len(area.ancestor_ids) > 1 else area.pk
            names[(ward, r.name)] += 1
        repeated = sum(n - 1 for n in names.values() if n > 1)
        assert repeated / self.samples.count() < 0.1

    def test_it_reindexes_once_with_every_id(self):
        assert len(self.indexed) == 1
        ids = set(self.indexed[0])
        made = Resource.objects.filter(municipality=self.chiba).filter(
            Q(is_sample=True) | Q(provider__name="千葉市")
        )
        assert ids == set(made.values_list("pk", flat=True))


class DemoReloadTest(TestCase):
    def setUp(self):
        patcher = mock.patch.object(demo, "finish", return_value=False)
        patcher.start()
        self.addCleanup(patcher.stop)

    def test_it_is_idempotent(self):
        demo.load_chiba_demo(count=300)
        before = counts()
        centers = dict(Resource.objects.filter(is_sample=False).values_list("name", "pk"))
        names = Counter(Resource.objects.filter(is_sample=True).values_list("name", flat=True))
        demo.load_chiba_demo(count=300)
        assert counts() == before
        assert before["samples"] == 300
        assert dict(Resource.objects.filter(is_sample=False).values_list("name", "pk")) == centers
        assert (
            Counter(Resource.objects.filter(is_sample=True).values_list("name", flat=True)) == names
        )

    def test_it_generates_500_more(self):
        demo.load_chiba_demo(count=300)
        before = Resource.objects.count()
        assert demo.generate_resources(500, batch=200) == 500
        assert Resource.objects.count() == before + 500
        assert Resource.objects.filter(is_sample=True).count() == 800
        newest = Resource.objects.order_by("-pk")[:500]
        assert all(r.is_sample and r.municipality.code == "121002" for r in newest)
        assert ScheduleRule.objects.filter(resource__in=newest).count() >= 500

    def test_it_is_deterministic_for_a_seed(self):
        ctx = demo.build_context(Area.objects.get(code="121002"))
        first = [r.fields["name"] for r in demo.Faker(ctx, 7).rows(50)]
        again = [r.fields["name"] for r in demo.Faker(ctx, 7).rows(50)]
        other = [r.fields["name"] for r in demo.Faker(ctx, 8).rows(50)]
        assert first == again != other

    def test_it_gives_katakana_readings_when_every_part_has_one(self):
        name_kana = demo_words.name_kana
        assert name_kana(("オレンジカフェ", "おれんじかふぇ"), ("さくら", "さくら")) == (
            "オレンジカフェさくら",
            "オレンジカフェサクラ",
        )
        assert name_kana(("院内", None), ("町内会", "ちょうないかい")) == ("院内町内会", "")


def test_a_name_template_fills_its_slots_and_reads_its_own_kana():
    template = (("オレンジカフェ", "おれんじかふぇ"), "（", "{fancy}", "）")
    assert demo_words.compose(template, fancy=("さくら", "さくら")) == (
        "オレンジカフェ（さくら）",
        "オレンジカフェサクラ",
    )
    assert demo_words.compose(template, fancy=("院内", None)) == ("オレンジカフェ（院内）", "")


def test_the_demo_words_name_a_missing_key_or_a_wrong_shape():
    # A slip in demo_data/*.toml must fail at once and say where, not write odd demo rows.
    words = demo_words.Words(
        {"kinds": {"salon": {"fees": [[100, "お茶代"]], "booking": "電話"}}}, ""
    )
    salon = words.section("kinds.salon")
    assert salon.fees("fees") == ((100, "お茶代"),)
    with pytest.raises(demo_words.DataError, match=r"^kinds\.salon\.closings: not in"):
        salon.texts("closings")
    with pytest.raises(demo_words.DataError, match=r"^kinds\.salon\.booking: expected a list"):
        salon.texts("booking")
    with pytest.raises(demo_words.DataError, match=r"^kinds\.salon\.fees: expected a list of str"):
        salon.texts("fees")


def test_it_fails_loudly_when_the_search_index_cannot_be_built(monkeypatch):
    # A demo without its index finds nothing: that must stop the load, not pass silently.
    from directory import search

    monkeypatch.delattr(search, "reindex")
    with pytest.raises(AttributeError):
        demo.finish([1])
