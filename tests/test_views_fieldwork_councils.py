"""協議体 pages: the list, a council with its members (personal data: back office only) and
meetings, creating and editing them (409 on a stale meeting edit), delete, undo, history."""

from __future__ import annotations

from django.test import Client

from fieldwork import editing
from fieldwork.council_models import Council, Meeting
from fieldwork.models import Version
from tests.council_base import CouncilTestCase

BASE = "/office/fieldwork"


class CouncilPagesTest(CouncilTestCase):
    def test_it_lists_councils_and_filters_by_area(self):
        self.client.force_login(self.viewer)
        names = [c.name for c in self.client.get(f"{BASE}/councils/").context["page"]]
        self.assertEqual(names, ["A地区協議体", "美浜協議体"])
        page = self.client.get(f"{BASE}/councils/", {"area": self.mihama.pk}).context["page"]
        self.assertEqual([c.name for c in page], ["美浜協議体"])

    def test_it_shows_members_with_their_contact_to_the_back_office_only(self):
        self.client.force_login(self.viewer)
        response = self.client.get(f"{BASE}/councils/{self.council.pk}/")
        self.assertContains(response, "A地区民生委員")
        self.assertContains(response, "民生委員・児童委員")
        self.assertContains(response, "民生 花子")
        self.assertContains(response, "第1回 ワークショップ")
        for path in ("/", "/search/?q=民生", "/ideas/"):
            self.assertNotContains(Client().get(path), "民生 花子")

    def test_it_creates_a_council_in_the_coordinators_area_and_refuses_outside(self):
        self.client.force_login(self.higashichiba_coordinator)
        data = {"area": self.benten.pk, "name": "B地区協議体", "purpose": ""}
        response = self.client.post(f"{BASE}/councils/new/", data)
        council = Council.objects.get(name="B地区協議体")
        self.assertRedirects(response, f"{BASE}/councils/{council.pk}/")
        self.assertEqual(editing.versions_of(council).get().action, Version.Action.CREATE)
        response = self.client.post(f"{BASE}/councils/new/", {**data, "area": self.mihama.pk})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "一覧にある地域を選んでください", status_code=400)
        response = self.client.post(f"{BASE}/councils/new/", {**data, "name": ""})
        self.assertContains(response, "協議体の名前を入力してください", status_code=400)

    def test_it_saves_members_as_one_version_and_restores_them(self):
        self.client.force_login(self.higashichiba_coordinator)
        url = f"{BASE}/councils/{self.council.pk}/members/"
        form = self.client.get(url)
        self.assertContains(form, 'value="A地区民生委員"')
        data = {
            "m-TOTAL_FORMS": "3",
            "m-INITIAL_FORMS": "0",
            "m-0-name": "地区自治会町内会連絡協議会",
            "m-0-kind": "jichikai",
            "m-0-contact": "会長 043-555-0000",
            "m-1-name": "",
            "m-2-name": "",
            "version": str(self.council.version),
        }
        self.assertRedirects(self.client.post(url, data), f"{BASE}/councils/{self.council.pk}/")
        self.council.refresh_from_db()
        self.assertEqual(
            self.council.members,
            [
                {
                    "name": "地区自治会町内会連絡協議会",
                    "kind": "jichikai",
                    "contact": "会長 043-555-0000",
                    "note": "",
                }
            ],
        )
        latest = editing.versions_of(self.council).first()
        self.assertEqual(latest.changed, ["members"])
        restore = f"{BASE}/councils/{self.council.pk}/history/1/restore/"
        self.client.post(restore, {"version": self.council.version})
        self.council.refresh_from_db()
        self.assertEqual(self.council.members[0]["name"], "A地区民生委員")

    def test_it_names_the_row_and_field_of_a_bad_member_and_saves_nothing(self):
        self.client.force_login(self.higashichiba_coordinator)
        url = f"{BASE}/councils/{self.council.pk}/members/"
        data = {
            "m-TOTAL_FORMS": "2",
            "m-INITIAL_FORMS": "0",
            "m-0-name": "民生委員",
            "m-0-kind": "minsei",
            "m-1-name": "",
            "m-1-contact": "山田",
            "version": str(self.council.version),
        }
        response = self.client.post(url, data)
        self.assertContains(response, "2行目の団体名：団体名を入力してください", status_code=400)
        self.council.refresh_from_db()
        self.assertEqual(len(self.council.members), 2)
        response = self.client.post(url, {**data, "m-1-contact": "", "m-0-kind": "nope"})
        self.assertContains(response, "一覧にある種別を選んでください", status_code=400)

    def test_it_records_a_meeting_in_the_councils_area(self):
        self.client.force_login(self.higashichiba_coordinator)
        url = f"{BASE}/councils/{self.council.pk}/meetings/new/"
        data = {"title": "第2回", "held_on": "2026-11-30", "attendance": "21", "minutes": "続けて"}
        response = self.client.post(url, data)
        meeting = Meeting.objects.get(title="第2回")
        self.assertRedirects(response, f"{BASE}/meetings/{meeting.pk}/")
        self.assertEqual((meeting.area, meeting.attendance), (self.benten, 21))
        bad = self.client.post(url, {**data, "held_on": "11月30日", "attendance": "-1"})
        self.assertContains(bad, "日付は 2026-06-01 のように", status_code=400)
        self.assertContains(bad, "0以上の数を入力してください", status_code=400)
        outside = f"{BASE}/councils/{self.mihama_council.pk}/meetings/new/"
        self.assertEqual(self.client.post(outside, data).status_code, 403)

    def test_it_refuses_a_stale_meeting_edit_with_409(self):
        self.client.force_login(self.higashichiba_coordinator)
        url = f"{BASE}/meetings/{self.meeting.pk}/edit/"
        data = {"title": "第1回（改）", "held_on": "2026-10-28", "version": self.meeting.version}
        self.assertEqual(self.client.post(url, data).status_code, 302)
        response = self.client.post(url, {**data, "title": "古い画面から"})
        self.assertEqual(response.status_code, 409)
        self.meeting.refresh_from_db()
        self.assertEqual(self.meeting.title, "第1回（改）")

    def test_it_soft_deletes_a_meeting_and_only_the_admin_undoes_it(self):
        self.client.force_login(self.higashichiba_coordinator)
        self.client.post(f"{BASE}/meetings/{self.meeting.pk}/delete/")
        self.meeting.refresh_from_db()
        self.assertTrue(self.meeting.is_deleted)
        self.assertEqual(self.client.get(f"{BASE}/meetings/{self.meeting.pk}/").status_code, 404)
        undo = f"{BASE}/meetings/{self.meeting.pk}/undelete/"
        self.assertEqual(self.client.post(undo).status_code, 403)
        self.client.force_login(self.admin)
        self.client.post(undo)
        self.meeting.refresh_from_db()
        self.assertFalse(self.meeting.is_deleted)

    def test_it_links_each_kinds_history_to_its_own_pages(self):
        self.client.force_login(self.viewer)
        for path in (
            f"{BASE}/councils/{self.council.pk}/history/",
            f"{BASE}/meetings/{self.meeting.pk}/history/",
            f"{BASE}/cards/{self.card.pk}/history/",
            f"{BASE}/parks/{self.make_park().pk}/history/",
        ):
            response = self.client.get(path)
            self.assertContains(response, f'href="{path}1/"')

    def make_park(self):
        from fieldwork.models import Park

        return editing.create(
            Park(municipality=self.chiba, area=self.benten, name="弁天公園"), self.admin
        )
