"""Hostile input on the 調査 form, its filters, its finding button and its CSV of answers:
whatever is sent, never a 500, and a refused form leaves the survey as it was."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from fieldwork import editing
from fieldwork.survey_models import SURVEY_FIELDS, Survey, SurveyTally
from tests.test_office_forms_fuzz import FUZZ, HOSTILE, OK
from tests.test_views_fieldwork_surveys import LIST, SurveyTestCase

FIELDS = [*SURVEY_FIELDS, "version"]


class SurveyFuzzTest(SurveyTestCase, HypothesisTestCase):
    @FUZZ
    @given(values=st.dictionaries(st.sampled_from(FIELDS), HOSTILE, min_size=1))
    def test_it_never_fails_on_the_survey_form(self, values):
        self.client.force_login(self.higashichiba_coordinator)
        before = editing.snapshot(Survey.objects.get(pk=self.survey.pk))
        response = self.client.post(
            f"{LIST}{self.survey.pk}/edit/", {**self.survey_data(), **values}
        )
        self.assertIn(response.status_code, OK)
        if response.status_code != 302:
            self.assertEqual(editing.snapshot(Survey.objects.get(pk=self.survey.pk)), before)
        self.assertIn(
            self.client.post(f"{LIST}new/", {**self.survey_data(), **values}).status_code, OK
        )

    @FUZZ
    @given(
        query=st.dictionaries(st.sampled_from(["area", "kind", "page", "deleted"]), HOSTILE),
        finding=st.dictionaries(st.sampled_from(["finding", "into"]), HOSTILE),
    )
    def test_it_never_fails_on_the_filters_and_the_finding_button(self, query, finding):
        self.client.force_login(self.admin)
        self.assertIn(self.client.get(LIST, query).status_code, OK)
        response = self.client.post(f"{LIST}{self.survey.pk}/findings/", finding)
        self.assertIn(response.status_code, OK)

    @FUZZ
    @given(
        text=st.text(max_size=400),
        encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp932", "utf-16"]),
        label=HOSTILE,
    )
    def test_it_never_fails_on_a_csv_of_answers(self, text, encoding, label):
        self.client.force_login(self.higashichiba_coordinator)
        data = ("問1,問2（いくつでも）\n" + text).encode(encoding, errors="replace")
        before = SurveyTally.objects.count()
        response = self.client.post(
            f"{LIST}{self.survey.pk}/answers/",
            {"label": label, "file": SimpleUploadedFile("a.csv", data)},
        )
        self.assertIn(response.status_code, OK)
        if response.status_code != 302:
            self.assertEqual(SurveyTally.objects.count(), before)
