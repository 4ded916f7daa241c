"""An edit that meets another person's save: the conflict page, the merge and its choices."""

from __future__ import annotations

from directory.models import Category, Resource
from office import editing
from office.models import Revision
from tests.base import OfficeTestCase
from tests.office_forms import resource_form_data


class MergeAfterConflictTest(OfficeTestCase):
    """Issue 9: after a conflict, saving again never writes the other person's change back.

    B (東千葉圏域) opens the salon; A (中央区) saves first; then B saves."""

    def url(self) -> str:
        return f"/office/resources/{self.salon.pk}/edit/"

    def save_as_a(self, **changes):
        self.client.force_login(self.chuo_coordinator)
        data = resource_form_data(self.salon, self.chuo_coordinator.staff, **changes)
        self.assertEqual(self.client.post(self.url(), data).status_code, 302)

    def post_as_b(self, data):
        self.client.force_login(self.higashichiba_coordinator)
        return self.client.post(self.url(), data)

    def sent_back(self, response, **choices) -> dict:
        """What the browser sends from this page: its form as shown, and the choices made."""
        data = response.context["form"].data
        # The buttons are not part of the form: each send names the one pressed.
        values = {key: data.getlist(key) for key in data if key not in ("preview", "add_rule")}
        values.update(choices)
        return values

    def test_it_keeps_the_other_persons_change_and_asks_for_each_field_both_changed(self):
        b_opened = resource_form_data(
            self.salon, self.higashichiba_coordinator.staff, fee_note="材料費", phone="043-555-0188"
        )
        self.save_as_a(phone="043-555-0199", booking_note="前日までに電話で")
        response = self.post_as_b(b_opened)
        self.assertEqual(response.status_code, 409)
        self.assertContains(response, "中央区 第1層", status_code=409)  # who
        # 電話番号: the original, A's and B's, and a choice with no default.
        for phone in ("043-555-0101", "043-555-0199", "043-555-0188"):
            self.assertContains(response, phone, status_code=409)
        self.assertContains(response, 'name="merge_phone" value="mine" required>', status_code=409)
        self.assertContains(
            response, 'name="merge_phone" value="theirs" required>', status_code=409
        )
        self.assertContains(response, 'name="base_version"', status_code=409)
        # A's 申込方法 (B did not touch it) is in B's form now; B's 料金の詳細 stays.
        form = response.context["form"]
        self.assertEqual(form["booking_note"].value(), "前日までに電話で")
        self.assertEqual(form["fee_note"].value(), "材料費")
        self.assertEqual(form["version"].value(), str(self.current_version()))

        # Saving again without choosing is refused again, and saves nothing.
        again = self.post_as_b(self.sent_back(response))
        self.assertContains(again, "どちらの内容にするかを選んでください", status_code=409)
        self.salon.refresh_from_db()
        self.assertEqual((self.salon.phone, self.salon.fee_note), ("043-555-0199", "お茶代"))

        # Choosing A's number: every change is kept, nobody's is lost.
        done = self.post_as_b(self.sent_back(again, merge_phone="theirs"))
        self.assertEqual(done.status_code, 302)
        self.salon.refresh_from_db()
        self.assertEqual(self.salon.phone, "043-555-0199")
        self.assertEqual(self.salon.booking_note, "前日までに電話で")
        self.assertEqual(self.salon.fee_note, "材料費")
        latest = Revision.objects.filter(resource=self.salon).first()
        self.assertEqual(latest.user, self.higashichiba_coordinator)
        self.assertEqual(set(latest.changed), {"fee_note"})

    def test_it_saves_the_editors_value_when_chosen(self):
        b_opened = resource_form_data(
            self.salon, self.higashichiba_coordinator.staff, phone="043-555-0188"
        )
        self.save_as_a(phone="043-555-0199")
        response = self.post_as_b(b_opened)
        done = self.post_as_b(self.sent_back(response, merge_phone="mine"))
        self.assertEqual(done.status_code, 302)
        self.salon.refresh_from_db()
        self.assertEqual(self.salon.phone, "043-555-0188")

    def test_it_merges_categories_areas_and_schedule_rules_as_whole_fields(self):
        other = str(Category.objects.get(code="5.1.2").pk)
        b_opened = resource_form_data(
            self.salon, self.higashichiba_coordinator.staff, served_areas=[str(self.benten.pk)]
        )
        friday = {"freq": "weekly", "weekdays": [4], "opens_at": "13:00", "closes_at": "15:00"}
        self.save_as_a(categories=[other], rules=[friday])
        response = self.post_as_b(b_opened)
        self.assertEqual(response.status_code, 409)
        self.assertNotContains(response, 'name="merge_', status_code=409)  # nothing to choose
        done = self.post_as_b(self.sent_back(response))
        self.assertEqual(done.status_code, 302)
        self.salon.refresh_from_db()
        self.assertEqual(list(self.salon.categories.values_list("code", flat=True)), ["5.1.2"])
        self.assertEqual(self.salon.schedule_text(), "毎週金曜日 13:00〜15:00")
        self.assertEqual(list(self.salon.served_areas.all()), [self.benten])

    def test_it_asks_when_both_changed_the_categories_or_the_rules(self):
        tuesday = {"freq": "weekly", "weekdays": [1], "opens_at": "10:00", "closes_at": "11:00"}
        friday = {"freq": "weekly", "weekdays": [4], "opens_at": "13:00", "closes_at": "15:00"}
        b_opened = resource_form_data(
            self.salon,
            self.higashichiba_coordinator.staff,
            categories=[str(Category.objects.get(code="5.2").pk)],
            rules=[tuesday],
        )
        self.save_as_a(categories=[str(Category.objects.get(code="5.1.2").pk)], rules=[friday])
        response = self.post_as_b(b_opened)
        self.assertContains(response, 'name="merge_categories"', status_code=409)
        self.assertContains(response, 'name="merge_rules"', status_code=409)
        refused = self.post_as_b(self.sent_back(response, merge_rules="mine"))
        self.assertContains(refused, "どちらの内容にするかを選んでください", status_code=409)
        self.assertContains(refused, 'href="#merge-categories"', status_code=409)
        done = self.post_as_b(
            self.sent_back(refused, merge_rules="mine", merge_categories="theirs")
        )
        self.assertEqual(done.status_code, 302)
        self.salon.refresh_from_db()
        self.assertEqual(list(self.salon.categories.values_list("code", flat=True)), ["5.1.2"])
        self.assertEqual(self.salon.schedule_text(), "毎週火曜日 10:00〜11:00")

    def test_it_asks_again_when_a_third_person_saves_meanwhile(self):
        b_opened = resource_form_data(
            self.salon, self.higashichiba_coordinator.staff, phone="043-555-0188"
        )
        self.save_as_a(phone="043-555-0199")
        response = self.post_as_b(b_opened)
        self.client.force_login(self.admin)
        self.salon.refresh_from_db()
        data = resource_form_data(self.salon, self.admin.staff, fee_note="無料になりました")
        self.assertEqual(self.client.post(self.url(), data).status_code, 302)
        again = self.post_as_b(self.sent_back(response, merge_phone="mine"))
        self.assertEqual(again.status_code, 409)
        self.assertEqual(again.context["form"]["fee_note"].value(), "無料になりました")
        done = self.post_as_b(self.sent_back(again))
        self.assertEqual(done.status_code, 302)
        self.salon.refresh_from_db()
        self.assertEqual(
            (self.salon.phone, self.salon.fee_note), ("043-555-0188", "無料になりました")
        )

    def test_it_keeps_the_choice_through_a_schedule_preview(self):
        b_opened = resource_form_data(
            self.salon, self.higashichiba_coordinator.staff, phone="043-555-0188"
        )
        self.save_as_a(phone="043-555-0199")
        response = self.post_as_b(b_opened)
        preview = self.post_as_b(self.sent_back(response, preview="1"))
        self.assertEqual(preview.status_code, 200)
        self.assertContains(preview, 'name="merge_phone"')
        self.assertContains(preview, 'name="base_version"')
        refused = self.post_as_b(self.sent_back(preview))
        self.assertEqual(refused.status_code, 409)
        self.salon.refresh_from_db()
        self.assertEqual(self.salon.phone, "043-555-0199")

    def test_it_shows_a_change_made_without_a_user(self):
        """An import run by command without --as leaves revisions with no user."""
        b_opened = resource_form_data(self.salon, self.higashichiba_coordinator.staff)
        b_opened["fee_note"] = "材料費"
        editing.change(
            self.salon, None, Revision.Action.EDIT, lambda r: setattr(r, "phone", "043-555-0177")
        )
        response = self.post_as_b(b_opened)
        self.assertContains(response, "記録なし", status_code=409)
        self.assertContains(response, "043-555-0177", status_code=409)

    def test_it_answers_a_bad_version_in_japanese(self):
        editing.change(self.salon, None, Revision.Action.EDIT, lambda r: None)
        for version in ("-1", "0", "abc", "9" * 12, "9" * 40, "", "1.5"):
            with self.subTest(version=version):
                data = resource_form_data(
                    self.salon, self.higashichiba_coordinator.staff, fee_note="材料費"
                )
                data["version"] = version
                response = self.post_as_b(data)
                self.assertContains(response, "画面の情報が正しくありません", status_code=400)
        self.salon.refresh_from_db()
        self.assertEqual(self.salon.fee_note, "お茶代")

    def test_it_asks_about_every_difference_when_the_first_version_is_unknown(self):
        for base in ("abc", "-1", "0", "9" * 40):
            with self.subTest(base_version=base):
                data = resource_form_data(
                    self.salon, self.higashichiba_coordinator.staff, fee_note="材料費"
                )
                data["base_version"] = base
                response = self.post_as_b(data)
                self.assertContains(response, 'name="merge_fee_note"', status_code=409)
                self.salon.refresh_from_db()
                self.assertEqual(self.salon.fee_note, "お茶代")

    def current_version(self) -> int:
        return Resource.objects.values_list("version", flat=True).get(pk=self.salon.pk)
