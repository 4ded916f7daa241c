"""アイデア募集: the public form (/ideas/: no account, honeypot, limit per hour, bad input)
and the area's inbox (/office/fieldwork/ideas/: who sees which idea, marking it done)."""

from __future__ import annotations

import datetime

from django.test import override_settings
from django.utils import timezone

from fieldwork.council_models import Idea
from tests.fieldwork_base import FieldworkTestCase

PUBLIC = "/ideas/"
INBOX = "/office/fieldwork/ideas/"


class IdeaFormTest(FieldworkTestCase):
    def send(self, address: str = "192.0.2.1", **changes):
        data = {
            "sender_kind": "facility",
            "area": str(self.benten.pk),
            "body": "施設のホールを地域のカフェに使ってもらえます。",
            "contact": "",
            "website": "",
            **changes,
        }
        return self.client.post(PUBLIC, data, REMOTE_ADDR=address)

    def test_it_shows_the_form_to_anyone_with_a_hidden_honeypot(self):
        response = self.client.get(PUBLIC)
        self.assertContains(response, "交流・連携のアイデアを送る")
        for label in ("施設", "住民", "企業", "弁天圏域", "中央区", "わからない・決めていない"):
            self.assertContains(response, label)
        html = response.content.decode()
        at = html.index('name="website"')
        self.assertIn('tabindex="-1"', html[at - 200 : at + 200])
        self.assertIn('class="visually-hidden" aria-hidden="true"', html)

    def test_it_keeps_an_idea_for_the_area_and_thanks_the_sender(self):
        response = self.send(contact="山田 043-000-0000")
        self.assertRedirects(response, PUBLIC + "?sent=1", status_code=303)
        idea = Idea.objects.get()
        self.assertEqual((idea.area, idea.sender_kind), (self.benten, "facility"))
        self.assertEqual(idea.contact, "山田 043-000-0000")
        self.assertEqual(len(idea.sender_hash), 64)
        self.assertNotIn("192.0.2.1", idea.sender_hash)
        self.assertContains(self.client.get(PUBLIC + "?sent=1"), "アイデアを受け付けました")

    def test_it_thanks_a_robot_and_keeps_nothing(self):
        response = self.send(website="http://spam.example/")
        self.assertRedirects(response, PUBLIC + "?sent=1", status_code=303)
        self.assertFalse(Idea.objects.exists())

    def test_it_names_each_bad_field_and_keeps_nothing(self):
        response = self.send(sender_kind="", body="", area="999999")
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "「あなたは」から", status_code=400)
        self.assertContains(response, "アイデアを入力してください", status_code=400)
        self.assertContains(response, "「どの地域」は一覧から選んでください", status_code=400)
        response = self.send(body="あ" * 2001, sender_kind="spy")
        self.assertContains(response, "2000文字以内で入力してください", status_code=400)
        self.assertContains(response, "「あなたは」は一覧から選んでください", status_code=400)
        self.assertFalse(Idea.objects.exists())

    @override_settings(SASAEAI_REPORTS_PER_HOUR=2)
    def test_it_limits_ideas_per_sender_and_hour(self):
        self.send()
        self.send()
        response = self.send(body="三つ目")
        self.assertEqual(response.status_code, 429)
        self.assertEqual(response["Retry-After"], "3600")
        self.assertContains(response, "三つ目", status_code=429)  # the text is kept
        self.assertEqual(self.send(address="192.0.2.2").status_code, 303)
        Idea.objects.update(created_at=timezone.now() - datetime.timedelta(hours=2))
        self.assertEqual(self.send().status_code, 303)
        self.assertEqual(Idea.objects.count(), 4)

    def test_it_accepts_an_idea_without_an_area_for_the_citys_inbox(self):
        self.send(area="")
        self.assertIsNone(Idea.objects.get().area)


class IdeaInboxTest(FieldworkTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()

        def idea(area, body):
            return Idea.objects.create(
                municipality=cls.chiba, area=area, sender_kind="resident", body=body, contact="x"
            )

        cls.benten_idea = idea(cls.benten, "弁天で体操")
        cls.chuo_idea = idea(cls.chuo, "中央区でカフェ")
        cls.mihama_idea = idea(cls.mihama, "美浜で送迎")
        cls.city_idea = idea(None, "どこでも")

    def bodies(self, user) -> set[str]:
        self.client.force_login(user)
        return {i.body for i in self.client.get(INBOX).context["page"]}

    def test_it_lists_for_coordinators_the_ideas_of_their_areas(self):
        everything = {"弁天で体操", "中央区でカフェ", "美浜で送迎", "どこでも"}
        self.assertEqual(self.bodies(self.admin), everything)
        self.assertEqual(self.bodies(self.viewer), everything)
        self.assertEqual(
            self.bodies(self.chuo_coordinator), {"弁天で体操", "中央区でカフェ", "どこでも"}
        )
        # 東千葉圏域: its own, the ward that holds it, and the ideas with no area
        self.assertEqual(
            self.bodies(self.higashichiba_coordinator), {"弁天で体操", "中央区でカフェ", "どこでも"}
        )
        self.client.force_login(self.higashichiba_coordinator)
        self.assertEqual(self.client.get(f"{INBOX}{self.mihama_idea.pk}/").status_code, 404)

    def test_it_shows_open_ideas_on_the_dashboard(self):
        self.client.force_login(self.higashichiba_coordinator)
        response = self.client.get("/office/")
        self.assertContains(response, "未対応の交流・連携のアイデア（3件）")
        self.assertNotContains(response, "美浜で送迎")

    def test_it_marks_an_idea_done_once_with_a_reply(self):
        self.client.force_login(self.higashichiba_coordinator)
        url = f"{INBOX}{self.benten_idea.pk}/"
        self.assertContains(self.client.get(url), "x")  # the contact, back office only
        self.assertContains(
            self.client.post(url, {"reply": ""}), "対応の記録を書いてください", status_code=400
        )
        self.assertRedirects(
            self.client.post(url, {"reply": "協議体で紹介した"}), INBOX, status_code=303
        )
        self.benten_idea.refresh_from_db()
        self.assertEqual(self.benten_idea.status, Idea.Status.DONE)
        self.assertEqual(self.client.post(url, {"reply": "もう一度"}).status_code, 409)
        self.client.force_login(self.viewer)
        self.assertEqual(
            self.client.post(f"{INBOX}{self.city_idea.pk}/", {"reply": "x"}).status_code, 403
        )
