"""お知らせメール (office/notices.py, office/mailing.py, office/tasks.py, send_digests) against
a real SMTP server: aiosmtpd on a free loopback port (tests/smtp.py, the `smtp` fixture).

Jobs run inside the request that queues them here (pytest.ini: SASAEAI_TASKS=immediate), so a
report posted to the public form is mailed before the answer comes back — through the same
task the worker runs. Who is told is checked over the named people of tests/base.py, each
given an address: the two coordinators, and people who must never be told (the 管理者, the
閲覧者, an account without a Staff row, 美浜区's coordinator, a coordinator of another city).
"""

from __future__ import annotations

import datetime
import io

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from areas.models import Area
from fieldwork.council_models import Idea
from office import links, mailing
from office.models import MailMode, MailNotice, MailPreference, Report, SentMail, Staff
from tests.base import OfficeTestCase
from tests.conftest import SITE_URL, mail_settings
from tests.smtp import Silent, SmtpServer, free_port
from tests.test_tasks import DATABASE_TASKS, run_worker
from tests.test_views_links import provider_data

CHUO = "chuo@city.example.jp"
HIGASHI = "higashichiba@city.example.jp"
MIHAMA = "mihama@city.example.jp"
CITY = "city-wide@city.example.jp"
NEVER = {
    "admin@city.example.jp",
    "viewer@city.example.jp",
    "outsider@example.jp",
    MIHAMA,
    "funabashi@city.example.jp",
}
SECRET_BODY = "開催日が第3水曜日に変わりました。山田の家の前です。"
SECRET_CONTACT = "山田花子 090-1234-5678 hanako@example.jp"


class MailTestCase(OfficeTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        for user, address in (
            (cls.chuo_coordinator, CHUO),
            (cls.higashichiba_coordinator, HIGASHI),
            (cls.admin, "admin@city.example.jp"),
            (cls.viewer, "viewer@city.example.jp"),
            (cls.outsider, "outsider@example.jp"),
        ):
            User.objects.filter(pk=user.pk).update(email=address)
        cls.mihama_coordinator = cls.coordinator("mihama", MIHAMA, cls.mihama)
        funabashi = Area.objects.create(code="122041", kind=Area.Kind.MUNICIPALITY, name="船橋市")
        cls.coordinator("funabashi", "funabashi@city.example.jp", funabashi)

    @classmethod
    def coordinator(cls, name: str, address: str, *areas: Area) -> User:
        user = User.objects.create_user(name, email=address, password=cls.PASSWORD)
        Staff.objects.create(user=user, role=Staff.Role.COORDINATOR).areas.set(areas)
        return user

    def report(self, resource=None, address="192.0.2.1"):
        resource = resource or self.salon
        data = {"body": SECRET_BODY, "contact": SECRET_CONTACT, "website": ""}
        response = self.client.post(f"/resources/{resource.pk}/report/", data, REMOTE_ADDR=address)
        self.assertEqual(response.status_code, 303)
        return Report.objects.filter(resource=resource).latest("pk")

    def choose(self, user: User, kind: str, mode: str) -> None:
        MailPreference.objects.update_or_create(
            staff=user.staff, kind=kind, defaults={"mode": mode}
        )

    def digests(self) -> str:
        out = io.StringIO()
        call_command("send_digests", stdout=out)
        return out.getvalue()


@pytest.mark.usefixtures("smtp")
class AtOnceTests(MailTestCase):
    smtp: SmtpServer

    def test_it_mails_a_report_at_once_to_the_coordinators_of_its_area_only(self):
        report = self.report()
        mails = self.smtp.inbox.mails
        self.assertEqual(sorted(m.recipients[0] for m in mails), [CHUO, HIGASHI])
        self.assertTrue(all(len(m.recipients) == 1 for m in mails))  # one mail each, no Cc
        self.assertFalse({r for m in mails for r in m.recipients} & NEVER)
        mail = self.smtp.inbox.to(HIGASHI)[0]
        self.assertEqual(mail.sender, "sasaeai@city.example.jp")
        self.assertEqual(
            mail.subject,
            "【ささえあい地域資源ナビ】情報の誤りの報告が届きました：院内ひだまりサロン",
        )
        body = mail.body
        self.assertTrue(body.startswith("東千葉圏域 第2層 さん\n"))
        self.assertIn("担当地域に、情報の誤りの報告が届きました。", body)
        self.assertIn("■ 院内ひだまりサロン（情報の誤りの報告）", body)
        self.assertIn("地域：院内一丁目", body)
        self.assertIn(f"{SITE_URL}office/reports/{report.pk}/", body)
        self.assertIn("受け取り方（届いたらすぐに・1日1回まとめて・受け取らない）", body)
        self.assertIn(f"{SITE_URL}office/account/", body)
        self.assertEqual(mail.message["List-Unsubscribe"], f"<{SITE_URL}office/account/>")
        self.assertEqual(mail.message["Auto-Submitted"], "auto-generated")
        # Nothing the sender wrote, and no way to reach them, leaves the site.
        raw = mail.message.as_string()
        for secret in ("山田", "090-1234-5678", "hanako@example.jp", "第3水曜日"):
            self.assertNotIn(secret, body)
            self.assertNotIn(secret, raw)
        sent = SentMail.objects.get(address=HIGASHI)
        self.assertEqual((sent.form, sent.items, sent.subject), ("now", 1, mail.subject))
        notice = MailNotice.objects.get(staff=self.higashichiba_coordinator.staff)
        self.assertEqual((notice.sent, notice.attempts, notice.error), (sent, 0, ""))

    def test_it_tells_only_the_ward_coordinator_of_a_resource_outside_the_sphere(self):
        self.report(self.in_chuo)
        self.assertEqual([m.recipients for m in self.smtp.inbox.mails], [[CHUO]])
        self.report(self.in_mihama, address="192.0.2.2")
        self.assertEqual(self.smtp.inbox.to(MIHAMA)[0].recipients, [MIHAMA])
        self.assertEqual(len(self.smtp.inbox.mails), 2)

    def test_it_tells_nobody_without_an_address_or_who_chose_none(self):
        User.objects.filter(pk=self.chuo_coordinator.pk).update(email="")
        self.choose(self.higashichiba_coordinator, "report", MailMode.OFF)
        self.report()
        self.assertEqual(self.smtp.inbox.mails, [])
        self.assertFalse(MailNotice.objects.exists())
        self.assertEqual(self.digests(), "まとめてお知らせのメールを0通送りました。\n")

    def test_it_mails_a_provider_proposal_with_the_fields_named_not_their_values(self):
        link, token = links.create_link(self.salon, self.chuo_coordinator)
        data = provider_data(self.salon, phone="043-555-0202", fee_amount="200")
        data["message"] = "料金を上げました。電話は山田まで。"
        self.assertEqual(self.client.post(f"/update/{token}/", data).status_code, 303)
        proposal = link.proposal
        self.assertEqual(
            sorted(r for m in self.smtp.inbox.mails for r in m.recipients), [CHUO, HIGASHI]
        )
        mail = self.smtp.inbox.to(CHUO)[0]
        self.assertEqual(
            mail.subject,
            "【ささえあい地域資源ナビ】提供者からの提案が届きました：院内ひだまりサロン",
        )
        self.assertIn(f"{SITE_URL}office/proposals/{proposal.pk}/", mail.body)
        self.assertIn("提案された項目：", mail.body)
        self.assertIn("電話番号", mail.body)
        for secret in ("043-555-0202", "料金を上げました", "山田"):
            self.assertNotIn(secret, mail.body)


@pytest.mark.usefixtures("smtp")
class IdeaTests(MailTestCase):
    smtp: SmtpServer

    def send_idea(self, area: Area | None) -> Idea:
        data = {
            "sender_kind": "resident",
            "area": str(area.pk) if area else "",
            "body": "公園でラジオ体操をしたい。山田です。",
            "contact": SECRET_CONTACT,
            "website": "",
        }
        self.assertEqual(
            self.client.post("/ideas/", data, REMOTE_ADDR="192.0.2.9").status_code, 303
        )
        return Idea.objects.latest("pk")

    def test_it_gathers_ideas_for_the_daily_digest_of_the_areas_coordinators(self):
        self.send_idea(self.benten)
        self.assertEqual(self.smtp.inbox.mails, [])  # ideas: 1日1回まとめて until chosen
        self.assertEqual(self.digests(), "まとめてお知らせのメールを2通送りました。\n")
        self.assertEqual(
            sorted(r for m in self.smtp.inbox.mails for r in m.recipients), [CHUO, HIGASHI]
        )
        mail = self.smtp.inbox.to(HIGASHI)[0]
        self.assertIn("交流・連携のアイデア1件", mail.subject)
        self.assertIn("■ 弁天圏域（交流・連携のアイデア）", mail.body)
        self.assertIn("送った人：住民", mail.body)
        self.assertNotIn("ラジオ体操", mail.body)
        self.assertNotIn("090-1234-5678", mail.body)

    def test_it_tells_only_the_city_wide_coordinators_of_an_idea_without_an_area(self):
        self.coordinator("citywide", CITY, self.chiba)
        idea = self.send_idea(None)
        self.digests()
        self.assertEqual([m.recipients for m in self.smtp.inbox.mails], [[CITY]])
        self.assertIn(f"{SITE_URL}office/fieldwork/ideas/{idea.pk}/", self.smtp.inbox.mails[0].body)
        self.assertIn("■ 地域の指定なし（交流・連携のアイデア）", self.smtp.inbox.mails[0].body)


@pytest.mark.usefixtures("smtp")
class DigestTests(MailTestCase):
    smtp: SmtpServer

    def setUp(self) -> None:
        self.choose(self.higashichiba_coordinator, "report", MailMode.DAILY)

    def test_it_sends_each_person_one_digest_and_never_the_same_items_twice(self):
        first = self.report()
        second = self.report(address="192.0.2.2")
        self.assertEqual(len(self.smtp.inbox.to(CHUO)), 2)  # chuo: at once (the default)
        self.assertEqual(self.smtp.inbox.to(HIGASHI), [])
        self.assertEqual(self.digests(), "まとめてお知らせのメールを1通送りました。\n")
        digest = self.smtp.inbox.to(HIGASHI)
        self.assertEqual(len(digest), 1)
        self.assertEqual(
            digest[0].subject, "【ささえあい地域資源ナビ】まとめてお知らせ：情報の誤りの報告2件"
        )
        body = digest[0].body
        self.assertIn("前回のお知らせのあと次の2件が届きました。", body)
        self.assertIn(f"{SITE_URL}office/reports/{first.pk}/", body)
        self.assertIn(f"{SITE_URL}office/reports/{second.pk}/", body)
        self.assertEqual(SentMail.objects.get(address=HIGASHI).items, 2)
        # Again the same day: nothing new, nothing sent.
        self.assertEqual(self.digests(), "まとめてお知らせのメールを0通送りました。\n")
        self.assertEqual(len(self.smtp.inbox.to(HIGASHI)), 1)
        # A new item goes in the next digest alone.
        third = self.report(address="192.0.2.3")
        self.digests()
        latest = self.smtp.inbox.to(HIGASHI)[-1].body
        self.assertIn(f"office/reports/{third.pk}/", latest)
        self.assertNotIn(f"office/reports/{first.pk}/", latest)
        self.assertEqual(len(self.smtp.inbox.to(CHUO)), 3)  # never a digest of sent items

    def test_it_announces_an_item_once_however_often_its_job_runs(self):
        from office import tasks

        report = self.report()
        tasks.announce.enqueue("report", report.pk, SITE_URL)
        self.assertEqual(MailNotice.objects.filter(object_id=report.pk).count(), 2)
        self.assertEqual(len(self.smtp.inbox.to(CHUO)), 1)

    def test_it_leaves_out_whoever_no_longer_covers_the_item(self):
        self.report()
        self.higashichiba_coordinator.staff.areas.set([self.mihama])
        self.digests()
        self.assertEqual(self.smtp.inbox.to(HIGASHI), [])
        notice = MailNotice.objects.get(staff=self.higashichiba_coordinator.staff)
        self.assertIsNone(notice.sent)
        self.assertEqual(notice.error, mailing.GONE)

    def test_it_takes_late_immediate_notices_into_the_digest(self):
        self.report()
        MailNotice.objects.update(sent_at=None, sent=None)  # as if the worker never ran
        self.assertEqual(
            mailing.due_for_digest(),
            {
                self.higashichiba_coordinator.staff.pk: [
                    MailNotice.objects.get(staff=self.higashichiba_coordinator.staff).pk
                ]
            },
        )
        later = timezone.now() + mailing.LATE + datetime.timedelta(minutes=1)
        self.assertEqual(len(mailing.due_for_digest(later)), 2)


class FailureTests(MailTestCase):
    """A mail server that refuses, is not there, or never answers: the report is saved, the
    public form answers as usual, the failure is recorded and the next digest sends it."""

    def failing_report(self, port: int, address: str = "192.0.2.1") -> Report:
        with mail_settings(port):
            before = timezone.now()
            report = self.report(address=address)
            self.assertLess((timezone.now() - before).total_seconds(), 30)
        self.assertEqual(report.body, SECRET_BODY)
        notices = MailNotice.objects.filter(object_id=report.pk)
        self.assertEqual(notices.count(), 2)
        for notice in notices:
            self.assertIsNone(notice.sent_at)
            self.assertEqual(notice.attempts, 1)
        self.assertFalse(SentMail.objects.exists())
        return report

    def resend(self, report: Report) -> None:
        server = SmtpServer().start()
        try:
            with mail_settings(server.port):
                self.assertEqual(self.digests(), "まとめてお知らせのメールを2通送りました。\n")
                self.assertEqual(self.digests(), "まとめてお知らせのメールを0通送りました。\n")
        finally:
            server.stop()
        self.assertEqual(
            sorted(r for m in server.inbox.mails for r in m.recipients), [CHUO, HIGASHI]
        )
        self.assertIn(f"office/reports/{report.pk}/", server.inbox.mails[0].body)
        self.assertFalse(MailNotice.objects.filter(sent_at__isnull=True).exists())

    def test_it_survives_a_server_that_refuses_the_mail(self):
        server = SmtpServer(refusing=True).start()
        try:
            with self.assertLogs("office.mailing", "WARNING") as logs:
                report = self.failing_report(server.port)
        finally:
            server.stop()
        self.assertIn("554", "\n".join(logs.output))
        self.assertEqual(
            set(MailNotice.objects.values_list("error", flat=True)),
            {"メールサーバーがメールを受け付けませんでした"},
        )
        self.resend(report)

    def test_it_survives_no_server_at_all(self):
        with self.assertLogs("office.mailing", "WARNING"):
            report = self.failing_report(free_port())
        self.assertEqual(
            set(MailNotice.objects.values_list("error", flat=True)),
            {"メールサーバーにつながりませんでした（EMAIL_HOST と EMAIL_PORT）"},
        )
        self.client.force_login(self.admin)  # the 管理者 sees the failures, and why
        page = self.client.get("/office/admin/office/mailnotice/?sent_at__isnull=True")
        self.assertContains(page, "メールサーバーにつながりませんでした", count=2)
        self.resend(report)
        self.assertContains(self.client.get("/office/admin/office/sentmail/"), CHUO)

    def test_it_survives_a_server_that_never_answers(self):
        silent = Silent()
        try:
            with self.assertLogs("office.mailing", "WARNING"):
                report = self.failing_report(silent.port)
        finally:
            silent.stop()
        self.assertEqual(
            set(MailNotice.objects.values_list("error", flat=True)),
            {"メールサーバーから時間内に返事がありませんでした"},
        )
        self.resend(report)

    def test_it_says_so_when_a_digest_cannot_be_sent_and_keeps_it(self):
        self.choose(self.chuo_coordinator, "report", MailMode.DAILY)
        self.choose(self.higashichiba_coordinator, "report", MailMode.DAILY)
        with mail_settings(free_port()):
            self.report()
            with (
                self.assertRaisesMessage(CommandError, "2人へのメールを送れませんでした"),
                self.assertLogs("office.mailing", "WARNING"),
            ):
                self.digests()
        self.assertEqual(set(MailNotice.objects.values_list("attempts", flat=True)), {1})

    def test_it_gives_up_after_the_last_attempt(self):
        with self.assertLogs("office.mailing", "WARNING"):
            self.failing_report(free_port())
        MailNotice.objects.update(attempts=mailing.MAX_ATTEMPTS)
        later = timezone.now() + mailing.LATE * 2
        self.assertEqual(mailing.due_for_digest(later), {})


@pytest.mark.usefixtures("smtp")
@override_settings(TASKS=DATABASE_TASKS)
class WorkerTests(MailTestCase):
    """With the site's own queue (django-tasks-db) and its real worker loop."""

    smtp: SmtpServer

    def test_it_only_queues_in_the_request_and_the_worker_sends(self):
        self.report()
        self.assertEqual(self.smtp.inbox.mails, [])  # nothing sent inside the request
        self.assertFalse(MailNotice.objects.exists())
        self.assertEqual(DBTaskResult.objects.filter(status="READY").count(), 1)
        self.assertEqual(run_worker(), 1)
        self.assertEqual(
            sorted(r for m in self.smtp.inbox.mails for r in m.recipients), [CHUO, HIGASHI]
        )

    def test_it_queues_a_later_try_when_the_server_fails(self):
        with mail_settings(free_port()):
            self.report()
            with self.assertLogs("office.mailing", "WARNING"):
                run_worker()
        retry = DBTaskResult.objects.get(status="READY")
        self.assertTrue(retry.task_path.endswith("send_notices"))
        self.assertGreater(retry.run_after, timezone.now())  # 1 minute later, not now
        self.assertEqual(set(MailNotice.objects.values_list("attempts", flat=True)), {1})
        DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
        self.assertEqual(run_worker(), 1)  # the server works again
        self.assertEqual(len(self.smtp.inbox.mails), 2)
        self.assertFalse(MailNotice.objects.filter(sent_at__isnull=True).exists())
