"""fieldwork/course_demo.py: a sample 出前講座 and two fictional 担い手候補, marked 見本."""

from __future__ import annotations

import io

from django.core.management import call_command
from django.test import TestCase

from areas.models import Area
from fieldwork import course_demo, editing
from fieldwork.models import Candidate, Course, LocalIssue, abilities_for


class CourseDemoTest(TestCase):
    def setUp(self) -> None:
        self.chiba = Area.objects.get(code="121002")

    def test_it_loads_a_course_and_two_fictional_candidates_with_consent(self):
        self.assertEqual(course_demo.load_course_demo(self.chiba), {"courses": 1, "candidates": 2})
        course = Course.objects.get()
        self.assertTrue(course.is_sample)
        self.assertIsNone(course.attendance)  # the talk gives none: not counted
        names = sorted(Candidate.objects.values_list("name", flat=True))
        self.assertEqual(names, ["見本 太郎", "見本 花子"])
        for candidate in Candidate.objects.all():
            self.assertTrue(candidate.is_sample)
            self.assertTrue(
                candidate.consent_on and candidate.consent_how and candidate.consent_scope
            )
            self.assertEqual(editing.versions_of(candidate).count(), 1)
        self.assertEqual(Candidate.objects.get(name="見本 太郎").course, course)

    def test_it_matches_the_demo_garbage_and_shopping_issue(self):
        call_command("load_demo", count=20, stdout=io.StringIO())
        issue = LocalIssue.objects.get(title="ごみ出し・買い物支援が欲しい")
        found = Candidate.objects.within(issue.area).able_to(abilities_for(issue))
        self.assertEqual(sorted(c.name for c in found), ["見本 太郎", "見本 花子"])

    def test_it_replaces_the_samples_when_loaded_again(self):
        course_demo.load_course_demo(self.chiba)
        course_demo.load_course_demo(self.chiba)
        self.assertEqual((Course.objects.count(), Candidate.objects.count()), (1, 2))

    def test_it_is_loaded_by_load_demo(self):
        out = io.StringIO()
        call_command("load_demo", count=20, stdout=out)
        self.assertIn("出前講座の見本: 1 件・担い手候補 2 人", out.getvalue())
