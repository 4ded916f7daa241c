"""/api/hsds/taxonomies and /api/hsds/taxonomy_terms: our category tree."""

from urllib.parse import quote

from directory.models import Category
from tests.hsds.cases import ApiTestCase


class TaxonomyTests(ApiTestCase):
    def test_it_lists_our_one_taxonomy(self):
        page = self.get_json("/api/hsds/taxonomies")
        (taxonomy,) = self.assert_page(page, "taxonomy")
        self.assertEqual(taxonomy["id"], "sasaeai-categories")
        self.assertEqual(self.get_json("/api/hsds/taxonomies/sasaeai-categories"), taxonomy)
        self.assert_valid(taxonomy, "taxonomy")
        self.assertEqual(self.get_ndjson("/api/hsds/taxonomies?format=ndjson"), [taxonomy])

    def test_it_is_a_404_for_another_taxonomy(self):
        self.assert_error("/api/hsds/taxonomies/other", 404)


class TaxonomyTermTests(ApiTestCase):
    def test_it_lists_every_category_as_a_valid_term(self):
        page = self.get_json("/api/hsds/taxonomy_terms?per_page=100")
        terms = self.assert_page(page, "taxonomy_term")
        self.assertEqual(
            [t["code"] for t in terms], sorted(Category.objects.values_list("code", flat=True))
        )
        lines = self.get_ndjson("/api/hsds/taxonomy_terms?format=ndjson")
        self.assertEqual(lines, terms)

    def test_it_shows_a_term_with_its_parent(self):
        term = self.get_json("/api/hsds/taxonomy_terms/5.1.1")
        self.assert_valid(term, "taxonomy_term")
        self.assertEqual(
            (term["id"], term["code"], term["name"]), ("5.1.1", "5.1.1", "ミニデイ・サロン")
        )
        self.assertEqual(term["parent_id"], "5.1")
        self.assertEqual(term["taxonomy_id"], "sasaeai-categories")
        self.assertNotIn("parent_id", self.get_json("/api/hsds/taxonomy_terms/5"))

    def test_it_filters_terms(self):
        top = self.get_json("/api/hsds/taxonomy_terms?top_only=true&per_page=100")["contents"]
        self.assertEqual({t["code"] for t in top}, {"1", "2", "3", "4", "5", "6"})
        children = self.get_json("/api/hsds/taxonomy_terms?parent_id=5.1")["contents"]
        self.assertEqual([t["code"] for t in children], ["5.1.1", "5.1.2", "5.1.3"])
        found = self.get_json(f"/api/hsds/taxonomy_terms?search={quote('サロン')}")["contents"]
        self.assertIn("5.1.1", [t["code"] for t in found])

    def test_it_refuses_bad_filters_and_unknown_terms(self):
        self.assert_error("/api/hsds/taxonomy_terms?top_only=maybe", parameter="top_only")
        self.assert_error("/api/hsds/taxonomy_terms?parent_id=9.9", parameter="parent_id")
        self.assert_error("/api/hsds/taxonomy_terms?taxonomy_id=x", parameter="taxonomy_id")
        self.assert_error("/api/hsds/taxonomy_terms?page=0", parameter="page")
        for code in ("9.9", "x" * 300):
            self.assert_error(f"/api/hsds/taxonomy_terms/{code}", 404)
