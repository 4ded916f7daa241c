"""directory/search/ on the real database (run on SQLite and on PostgreSQL)."""

import tempfile
from pathlib import Path
from unittest import mock

from django.test import override_settings

from areas.models import Area
from directory import search
from directory.models import Resource, SearchToken
from directory.search import query
from search_eval import needs
from search_eval.evaluate import evaluate, report
from tests.base import DirectoryTestCase


def names(criteria: search.Criteria) -> list[str]:
    return [r.name for r in search.run(criteria, 1, 100).resources]


class SearchTests(DirectoryTestCase):
    def crit(self, **kwargs) -> search.Criteria:
        return search.Criteria(municipality=self.chiba, **kwargs)

    def test_it_finds_words_of_any_length(self):
        teahouse = self.make_resource(
            name="院内の湯 ふれあい囲碁",
            category="5.1.1",
            town=self.innai,
            keywords="囲碁 碁",
            description="ごみ出しのお手伝いもしています。",
        )
        for word in ("湯", "囲碁", "ごみ出し", "ふれあい囲碁", "院内"):
            self.assertIn(teahouse.name, names(self.crit(q=word)), word)

    def test_it_folds_width_kana_and_old_forms(self):
        resource = self.make_resource(
            name="髙橋さんちのカフェ", category="5.1.1", town=self.innai, keywords="ゴミ"
        )
        for word in ("ｶﾌｪ", "かふぇ", "高橋", "ごみ", "カフェ"):
            self.assertIn(resource.name, names(self.crit(q=word)), word)

    def test_it_applies_several_words_as_and(self):
        self.assertIn("院内ひだまりサロン", names(self.crit(q="ひだまり 体操")))
        outcome = search.run(self.crit(q="ひだまり 配食", area=self.innai))
        self.assertTrue(outcome.fallback)  # no resource holds both: the nearest are shown
        self.assertEqual(
            search.Search(self.crit(q="ひだまり 配食"), outcome.query).count(), (0, False)
        )

    def test_it_reads_the_synonym_file_at_query_time(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "synonyms.txt"
            path.write_text("ひなたぼっこ, ひだまり\n", encoding="utf-8")
            with override_settings(SASAEAI_SYNONYMS_FILE=path):
                self.assertIn("院内ひだまりサロン", names(self.crit(q="ひなたぼっこ")))
            self.assertNotIn("院内ひだまりサロン", names(self.crit(q="ひなたぼっこ")))

    def test_it_understands_needs_written_as_sentences(self):
        watch = self.make_resource(
            name="院内あんしん見守り隊",
            category="4",
            town=self.innai,
            description="一人暮らしの方を週1回訪問し、安否確認をします。",
        )
        self.assertIn(watch.name, names(self.crit(q="一人暮らしで倒れたら心配", area=self.innai)))

    def test_it_keeps_a_search_inside_its_municipality(self):
        other = Area.objects.create(code="999997", kind=Area.Kind.MUNICIPALITY, name="見本町")
        stranger = Resource.objects.create(municipality=other, name="院内ひだまりサロン別館")
        search.reindex([stranger.pk])
        self.assertTrue(
            SearchToken.objects.filter(resource=stranger, municipality_id=other.pk).exists()
        )
        self.assertNotIn(stranger.name, names(self.crit(q="ひだまり")))
        other_names = names(search.Criteria(municipality=other, q="ひだまり"))
        self.assertEqual(other_names, [stranger.name])

    def test_it_reindexes_after_an_edit(self):
        self.salon.name, self.salon.kana = "院内おひさまサロン", "インナイオヒサマサロン"
        self.salon.save()
        self.salon.refresh_derived()
        self.assertIn("院内おひさまサロン", names(self.crit(q="おひさま")))
        self.assertNotIn("院内おひさまサロン", names(self.crit(q="ひだまり")))

    def test_it_ranks_name_matches_first(self):
        self.make_resource(
            name="院内ふれあいの会",
            category="5.1.1",
            town=self.innai,
            description="ひだまりのような場所です。",
        )
        result = names(self.crit(q="ひだまり", area=self.innai))
        self.assertEqual(result[0], "院内ひだまりサロン")
        self.assertIn("院内ふれあいの会", result)

    def test_it_ranks_evidence_from_name_and_tags_above_a_name_alone(self):
        self.make_resource(name="院内なごみの会", category="5.1.1", town=self.innai)
        self.make_resource(
            name="院内ごみ出しお手伝い", category="1", town=self.innai, keywords="ごみ出し"
        )
        result = names(self.crit(q="ゴミ", area=self.innai))
        self.assertLess(result.index("院内ごみ出しお手伝い"), result.index("院内なごみの会"))

    def test_it_finds_a_word_that_names_a_category_in_the_text_too(self):
        shop = self.make_resource(name="院内ふれあい号", category="3.3", town=self.innai)
        salon = self.make_resource(
            name="院内ひまわりサロン",
            category="5.1.1",
            town=self.innai,
            description="月に一度、移動販売の車が会館の前に来ます。",
        )
        result = names(self.crit(q="移動販売", area=self.innai))
        self.assertIn(salon.name, result)
        self.assertLess(result.index(shop.name), result.index(salon.name))

    def test_it_caps_the_count(self):
        with mock.patch.object(query, "COUNT_CAP", 5):
            with_words = search.run(self.crit(q="サロン"), 1, 2)
            without = search.run(self.crit(), 1, 2)
        self.assertEqual((with_words.count, with_words.capped, with_words.pages), (5, True, 3))
        self.assertEqual((without.count, without.capped, without.pages), (5, True, 3))

    def test_it_finds_the_consultation_of_an_area(self):
        found = [r.name for r in search.consultation_for(self.chiba, self.innai)]
        self.assertIn("千葉市あんしんケアセンター弁天", found)
        self.assertNotIn("千葉市あんしんケアセンター幸町", found)


class SearchEvaluationTests(DirectoryTestCase):
    def test_it_finds_the_right_kind_of_resource_for_at_least_90_percent_of_the_queries(self):
        verdicts = evaluate()
        self.assertGreaterEqual(len(verdicts), 40)
        rate = sum(v.hit for v in verdicts) / len(verdicts)
        self.assertGreaterEqual(rate, 0.95, report(verdicts))
        # Short keyword queries keep their AND (a sentence's widening leaves them alone):
        # 0.96 on the test database before and after round 8 (0.99 on the demo's).
        precision = sum(v.precision for v in verdicts) / len(verdicts)
        self.assertGreaterEqual(precision, 0.96, report(verdicts))

    def test_it_answers_the_dev_need_phrases_on_the_site_and_through_the_api(self):
        """search_eval/data/need_phrases.tsv, the dev half (the held half is measured by
        `python -m search_eval`, never a test's floor): a resource of an expected kind in
        the top 5, site and API alike (they rank with one function)."""
        (dev,) = needs.measure(["dev"])
        # 0.93 until round 8 added 65 rows from new pages (50 found as they came): 0.91.
        self.assertGreaterEqual(dev.site / dev.cases, 0.91, needs.report([dev], misses=True))
        self.assertEqual(dev.api, dev.site, needs.report([dev], misses=True))
        self.assertGreater(dev.site, dev.blind + 0.2 * dev.cases)


class SentenceWideningTests(DirectoryTestCase):
    """A sentence whose words together hold less than a page (results.Widened): those first,
    then what its needs alone find; the same with the bench's naive scan (bench/baselines)."""

    Q = "近所に食料品を売る店がなくて買い物に行けない"

    def test_it_lists_what_the_needs_find_after_the_few_that_hold_every_word(self):
        from bench.baselines import answer_of, naive_find

        town = Area.objects.create(code="999991", kind=Area.Kind.MUNICIPALITY, name="試験村")

        def make(name: str, description: str) -> Resource:
            return self.make_resource(
                name=name,
                category="3.3",
                municipality=town,
                provider=None,
                description=description,
            )

        every = make("移動販売 あおば", "食料品を積んで回ります")
        need = make("移動販売 わかば", "野菜を積んで回ります")
        criteria = search.Criteria(municipality=town, q=self.Q)
        outcome = search.find(criteria, 1, 20)
        self.assertEqual(outcome.resources, [every.pk, need.pk])
        self.assertEqual((outcome.count, outcome.fallback), (2, False))
        self.assertEqual(answer_of(outcome), naive_find(criteria, 20))
        # Keywords, or a page full of what holds every word, keep the AND.
        keywords = search.Criteria(municipality=town, q="移動販売 食料品")
        self.assertEqual(search.find(keywords, 1, 20).resources, [every.pk])
        with override_settings(SASAEAI_PAGE_SIZE=1):
            self.assertEqual(search.find(criteria, 1, 20).resources, [every.pk])
            self.assertEqual(answer_of(search.find(criteria, 1, 20)), naive_find(criteria, 20))


class SearchPlanTests(DirectoryTestCase):
    """Whatever plan the planner picks, the result is the same: checked against a plain scan."""

    CASES = [
        {"q": "サロン"},
        {"q": "体操", "days": (1,)},
        {"days": (0, 1, 2, 3, 4), "daypart": 2},
        {"q": "配食"},
        {"q": "ごみ出しが大変"},
        {"category": "5.1.1", "free": True},
        {"category": "3", "area": "121011"},
        {"area": "121002-弁天", "days": (2,), "daypart": 1},
        {"q": "見守り", "area": "121011-院内一丁目", "no_booking": True},
        {"carers": True},
        {"q": "移動販売"},
        {"q": "介護者支援", "area": "121002-弁天"},
    ]

    def criteria(self, case: dict, order: str) -> search.Criteria:
        from directory.models import Category

        values = dict(case)
        if "category" in values:
            values["category"] = Category.objects.get(code=values["category"])
        if "area" in values:
            values["area"] = Area.objects.get(code=values["area"])
        return search.Criteria(municipality=self.chiba, order=order, **values)

    def expected(self, criteria: search.Criteria) -> set[int]:
        """A plain scan: the ORM's conditions, then every word tested on the folded text
        (a word that names a category: the text, or the category's token)."""
        rows = dict(search.filtered(criteria).values_list("pk", "search_text"))
        query = search.parse(criteria.q)
        for term in query.terms if query else []:
            patterns = [v.pattern for v in search.term_variants(term.variants)]
            rows = {pk: text for pk, text in rows.items() if any(p in text for p in patterns)}
        return set(rows)

    def test_it_finds_the_same_resources_with_every_plan(self):
        for case in self.CASES:
            criteria = self.criteria(case, "next")
            query = search.parse(criteria.q)
            expected = self.expected(criteria)
            chosen = search.Search(criteria, query)
            for plan in ["walk", *range(len(chosen.requirements()))]:
                found = search.Search(criteria, query, plan=plan).candidates()
                self.assertEqual(set(found), expected, (case, plan))
                self.assertEqual(len(found), len(set(found)), (case, plan))

    def test_it_orders_by_next_date_the_same_way_with_every_plan(self):
        for case in self.CASES:
            for order in ("next", "confirmed"):
                criteria = self.criteria(case, order)
                query = search.parse(criteria.q)
                walked = search.Search(criteria, query, plan="walk").candidates()
                listed = search.Search(criteria, query, plan=0).candidates()
                self.assertEqual(walked, listed, (case, order))

    def test_it_matches_the_orm_filters_for_conditions(self):
        """The condition tokens agree with the ORM's own definition of each condition."""
        for case in self.CASES:
            if "q" in case:
                continue
            criteria = self.criteria(case, "next")
            found = set(search.Search(criteria, None).candidates())
            self.assertEqual(
                found, set(search.filtered(criteria).values_list("pk", flat=True)), case
            )
