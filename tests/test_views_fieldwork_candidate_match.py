"""「担い手候補を探す」 on a 地域課題: candidates in the issue's area (everything inside it) whose
abilities fit the issue's category or words; 「連絡した」 as a dated note on the issue."""

from __future__ import annotations

import datetime

from directory.models import Category
from fieldwork import editing
from fieldwork.models import (
    Candidate,
    CandidateContact,
    IssueNote,
    LocalIssue,
    Version,
    abilities_for,
)
from tests.course_base import CourseTestCase


def match_url(issue: LocalIssue) -> str:
    return f"/office/fieldwork/issues/{issue.pk}/candidates/"


class MatchTestCase(CourseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.gomi = cls.make_candidate("弁天 ごみ子", cls.benten, ["garbage"])
        cls.salon_person = cls.make_candidate("弁天 サロン男", cls.benten, ["salon"])
        cls.chuo_gomi = cls.make_candidate("中央 ごみ太", cls.chuo, ["garbage", "shopping"])
        cls.mihama_gomi = cls.make_candidate("美浜 ごみ代", cls.mihama, ["garbage"])

    def found(self, issue: LocalIssue, user) -> list[str]:
        self.client.force_login(user)
        response = self.client.get(match_url(issue))
        self.assertEqual(response.status_code, 200)
        return sorted(c.name for c in response.context["candidates"])


class AbilitiesForTest(MatchTestCase):
    def test_it_maps_categories_and_words_to_abilities(self):
        def wanted(title: str, code: str | None = None, details: str = "") -> list[str]:
            category = Category.objects.get(code=code) if code else None
            return abilities_for(LocalIssue(title=title, details=details, category=category))

        self.assertEqual(wanted("困りごと", "1"), ["garbage", "shopping"])
        self.assertEqual(wanted("困りごと", "3.2"), ["shopping", "watching"])
        self.assertEqual(wanted("困りごと", "5.1.1"), ["salon"])
        self.assertEqual(wanted("通院の足がない"), ["transport"])
        self.assertEqual(wanted("困りごと", "4", details="ごみ出しも"), ["garbage", "watching"])
        self.assertEqual(wanted("困りごと", "6"), [])


class MatchTest(MatchTestCase):
    def test_it_finds_candidates_in_the_area_who_can_help_with_the_issue(self):
        # self.issue 「ごみ出しが大変」 lies in 弁天圏域: the ごみ出し candidates of 弁天圏域 only.
        self.assertEqual(self.found(self.issue, self.higashichiba_coordinator), ["弁天 ごみ子"])
        self.assertEqual(self.found(self.issue, self.admin), ["弁天 ごみ子"])

    def test_it_takes_in_everything_inside_a_ward(self):
        # 「近くにカフェがない」 is filed under 中央区: cafe → サロン運営, inside 中央区.
        self.assertEqual(self.found(self.chuo_issue, self.chuo_coordinator), ["弁天 サロン男"])
        self.chuo_issue.title = "ごみ出しと買い物"
        self.chuo_issue.save()
        self.assertEqual(
            self.found(self.chuo_issue, self.chuo_coordinator), ["中央 ごみ太", "弁天 ごみ子"]
        )

    def test_it_shows_everyone_of_the_area_when_no_ability_is_named(self):
        self.issue.title = "相談先がわからない"
        self.issue.save()
        self.assertEqual(
            self.found(self.issue, self.higashichiba_coordinator), ["弁天 ごみ子", "弁天 サロン男"]
        )

    def test_it_refuses_a_viewer_and_an_issue_outside_the_coordinators_areas(self):
        self.client.force_login(self.viewer)
        self.assertEqual(self.client.get(match_url(self.issue)).status_code, 403)
        self.client.force_login(self.higashichiba_coordinator)
        self.assertEqual(self.client.get(match_url(self.mihama_issue)).status_code, 403)
        self.assertEqual(self.client.get(match_url(self.chuo_issue)).status_code, 403)

    def test_it_links_the_search_from_the_issue_for_its_writers_only(self):
        self.client.force_login(self.higashichiba_coordinator)
        self.assertContains(
            self.client.get(f"/office/fieldwork/issues/{self.issue.pk}/"), "担い手候補を探す"
        )
        self.client.force_login(self.viewer)
        self.assertNotContains(
            self.client.get(f"/office/fieldwork/issues/{self.issue.pk}/"), "担い手候補を探す"
        )


class ContactTest(MatchTestCase):
    def contact(self, candidate: Candidate, **changes):
        data = {
            "candidate": candidate.pk,
            "contacted_on": "2026-11-02",
            "memo": "来月の協議体に来てもらう",
            "version": self.issue.version,
        }
        return self.client.post(match_url(self.issue) + "contact/", {**data, **changes})

    def test_it_records_contacted_as_a_dated_note_keeping_the_status(self):
        self.client.force_login(self.higashichiba_coordinator)
        response = self.contact(self.gomi)
        self.assertRedirects(response, f"/office/fieldwork/issues/{self.issue.pk}/")
        note = IssueNote.objects.get(issue=self.issue)
        self.assertEqual(note.noted_on, datetime.date(2026, 11, 2))
        self.assertEqual(note.status_from, note.status_to)
        self.assertEqual(note.note, "担い手候補に連絡した：来月の協議体に来てもらう")
        self.assertNotIn("ごみ子", note.note)
        self.assertEqual(CandidateContact.objects.get().candidate, self.gomi)
        version = editing.versions_of(self.issue).first()
        self.assertEqual(version.action, Version.Action.STATUS)
        page = self.client.get(f"/office/fieldwork/issues/{self.issue.pk}/")
        self.assertContains(page, "担い手候補：<a href", html=False)
        self.assertContains(page, "弁天 ごみ子")

    def test_it_never_names_the_candidate_on_the_issue_to_a_viewer(self):
        self.client.force_login(self.higashichiba_coordinator)
        self.contact(self.gomi)
        self.client.force_login(self.viewer)
        page = self.client.get(f"/office/fieldwork/issues/{self.issue.pk}/")
        self.assertContains(page, "名前は担当地域のコーディネーターだけが見られます")
        self.assertNotContains(page, "ごみ子")

    def test_it_refuses_a_candidate_the_person_may_not_see(self):
        self.client.force_login(self.higashichiba_coordinator)
        response = self.contact(self.mihama_gomi)
        self.assertContains(response, "その担い手候補は見つかりません。", status_code=400)
        self.assertFalse(IssueNote.objects.filter(issue=self.issue).exists())

    def test_it_refuses_a_future_date_and_a_stale_page(self):
        self.client.force_login(self.higashichiba_coordinator)
        future = self.contact(self.gomi, contacted_on="2999-01-01")
        self.assertContains(future, "今日より後の日付は入力できません。", status_code=400)
        self.contact(self.gomi)
        stale = self.contact(self.gomi)
        self.assertEqual(stale.status_code, 409)
        self.assertEqual(IssueNote.objects.filter(issue=self.issue).count(), 1)
