"""Several cities on one installation: nothing crosses from one city to another.

Every URL of the permission matrix (tests/test_office_permissions.py) is opened by the
second city's 管理者 and coordinator (船橋市, tests/base.add_second_city) with the ids of
千葉市's records: each is refused (400/403/404) and no page shows anything of 千葉市. And the
reverse: 千葉市's people with 船橋市's records. The 全体の管理者 sees both.
"""

from __future__ import annotations

import re
from io import StringIO

from django.contrib.auth.models import User
from django.core.management import call_command
from django.utils import timezone

from directory.models import Photo, Resource
from fieldwork import editing as fieldwork_editing
from fieldwork.models import LocalIssue, Park, SupportRecord
from office import editing
from office.models import Report, Revision, Staff
from tests.base import add_second_city
from tests.test_office_permissions import MATRIX, MatrixFixtures

# Names only 千葉市's fixtures carry (tests/base.py, fieldwork_base.py, the matrix's own).
# Not 「千葉市」 itself: the footer credits 「千葉市ホームページ」 for the Chiba data.
CHIBA = [
    "千葉市 高齢福祉課",
    "美浜区",
    "弁天圏域",
    "院内ひだまりサロン",
    "院内ないしょの会",
    "院内町内会",
    "中央いきいき体操",
    "美浜ふれあい食堂",
    "引っ越したサロン",
    "ごみ出しが大変",
    "近くにカフェがない",
    "ラジオ体操をしたい",
    "弁天公園",
    "美浜公園",
    "弁天の講座",
    "美浜の講座",
    "弁天 太郎",
    "中央 次郎",
    "美浜 三郎",
    "弁天の調査",
    "美浜の調査",
    "美浜の会",
    "電話番号が違います",
]
FUNABASHI = [
    "船橋市",
    "見本塚田圏域",
    "前貝塚町",
    "船橋みほんサロン",
    "船橋見本町会",
    "船橋みほんの課題",
    "船橋みほん公園",
    "船橋みほんの会",
    "船橋みほんの報告",
    "船橋みほんの下書き",
]
REFUSED = {400, 403, 404}
# The Django admin's lists beyond the matrix's two rows.
ADMIN_LISTS = [
    "/office/admin/directory/provider/",
    "/office/admin/areas/area/",
    "/office/admin/areas/landmark/",
    "/office/admin/axes/accessattempt/",
]
# The public ends (the public side's cities are another matter): every URL outside
# /office/ but a draft's photo, which staff may see before it is public.
STAFF_PREFIXES = ("/office/", "/photos/{draft_photo}/")
# A list's bulk action: refused with a message on the list (302), nothing saved (tested below).
BULK = {"office-resources-confirm"}


def text_of(response) -> str:
    if getattr(response, "streaming", False):
        body = b"".join(response.streaming_content)
    else:
        body = response.content
    for encoding in ("utf-8-sig", "cp932"):
        try:
            return body.decode(encoding)
        except UnicodeDecodeError:
            continue
    return ""


class CityIsolationTest(MatrixFixtures):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        add_second_city(cls)
        staff = cls.funabashi_admin
        editing.change(cls.funabashi_salon, staff, Revision.Action.EDIT, lambda r: None)
        cls.funabashi_issue = LocalIssue(
            municipality=cls.funabashi,
            area=cls.funabashi_sphere,
            title="船橋みほんの課題",
            source=LocalIssue.Source.COUNCIL,
        )
        fieldwork_editing.create(cls.funabashi_issue, staff)
        cls.funabashi_park = fieldwork_editing.create(
            Park(municipality=cls.funabashi, area=cls.funabashi_sphere, name="船橋みほん公園"),
            staff,
        )
        cls.funabashi_record = fieldwork_editing.create(
            SupportRecord(
                municipality=cls.funabashi,
                area=cls.funabashi_sphere,
                group_name="船橋みほんの会",
                held_on=timezone.localdate(),
            ),
            staff,
        )
        cls.funabashi_report = Report.objects.create(
            resource=cls.funabashi_salon, body="船橋みほんの報告", sender_hash="y"
        )
        cls.funabashi_draft = cls.make_resource(
            name="船橋みほんの下書き",
            category="5.1.1",
            municipality=cls.funabashi,
            provider=cls.funabashi_salon.provider,
            town=cls.natsumi,
            status=Resource.Status.DRAFT,
        )
        cls.funabashi_photo, cls.funabashi_draft_photo = (
            Photo.objects.create(
                resource=resource,
                image=b"\xff\xd8\xff",
                content_type="image/jpeg",
                width=1,
                height=1,
                alt="船橋みほんの入口",
            )
            for resource in (cls.funabashi_salon, cls.funabashi_draft)
        )

    def funabashi_ids(self) -> dict[str, object]:
        """The matrix's placeholders, each as 船橋市's record of the same kind (where it has one)."""
        salon = self.funabashi_salon.pk
        return {
            **{k: salon for k in ("salon", "chuo", "mihama", "moved")},
            "draft": self.funabashi_draft.pk,
            **{k: self.funabashi_issue.pk for k in ("issue", "chuo_issue", "mihama_issue", "gone")},
            **{k: self.funabashi_park.pk for k in ("park", "mihama_park", "gone_park")},
            **{k: self.funabashi_record.pk for k in ("record", "mihama_record")},
            **{k: self.funabashi_sphere.pk for k in ("benten", "mihama_area")},
            "photo": self.funabashi_photo.pk,
            "draft_photo": self.funabashi_draft_photo.pk,
            "report": self.funabashi_report.pk,
            "city": self.funabashi.pk,
        }

    def check(self, users: list[User], ids: dict, hidden: list[str], *, skip_missing: bool):
        checked = 0
        for name, method, url, data, _ in MATRIX:
            if not url.startswith(STAFF_PREFIXES):
                continue
            names = set(re.findall(r"{(\w+)}", url + "".join(data.values())))
            if skip_missing and not names <= ids.keys():
                continue  # the other city has no record of that kind in these fixtures
            path = url.format(**ids)
            payload = {k: v.format(**ids) for k, v in data.items()}
            for user in users:
                with self.subTest(url=path, method=method, user=user.username):
                    response = self.request_as(user, name, method, path, payload)
                    self.assertNotEqual(response.status_code, 500)
                    # A record named in the path or the posted data: refused. In the query
                    # string (a filter, a form's first value): ignored, and shown nowhere.
                    named = re.findall(r"{(\w+)}", url.split("?")[0] + "".join(data.values()))
                    if set(named) - {"token"} and name not in BULK:
                        self.assertIn(response.status_code, REFUSED)
                    body = text_of(response)
                    typed = "".join(payload.values())  # their own input, shown back to them
                    shown = [word for word in hidden if word in body and word not in typed]
                    self.assertEqual(shown, [], "shown to the other city")
                    checked += 1
        return checked

    def test_it_shows_funabashi_people_nothing_of_chiba_on_any_matrix_url(self):
        ids = self.ids()
        checked = self.check(
            [self.funabashi_admin, self.funabashi_coordinator], ids, CHIBA, skip_missing=False
        )
        self.assertGreater(checked, 2 * 150)
        for url in ADMIN_LISTS:
            self.client.force_login(self.funabashi_admin)
            response = self.client.get(url)
            self.assertEqual(response.status_code, 200, url)
            shown = [word for word in CHIBA if word in text_of(response)]
            self.assertEqual(shown, [], url)
        # Their own city's are there: the check above could not pass on empty pages alone.
        self.client.force_login(self.funabashi_admin)
        self.assertContains(self.client.get("/office/resources/"), "船橋みほんサロン")
        self.assertContains(self.client.get("/office/admin/auth/user/"), "funabashi-tsukada")

    def test_it_shows_chiba_people_nothing_of_funabashi_on_any_matrix_url(self):
        users = [self.admin, self.chuo_coordinator, self.higashichiba_coordinator, self.viewer]
        checked = self.check(users, self.funabashi_ids(), FUNABASHI, skip_missing=True)
        self.assertGreater(checked, 4 * 80)
        for url in ADMIN_LISTS:
            self.client.force_login(self.admin)
            response = self.client.get(url)
            self.assertEqual(response.status_code, 200, url)
            shown = [word for word in FUNABASHI if word in text_of(response)]
            self.assertEqual(shown, [], url)

    def test_it_confirms_nothing_of_another_city_in_a_bulk_confirm(self):
        before = (self.salon.confirmed_on, self.funabashi_salon.confirmed_on)
        for user, other in ((self.funabashi_admin, self.salon), (self.admin, self.funabashi_salon)):
            self.client.force_login(user)
            response = self.client.post(
                "/office/resources/confirm/", {"ids": [other.pk]}, follow=True
            )
            self.assertContains(response, "変更できないものがあります")
        self.salon.refresh_from_db()
        self.funabashi_salon.refresh_from_db()
        self.assertEqual((self.salon.confirmed_on, self.funabashi_salon.confirmed_on), before)

    def test_it_lets_the_installation_admin_see_both_and_switch(self):
        call_command("create_admin", "prefecture", stdout=StringIO())
        user = User.objects.get(username="prefecture")
        self.assertEqual(user.staff.role, Staff.Role.INSTALLATION)
        self.client.force_login(user)
        for resource in (self.salon, self.funabashi_salon):
            self.assertEqual(self.client.get(f"/office/resources/{resource.pk}/").status_code, 200)
        page = self.client.get("/office/city/")
        self.assertContains(page, "船橋市")
        self.assertContains(page, "千葉市")
        response = self.client.post("/office/city/", {"city": self.funabashi.pk})
        self.assertEqual(response.status_code, 302)
        self.assertContains(self.client.get("/office/resources/"), "船橋みほんサロン")
        self.assertNotContains(self.client.get("/office/resources/"), "院内ひだまりサロン")
        users = self.client.get("/office/admin/auth/user/")
        self.assertContains(users, "funabashi-admin")
        self.assertContains(users, "city-admin")
