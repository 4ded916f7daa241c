"""担い手候補: consent required, seen only by their area's coordinators and the 管理者,
versions, complete erasure (no trace of the name anywhere in the database), the erasure log."""

from __future__ import annotations

import json

from django.db import connection

from fieldwork import editing
from fieldwork.models import (
    Candidate,
    CandidateContact,
    CandidateErasure,
    IssueNote,
    Version,
)
from tests.course_base import CourseTestCase

LIST = "/office/fieldwork/candidates/"
NAME = "消去 試験子"


def url(candidate: Candidate, tail: str = "") -> str:
    return f"{LIST}{candidate.pk}/{tail}"


class CandidateTestCase(CourseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        contact = {"contact": "043-555-0199"}
        cls.candidate = cls.make_candidate(
            "弁天 太郎", cls.benten, ["garbage", "watching"], **contact
        )
        cls.chuo_candidate = cls.make_candidate("中央 次郎", cls.chuo, ["shopping"], **contact)
        cls.mihama_candidate = cls.make_candidate("美浜 三郎", cls.mihama, ["garbage"], **contact)

    def candidate_data(self, **changes) -> dict:
        data = {
            "area": self.benten.pk,
            "name": NAME,
            "contact": "shiken@example.jp",
            "abilities": ["salon", "shopping"],
            "availability": "平日の午前",
            "came_via": "course",
            "course": self.course.pk,
            "consent_on": "2026-10-28",
            "consent_how": "written",
            "consent_by": "東千葉圏域 第2層",
            "consent_scope": "連絡のため",
        }
        return {**data, **changes}


class CandidateCreateTest(CandidateTestCase):
    def test_it_records_a_candidate_from_a_course(self):
        self.client.force_login(self.higashichiba_coordinator)
        form = self.client.get(LIST + "new/", {"course": self.course.pk})
        self.assertEqual(form.context["form"].initial["course"], self.course.pk)
        self.assertEqual(form.context["form"].initial["area"], self.benten.pk)
        response = self.client.post(LIST + "new/", self.candidate_data())
        candidate = Candidate.objects.get(name=NAME)
        self.assertRedirects(response, url(candidate))
        self.assertEqual(candidate.abilities, ["salon", "shopping"])
        self.assertEqual(candidate.course, self.course)
        self.assertEqual(editing.versions_of(candidate).count(), 1)
        self.assertNotIn(NAME, self.client.get(url(candidate)).context["messages"].__repr__())

    def test_it_refuses_a_candidate_without_consent(self):
        self.client.force_login(self.higashichiba_coordinator)
        for missing in ("consent_on", "consent_how", "consent_by", "consent_scope"):
            with self.subTest(missing=missing):
                response = self.client.post(LIST + "new/", self.candidate_data(**{missing: ""}))
                self.assertEqual(response.status_code, 400)
        response = self.client.post(LIST + "new/", self.candidate_data(consent_on=""))
        self.assertContains(
            response,
            "同意を得た日を入力してください。同意がなければ記録できません。",
            status_code=400,
        )
        self.assertFalse(Candidate.objects.filter(name=NAME).exists())

    def test_it_refuses_a_row_without_consent_in_the_database_too(self):
        from django.db import IntegrityError, transaction

        with self.assertRaises(IntegrityError), transaction.atomic():
            Candidate.objects.filter(pk=self.candidate.pk).update(consent_how="")

    def test_it_asks_for_the_course_when_they_came_from_one(self):
        self.client.force_login(self.higashichiba_coordinator)
        response = self.client.post(LIST + "new/", self.candidate_data(course=""))
        self.assertContains(response, "その講座を選んでください。", status_code=400)
        other = self.client.post(LIST + "new/", self.candidate_data(came_via="other"))
        self.assertContains(other, "出前講座は（なし）にしてください。", status_code=400)

    def test_it_refuses_an_area_outside_the_coordinators(self):
        self.client.force_login(self.higashichiba_coordinator)
        response = self.client.post(LIST + "new/", self.candidate_data(area=self.mihama.pk))
        self.assertEqual(response.status_code, 400)
        self.assertFalse(Candidate.objects.filter(name=NAME).exists())


class CandidateVisibilityTest(CandidateTestCase):
    def names(self, user) -> list[str]:
        self.client.force_login(user)
        return [c.name for c in self.client.get(LIST).context["page"]]

    def test_it_lists_only_the_candidates_of_the_persons_areas(self):
        self.assertEqual(self.names(self.higashichiba_coordinator), ["弁天 太郎"])
        self.assertEqual(sorted(self.names(self.chuo_coordinator)), ["中央 次郎", "弁天 太郎"])
        self.assertEqual(len(self.names(self.admin)), 3)

    def test_it_refuses_a_viewer_and_another_areas_coordinator(self):
        self.client.force_login(self.viewer)
        self.assertEqual(self.client.get(LIST).status_code, 403)
        self.assertEqual(self.client.get(url(self.candidate)).status_code, 403)
        self.assertEqual(self.client.get(url(self.candidate, "history/1/")).status_code, 403)
        self.client.force_login(self.higashichiba_coordinator)
        refused = self.client.get(url(self.chuo_candidate))
        self.assertEqual(refused.status_code, 403)
        self.assertNotContains(refused, "中央 次郎", status_code=403)
        self.assertEqual(self.client.get(url(self.chuo_candidate, "history/")).status_code, 403)

    def test_it_filters_by_ability(self):
        self.client.force_login(self.admin)
        page = self.client.get(LIST, {"ability": "garbage"}).context["page"]
        self.assertEqual(sorted(c.name for c in page), ["弁天 太郎", "美浜 三郎"])


class CandidateEditTest(CandidateTestCase):
    def test_it_keeps_versions_and_restores(self):
        self.client.force_login(self.higashichiba_coordinator)
        data = self.candidate_data(name="弁天 太郎", came_via="other", course="")
        data["version"] = self.candidate.version
        response = self.client.post(url(self.candidate, "edit/"), {**data, "availability": "夜"})
        self.assertRedirects(response, url(self.candidate))
        self.assertEqual(editing.versions_of(self.candidate).count(), 2)
        self.client.post(url(self.candidate, "history/1/restore/"))
        self.candidate.refresh_from_db()
        self.assertEqual(self.candidate.availability, "")


class EraseTest(CandidateTestCase):
    def make_and_contact(self) -> Candidate:
        """A candidate made through the form, edited, and contacted about an issue."""
        self.client.force_login(self.higashichiba_coordinator)
        self.client.post(LIST + "new/", self.candidate_data())
        candidate = Candidate.objects.get(name=NAME)
        self.client.post(
            url(candidate, "edit/"),
            {**self.candidate_data(notes=f"{NAME}さんは自転車"), "version": candidate.version},
        )
        self.client.post(
            f"/office/fieldwork/issues/{self.issue.pk}/candidates/contact/",
            {
                "candidate": candidate.pk,
                "contacted_on": "2026-11-01",
                "memo": f"{NAME}さんに電話",
                "version": self.issue.version,
            },
        )
        return candidate

    def test_it_asks_for_confirmation_first(self):
        candidate = self.make_and_contact()
        page = self.client.get(url(candidate, "erase/"))
        self.assertContains(page, "元に戻せません")
        self.assertContains(page, "変更履歴（2版）")
        refused = self.client.post(url(candidate, "erase/"), {})
        self.assertContains(refused, "消去する理由を選んでください。", status_code=400)
        self.assertTrue(Candidate.objects.filter(pk=candidate.pk).exists())

    def test_it_leaves_no_trace_of_the_name_anywhere_in_the_database(self):
        candidate = self.make_and_contact()
        number = candidate.pk
        self.assertTrue(self.tables_holding(NAME))  # the search finds it before
        response = self.client.post(url(candidate, "erase/"), {"reason": "withdrawn"})
        self.assertRedirects(response, LIST)
        self.assertEqual(self.tables_holding(NAME), [])
        self.assertEqual(self.tables_holding("shiken@example.jp"), [])
        self.assertFalse(
            Version.objects.filter(kind=Version.Kind.CANDIDATE, record_id=number).exists()
        )
        log = CandidateErasure.objects.get()
        self.assertEqual(
            (log.candidate_number, log.reason, log.versions_erased, log.contacts_cut),
            (number, "withdrawn", 2, 1),
        )
        note = IssueNote.objects.get(contact__isnull=False)
        self.assertEqual(note.note, CandidateContact.ERASED_NOTE)
        issue_page = self.client.get(f"/office/fieldwork/issues/{self.issue.pk}/")
        self.assertContains(issue_page, "担い手候補：消去された担い手候補")
        self.assertEqual(self.client.get(url(candidate)).status_code, 404)
        log_page = self.client.get(LIST + "erasures/")
        self.assertContains(log_page, f"#{number}")
        self.assertContains(log_page, "本人が同意を取り消した")

    def test_it_lets_only_the_areas_coordinator_and_the_admin_erase(self):
        self.client.force_login(self.higashichiba_coordinator)
        response = self.client.post(url(self.chuo_candidate, "erase/"), {"reason": "mistake"})
        self.assertEqual(response.status_code, 403)
        self.client.force_login(self.admin)
        response = self.client.post(url(self.chuo_candidate, "erase/"), {"reason": "mistake"})
        self.assertEqual(response.status_code, 302)
        self.assertFalse(Candidate.objects.filter(pk=self.chuo_candidate.pk).exists())

    @staticmethod
    def tables_holding(text: str) -> list[str]:
        """Every table and text column of the database (not only the models'), JSON as
        stored (with \\u escapes) and as read: the tables where `text` appears."""
        escaped = json.dumps(text)[1:-1]
        found = []
        with connection.cursor() as cursor:
            for table in connection.introspection.table_names(cursor):
                cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
                for row in cursor.fetchall():
                    values = [v for v in row if isinstance(v, str)]
                    if any(text in v or escaped in v for v in values):
                        found.append(table)
                        break
        return found
