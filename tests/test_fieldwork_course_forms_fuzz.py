"""Hostile input on the 出前講座 and 担い手候補 forms, the 「連絡した」 and erasure forms and
their filters: never a 500, and a refused form leaves the record as it was."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from fieldwork import editing
from fieldwork.course_forms import CandidateForm, CourseForm
from fieldwork.models import Candidate, CandidateErasure, Course
from tests.course_base import CourseTestCase
from tests.test_office_forms_fuzz import FUZZ, HOSTILE, OK

COURSE_FIELDS = [*CourseForm.Meta.fields, "version"]
CANDIDATE_FIELDS = [*CandidateForm.Meta.fields, "version"]


class CourseFuzzTest(CourseTestCase, HypothesisTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.candidate = cls.make_candidate("弁天 太郎", cls.benten, ["garbage"])

    def course_data(self) -> dict:
        course = Course.objects.get(pk=self.course.pk)
        return {
            "area": self.benten.pk,
            "title": course.title,
            "held_on": course.held_on.isoformat(),
            "audience": course.audience,
            "version": course.version,
        }

    def candidate_data(self) -> dict:
        candidate = Candidate.objects.get(pk=self.candidate.pk)
        return {
            "area": self.benten.pk,
            "name": candidate.name,
            "came_via": "other",
            "consent_on": "2026-10-28",
            "consent_how": "oral",
            "consent_by": "コーディネーター",
            "consent_scope": "連絡のため",
            "version": candidate.version,
        }

    @FUZZ
    @given(values=st.dictionaries(st.sampled_from(COURSE_FIELDS), HOSTILE, min_size=1))
    def test_it_never_fails_on_the_course_form(self, values):
        self.client.force_login(self.higashichiba_coordinator)
        before = editing.snapshot(Course.objects.get(pk=self.course.pk))
        base = "/office/fieldwork/courses/"
        response = self.client.post(
            f"{base}{self.course.pk}/edit/", {**self.course_data(), **values}
        )
        self.assertIn(response.status_code, OK)
        if response.status_code != 302:
            self.assertEqual(editing.snapshot(Course.objects.get(pk=self.course.pk)), before)
        self.assertIn(
            self.client.post(base + "new/", {**self.course_data(), **values}).status_code, OK
        )

    @FUZZ
    @given(values=st.dictionaries(st.sampled_from(CANDIDATE_FIELDS), HOSTILE, min_size=1))
    def test_it_never_fails_on_the_candidate_form(self, values):
        self.client.force_login(self.higashichiba_coordinator)
        before = editing.snapshot(Candidate.objects.get(pk=self.candidate.pk))
        base = "/office/fieldwork/candidates/"
        response = self.client.post(
            f"{base}{self.candidate.pk}/edit/", {**self.candidate_data(), **values}
        )
        self.assertIn(response.status_code, OK)
        if response.status_code != 302:
            self.assertEqual(editing.snapshot(Candidate.objects.get(pk=self.candidate.pk)), before)
        self.assertIn(
            self.client.post(base + "new/", {**self.candidate_data(), **values}).status_code, OK
        )

    @FUZZ
    @given(
        url=st.sampled_from(
            [
                "/office/fieldwork/issues/{issue}/candidates/contact/",
                "/office/fieldwork/candidates/{candidate}/erase/",
                "/office/fieldwork/candidates/{candidate}/history/1/restore/",
                "/office/fieldwork/courses/{course}/history/1/restore/",
            ]
        ),
        values=st.dictionaries(
            st.sampled_from(["candidate", "contacted_on", "memo", "version", "reason"]), HOSTILE
        ),
    )
    def test_it_never_fails_on_the_small_forms(self, url, values):
        self.client.force_login(self.higashichiba_coordinator)
        if values.get("reason") in CandidateErasure.Reason.values:
            values.pop("reason")  # a valid reason would erase the candidate for the next run
        response = self.client.post(
            url.format(issue=self.issue.pk, candidate=self.candidate.pk, course=self.course.pk),
            values,
        )
        self.assertIn(response.status_code, OK)
        self.assertTrue(Candidate.objects.filter(pk=self.candidate.pk).exists())

    @FUZZ
    @given(
        path=st.sampled_from(
            [
                "/office/fieldwork/courses/",
                "/office/fieldwork/candidates/",
                "/office/fieldwork/candidates/new/",
                "/office/fieldwork/candidates/erasures/",
            ]
        ),
        query=st.dictionaries(
            st.sampled_from(["area", "when", "ability", "page", "deleted", "course"]), HOSTILE
        ),
    )
    def test_it_never_fails_on_the_list_filters(self, path, query):
        self.client.force_login(self.admin)
        self.assertIn(self.client.get(path, query).status_code, OK)
