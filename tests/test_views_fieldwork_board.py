"""The workshop board: the page without JavaScript (add a card, type its place, move it to
the other column), its JSON, placing a card by a point, a card → 地域課題 or resource draft
(remembered on the card), the A3 print, and the rules (areas, stale versions, bad input)."""

from __future__ import annotations

from decimal import Decimal

from directory.models import Resource
from fieldwork import editing
from fieldwork.council_models import BoardCard
from fieldwork.models import LocalIssue
from tests.council_base import CouncilTestCase

BASE = "/office/fieldwork"
JSON = {"HTTP_ACCEPT": "application/json"}


class BoardTest(CouncilTestCase):
    def board(self, meeting=None) -> str:
        return f"{BASE}/meetings/{(meeting or self.meeting).pk}/board/"

    def test_it_shows_two_columns_of_cards_with_forms_that_work_without_javascript(self):
        self.client.force_login(self.higashichiba_coordinator)
        response = self.client.get(self.board())
        html = response.content.decode()
        self.assertIn("地域資源（1枚）", html)
        self.assertIn("地域課題（1枚）", html)
        self.assertIn("場所：弁天一丁目", html)
        self.assertIn("まだ地図に置いていません", html)
        self.assertIn("地域資源のカードを加える", html)
        self.assertIn("地域課題の列へ移す", html)
        self.assertIn('id="resource_title"', html)  # each column's form has its own ids
        self.assertIn('id="issue_title"', html)

    def test_it_adds_a_card_with_a_typed_town_placed_on_the_map(self):
        self.client.force_login(self.higashichiba_coordinator)
        data = {"column": "resource", "title": "駅舎内に空き部屋あり", "place_text": "弁天二丁目"}
        response = self.client.post(f"{BASE}/meetings/{self.meeting.pk}/cards/", data)
        card = BoardCard.objects.get(title="駅舎内に空き部屋あり")
        self.assertRedirects(
            response, self.board() + f"#card-{card.pk}", status_code=303, target_status_code=200
        )
        self.assertEqual(card.town.name, "弁天二丁目")
        self.assertTrue(card.has_point)
        self.assertEqual((card.area, card.meeting), (self.benten, self.meeting))

    def test_it_names_a_place_it_cannot_find_and_saves_nothing(self):
        self.client.force_login(self.higashichiba_coordinator)
        before = BoardCard.objects.count()
        data = {"column": "issue", "title": "課題", "place_text": "存在しない町名ぜったい"}
        response = self.client.post(f"{BASE}/meetings/{self.meeting.pk}/cards/", data)
        self.assertContains(response, "という場所が見つかりません", status_code=400)
        response = self.client.post(
            f"{BASE}/meetings/{self.meeting.pk}/cards/", {"column": "x", "title": ""}
        )
        self.assertContains(
            response, "列は「地域資源」か「地域課題」を選んでください", status_code=400
        )
        self.assertContains(response, "カードの内容を入力してください", status_code=400)
        self.assertEqual(BoardCard.objects.count(), before)

    def test_it_answers_the_board_as_json(self):
        self.client.force_login(self.viewer)
        data = self.client.get(f"{BASE}/meetings/{self.meeting.pk}/board.json").json()
        self.assertFalse(data["can_edit"])
        cards = {c["title"]: c for c in data["cards"]}
        self.assertEqual(set(cards), {self.card.title, self.placed.title})
        self.assertIsNone(cards[self.card.title]["lat"])
        self.assertAlmostEqual(cards[self.placed.title]["lat"], 35.615829)
        self.assertEqual(cards[self.placed.title]["column_label"], "地域課題")
        self.client.force_login(self.higashichiba_coordinator)
        data = self.client.get(f"{BASE}/meetings/{self.meeting.pk}/board.json").json()
        self.assertTrue(data["can_edit"])

    def test_it_places_a_card_by_a_point_as_a_new_version(self):
        self.client.force_login(self.higashichiba_coordinator)
        url = f"{BASE}/cards/{self.card.pk}/place/"
        data = {"latitude": "35.6201234", "longitude": "140.1155", "version": self.card.version}
        response = self.client.post(url, data, **JSON)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["lat"], 35.620123)
        self.card.refresh_from_db()
        self.assertEqual(self.card.latitude, Decimal("35.620123"))
        self.assertEqual(editing.versions_of(self.card).first().comment, "地図に置きました")
        stale = self.client.post(url, {**data, "latitude": "35.7"}, **JSON)
        self.assertEqual(stale.status_code, 409)
        bad = self.client.post(url, {"latitude": "200", "longitude": "", "version": 9}, **JSON)
        self.assertEqual(bad.status_code, 400)
        self.assertIn("日本の中の位置", bad.json()["errors"]["latitude"][0])
        self.assertEqual(bad.json()["errors"]["longitude"], ["地図で場所を選んでください。"])
        plain = self.client.post(url, {**data, "version": self.card.version + 1})
        self.assertEqual(plain.status_code, 303)

    def test_it_moves_a_card_to_the_other_column_keeping_its_point(self):
        self.client.force_login(self.higashichiba_coordinator)
        data = self.card_data(self.placed, column="resource")
        response = self.client.post(f"{BASE}/cards/{self.placed.pk}/", data)
        self.assertEqual(response.status_code, 303)
        self.placed.refresh_from_db()
        self.assertEqual(self.placed.column, "resource")
        self.assertEqual(self.placed.town.name, "弁天一丁目")
        self.assertEqual(self.placed.latitude, Decimal("35.615829"))

    def test_it_turns_a_card_into_an_issue_from_the_council_once(self):
        self.client.force_login(self.higashichiba_coordinator)
        response = self.client.post(f"{BASE}/cards/{self.placed.pk}/issue/")
        issue = LocalIssue.objects.get(
            title="誰でも参加できるカフェが欲しい", source_meeting=self.meeting
        )
        self.assertRedirects(response, f"{BASE}/issues/{issue.pk}/", status_code=303)
        self.assertEqual(issue.source, LocalIssue.Source.COUNCIL)
        self.assertEqual((issue.area, issue.details), (self.benten, "何人も"))
        self.assertIn("第1回 ワークショップ", issue.source_note)
        self.placed.refresh_from_db()
        self.assertEqual(self.placed.issue, issue)
        page = self.client.get(f"{BASE}/issues/{issue.pk}/")
        self.assertContains(page, "元になった協議体の会議")
        again = self.client.post(f"{BASE}/cards/{self.placed.pk}/issue/")
        self.assertEqual(again.status_code, 303)
        self.assertEqual(LocalIssue.objects.filter(source_meeting=self.meeting).count(), 1)
        self.assertContains(self.client.get(self.board()), "→ <a href")

    def test_it_turns_a_card_into_a_resource_draft_placed_where_the_card_is(self):
        self.client.force_login(self.higashichiba_coordinator)
        response = self.client.post(f"{BASE}/cards/{self.placed.pk}/draft/")
        resource = Resource.objects.get(name="誰でも参加できるカフェが欲しい")
        self.assertRedirects(
            response, f"/office/resources/{resource.pk}/", status_code=303, target_status_code=200
        )
        self.assertEqual(resource.status, Resource.Status.DRAFT)
        self.assertEqual(resource.town.name, "弁天一丁目")
        self.assertAlmostEqual(resource.lat, 35.615829)
        self.assertIn("協議体", resource.internal_note)
        self.placed.refresh_from_db()
        self.assertEqual(self.placed.resource, resource)
        self.assertEqual(self.client.get(f"/resources/{resource.pk}/").status_code, 404)

    def test_it_files_a_draft_of_an_unplaced_card_under_the_meetings_area(self):
        self.client.force_login(self.higashichiba_coordinator)
        self.client.post(f"{BASE}/cards/{self.card.pk}/draft/")
        resource = Resource.objects.get(name=self.card.title)
        self.assertEqual((resource.town, resource.place_area), (None, self.benten))

    def test_it_refuses_changes_outside_the_coordinators_areas(self):
        self.client.force_login(self.higashichiba_coordinator)
        for tail in ("issue/", "draft/", "place/"):
            response = self.client.post(f"{BASE}/cards/{self.mihama_card.pk}/{tail}")
            self.assertEqual(response.status_code, 403, tail)
        response = self.client.post(
            f"{BASE}/meetings/{self.mihama_meeting.pk}/cards/", {"column": "issue", "title": "x"}
        )
        self.assertEqual(response.status_code, 403)
        self.assertNotContains(self.client.get(self.board(self.mihama_meeting)), "カードを加える")

    def test_it_deletes_a_card_softly_and_keeps_it_off_the_board(self):
        self.client.force_login(self.higashichiba_coordinator)
        response = self.client.post(f"{BASE}/cards/{self.card.pk}/delete/")
        self.assertRedirects(response, self.board(), status_code=303)
        self.card.refresh_from_db()
        self.assertTrue(self.card.is_deleted)
        data = self.client.get(f"{BASE}/meetings/{self.meeting.pk}/board.json").json()
        self.assertEqual([c["id"] for c in data["cards"]], [self.placed.pk])

    def test_it_prints_the_board_on_a3_with_every_card(self):
        self.client.force_login(self.viewer)
        response = self.client.get(f"{BASE}/meetings/{self.meeting.pk}/board/print/")
        self.assertContains(response, "施設内の空きスペースの無料提供")
        self.assertContains(response, "誰でも参加できるカフェが欲しい")
        self.assertContains(response, "council-board.css")
