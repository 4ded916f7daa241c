"""The 見本 surveys that load_demo adds (fieldwork/survey_demo.py)."""

from __future__ import annotations

from fieldwork.survey_demo import load_survey_demo
from fieldwork.survey_models import Survey, SurveyTally
from tests.fieldwork_base import FieldworkTestCase


class SurveyDemoTest(FieldworkTestCase):
    def test_it_adds_two_sample_surveys_with_a_tally_and_replaces_them_on_reload(self):
        self.assertEqual(load_survey_demo(self.chiba), 2)
        self.assertEqual(load_survey_demo(self.chiba), 2)
        surveys = Survey.objects.filter(is_sample=True)
        self.assertEqual(surveys.count(), 2)
        self.assertTrue(all(s.title.startswith("見本") and s.area == self.benten for s in surveys))
        tally = SurveyTally.objects.get()
        self.assertEqual(tally.rows, 30)
        kinds = {q["question"]: q["kind"] for q in tally.questions}
        self.assertEqual(kinds["回答者番号"], "personal")
        self.assertEqual(kinds["困っていること（いくつでも）"], "multi")
        self.client.force_login(self.viewer)
        page = self.client.get(f"/office/fieldwork/surveys/{tally.survey_id}/")
        self.assertContains(page, "見本")
        self.assertContains(page, "できるし、している")
