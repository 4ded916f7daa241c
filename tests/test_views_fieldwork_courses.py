"""出前講座 pages: list with filters, create (past or planned), edit, delete, history; the
担い手候補 a course found are named only to those who may see them."""

from __future__ import annotations

import datetime

from django.utils import timezone

from fieldwork import editing
from fieldwork.models import Candidate, Course
from tests.course_base import CourseTestCase

LIST = "/office/fieldwork/courses/"


class CourseViewTestCase(CourseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.candidate = cls.make_candidate(
            "講座 一郎", cls.benten, [], came_via=Candidate.CameVia.COURSE, course=cls.course
        )

    def course_data(self, **changes) -> dict:
        data = {
            "area": self.benten.pk,
            "title": self.course.title,
            "held_on": "2026-10-28",
            "audience": self.course.audience,
            "version": self.course.version,
        }
        return {**data, **changes}


class CourseListTest(CourseViewTestCase):
    def test_it_lists_held_and_planned_courses(self):
        planned = timezone.localdate() + datetime.timedelta(days=30)
        editing.create(
            Course(
                municipality=self.chiba,
                area=self.mihama,
                title="これからの講座",
                held_on=planned,
                audience=Course.Audience.SENIOR_CLUB,
            ),
            self.admin,
        )
        self.client.force_login(self.viewer)

        def titles(query: dict) -> list[str]:
            return [c.title for c in self.client.get(LIST, query).context["page"]]

        self.assertEqual(titles({}), ["これからの講座", "支えあい出前講座"])
        self.assertEqual(titles({"when": "planned"}), ["これからの講座"])
        self.assertEqual(titles({"when": "held"}), ["支えあい出前講座"])
        self.assertEqual(titles({"area": self.chuo.pk}), ["支えあい出前講座"])
        response = self.client.get(LIST)
        self.assertContains(response, "（予定）")
        self.assertContains(response, "数えていない")

    def test_it_says_a_bad_filter_in_japanese(self):
        self.client.force_login(self.viewer)
        response = self.client.get(LIST, {"when": "someday"})
        self.assertContains(response, "開催：一覧にある開催の状態を選んでください。")
        self.assertEqual(len(response.context["page"]), 1)


class CourseCreateTest(CourseViewTestCase):
    def test_it_records_a_course_leaving_attendance_unknown(self):
        self.client.force_login(self.higashichiba_coordinator)
        response = self.client.post(
            LIST + "new/",
            self.course_data(title="新しい講座", place="弁天会館", presented="支えあいとは"),
        )
        course = Course.objects.get(title="新しい講座")
        self.assertRedirects(response, f"{LIST}{course.pk}/")
        self.assertIsNone(course.attendance)
        self.assertEqual(editing.versions_of(course).count(), 1)

    def test_it_refuses_an_attendance_for_a_course_not_yet_held(self):
        self.client.force_login(self.higashichiba_coordinator)
        later = (timezone.localdate() + datetime.timedelta(days=7)).isoformat()
        response = self.client.post(
            LIST + "new/", self.course_data(title="予定の講座", held_on=later, attendance="20")
        )
        self.assertContains(response, "まだ開いていない講座です。", status_code=400)
        self.assertFalse(Course.objects.filter(title="予定の講座").exists())
        planned = self.client.post(
            LIST + "new/", self.course_data(title="予定の講座", held_on=later)
        )
        self.assertEqual(planned.status_code, 302)

    def test_it_names_each_bad_field(self):
        self.client.force_login(self.higashichiba_coordinator)
        response = self.client.post(
            LIST + "new/",
            self.course_data(title="", held_on="昨日", audience="猫", attendance="-1"),
        )
        for message in (
            "日付は 2026-06-01 のように入力してください。",
            "一覧にある対象を選んでください。",
            "0以上の数を入力してください。",
        ):
            self.assertContains(response, message, status_code=400)

    def test_it_refuses_an_area_outside_the_coordinators(self):
        self.client.force_login(self.higashichiba_coordinator)
        response = self.client.post(
            LIST + "new/", self.course_data(title="外の講座", area=self.mihama.pk)
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(Course.objects.filter(title="外の講座").exists())


class CourseDetailTest(CourseViewTestCase):
    def test_it_names_its_candidates_to_their_areas_coordinator(self):
        self.client.force_login(self.higashichiba_coordinator)
        response = self.client.get(f"{LIST}{self.course.pk}/")
        self.assertContains(response, "講座 一郎")
        self.assertContains(response, f"/office/fieldwork/candidates/new/?course={self.course.pk}")

    def test_it_counts_but_never_names_them_to_a_viewer(self):
        self.client.force_login(self.viewer)
        response = self.client.get(f"{LIST}{self.course.pk}/")
        self.assertNotContains(response, "講座 一郎")
        self.assertContains(response, "ほかに1人の担い手候補がいます。")


class CourseEditTest(CourseViewTestCase):
    def test_it_saves_restores_and_answers_409_to_a_stale_editor(self):
        self.client.force_login(self.higashichiba_coordinator)
        url = f"{LIST}{self.course.pk}/"
        self.assertRedirects(
            self.client.post(url + "edit/", self.course_data(attendance="25")), url
        )
        stale = self.client.post(url + "edit/", self.course_data(attendance="30"))
        self.assertContains(stale, "ほかの人がこの出前講座を保存しました", status_code=409)
        self.course.refresh_from_db()
        self.assertEqual(self.course.attendance, 25)
        history = self.client.get(url + "history/")
        self.assertContains(history, f'href="{url}history/2/"')
        self.client.post(url + "history/1/restore/")
        self.course.refresh_from_db()
        self.assertIsNone(self.course.attendance)

    def test_it_soft_deletes_and_only_the_admin_undoes_it(self):
        self.client.force_login(self.higashichiba_coordinator)
        url = f"{LIST}{self.course.pk}/"
        self.client.post(url + "delete/")
        self.assertEqual(self.client.get(url).status_code, 404)
        self.client.force_login(self.admin)
        self.client.post(url + "undelete/")
        self.course.refresh_from_db()
        self.assertFalse(self.course.is_deleted)
