"""The rules behind reports, update links and proposals: office/reports.py, office/links.py,
office/proposals.py."""

from __future__ import annotations

import datetime
from urllib.parse import unquote

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.http import Http404
from django.test import RequestFactory, override_settings
from django.utils import timezone

from directory.models import Resource
from directory.validators import to_katakana
from office import editing, history, links, proposals, reports
from office.models import Proposal, Report, Revision, Staff, UpdateLink
from tests.base import OfficeTestCase


def staff(user: User) -> Staff:
    return Staff.objects.prefetch_related("areas").get(user=user)


class ReportRuleTests(OfficeTestCase):
    def test_it_hashes_the_address_with_the_secret_key(self):
        factory = RequestFactory()
        one = reports.sender_hash(factory.get("/", REMOTE_ADDR="192.0.2.1"))
        self.assertEqual(len(one), 64)
        self.assertEqual(one, reports.sender_hash(factory.get("/", REMOTE_ADDR="192.0.2.1")))
        self.assertNotEqual(one, reports.sender_hash(factory.get("/", REMOTE_ADDR="192.0.2.2")))
        with override_settings(SECRET_KEY="another-key-for-this-test-only-0123456789"):
            self.assertNotEqual(one, reports.sender_hash(factory.get("/", REMOTE_ADDR="192.0.2.1")))
        request = factory.get("/")
        del request.META["REMOTE_ADDR"]
        self.assertEqual(len(reports.sender_hash(request)), 64)

    def test_it_counts_the_last_hour_only(self):
        now = timezone.now()
        for minutes in (5, 30, 59, 61, 120):
            Report.objects.create(
                resource=self.salon,
                body="x",
                sender_hash="h",
                created_at=now - datetime.timedelta(minutes=minutes),
            )
        self.assertFalse(reports.over_limit("h", now))  # 3 in the hour, limit 5
        with override_settings(SASAEAI_REPORTS_PER_HOUR=3):
            self.assertTrue(reports.over_limit("h", now))
            self.assertFalse(reports.over_limit("someone-else", now))

    def test_it_finds_public_resources_only(self):
        self.assertEqual(reports.public_resource(self.salon.pk), self.salon)
        for pk in (self.hidden.pk, 0, 2**63, 10**30):
            with self.assertRaises(Http404):
                reports.public_resource(pk)

    def test_it_scopes_the_inbox_by_role_and_area(self):
        on_salon = Report.objects.create(resource=self.salon, body="a", sender_hash="h")
        on_chuo = Report.objects.create(resource=self.in_chuo, body="b", sender_hash="h")
        on_mihama = Report.objects.create(resource=self.in_mihama, body="c", sender_hash="h")
        expected = {
            self.admin: {on_salon, on_chuo, on_mihama},
            self.viewer: {on_salon, on_chuo, on_mihama},
            self.chuo_coordinator: {on_salon, on_chuo},
            self.higashichiba_coordinator: {on_salon},
        }
        for user, inbox in expected.items():
            self.assertEqual(set(reports.visible_reports(staff(user))), inbox, user)

    def test_it_counts_and_filters_by_status(self):
        Report.objects.create(resource=self.salon, body="a", sender_hash="h")
        Report.objects.create(
            resource=self.salon, body="b", sender_hash="h", status=Report.Status.DONE
        )
        inbox = reports.visible_reports(staff(self.admin))
        self.assertEqual(reports.report_counts(inbox), {"open": 1, "done": 1, "all": 2})
        self.assertEqual([r.body for r in reports.filter_reports(inbox, "done")], ["b"])
        self.assertEqual(len(reports.filter_reports(inbox, "all")), 2)
        self.assertEqual([r.body for r in reports.open_reports(staff(self.admin))], ["a"])

    def test_it_marks_a_report_done_once(self):
        report = Report.objects.create(resource=self.salon, body="a", sender_hash="h")
        self.assertTrue(reports.mark_done(report, self.admin, "直しました"))
        self.assertFalse(reports.mark_done(report, self.chuo_coordinator, "私も"))
        report.refresh_from_db()
        self.assertEqual((report.handled_by, report.reply), (self.admin, "直しました"))

    def test_it_spots_the_honeypot(self):
        self.assertTrue(reports.ReportForm({"body": "a", "website": "x"}).is_bot())
        self.assertFalse(reports.ReportForm({"body": "a", "website": "  "}).is_bot())
        self.assertFalse(reports.ReportForm({"body": "a"}).is_bot())


class LinkRuleTests(OfficeTestCase):
    def test_it_makes_a_link_with_a_random_nonce(self):
        one, token = links.create_link(self.salon, self.admin)
        two, _token = links.create_link(self.salon, self.admin)
        self.assertNotEqual(one.nonce, two.nonce)
        self.assertGreaterEqual(len(one.nonce), 20)
        self.assertEqual(links.resolve_token(token), (one, None))

    def test_it_names_each_state(self):
        link, _token = links.create_link(self.salon, self.admin)
        now = timezone.now()
        self.assertEqual(links.link_state(link, now), "active")
        self.assertEqual(links.link_state(link, link.expires_at), "expired")
        link.revoked_at = now
        self.assertEqual(links.link_state(link, now), "revoked")
        link.used_at = now
        self.assertEqual(links.link_state(link, now), "used")
        for state in ("active", "used", "expired", "revoked"):
            self.assertTrue(str(links.LinkState.LABELS[state]))

    def test_it_explains_why_a_link_cannot_be_used(self):
        link, token = links.create_link(self.salon, self.admin)
        UpdateLink.objects.filter(pk=link.pk).update(revoked_at=timezone.now())
        self.assertEqual(links.resolve_token(token)[1], "revoked")
        UpdateLink.objects.filter(pk=link.pk).update(
            revoked_at=None, expires_at=timezone.now() - datetime.timedelta(seconds=1)
        )
        self.assertEqual(links.resolve_token(token)[1], "expired")
        UpdateLink.objects.filter(pk=link.pk).update(used_at=timezone.now())
        self.assertEqual(links.resolve_token(token)[1], "used")
        self.assertEqual(links.resolve_token(""), (None, "invalid"))
        for problem in ("invalid", "expired", "used", "revoked", "ended"):
            self.assertIn(links.LinkProblem.STATUS[problem], (404, 410))
            self.assertTrue(str(links.LinkProblem.MESSAGES[problem]))

    def test_it_does_not_revoke_a_used_link(self):
        link, _token = links.create_link(self.salon, self.admin)
        UpdateLink.objects.filter(pk=link.pk).update(used_at=timezone.now())
        self.assertFalse(links.revoke_link(link))
        self.assertIsNone(link.revoked_at)

    def test_it_writes_a_ready_made_mail(self):
        link, _token = links.create_link(self.salon, self.admin)
        self.assertEqual(links.mailto_href(self.salon, "https://x/", link, "中央区"), "")
        self.salon.email = "salon@example.jp"
        href = links.mailto_href(self.salon, "https://example.jp/update/a:b:c/", link, "中央区")
        self.assertTrue(href.startswith("mailto:salon@example.jp?subject="))
        self.assertNotIn(" ", href)
        self.assertNotIn("\n", href)
        text = unquote(href)
        self.assertIn("「院内ひだまりサロン」の掲載内容のご確認のお願い", text)
        self.assertIn("https://example.jp/update/a:b:c/", text)
        self.assertIn("1回だけ", text)
        self.assertIn("中央区", text)


class ProviderFormTests(OfficeTestCase):
    def data(self, **changes) -> dict[str, str]:
        values = proposals.current_values(self.salon)
        data = {k: "" if v is None else str(v) for k, v in values.items()}
        data.update(changes)
        return data

    def test_it_offers_no_internal_field(self):
        self.assertFalse(set(proposals.PROVIDER_FIELDS) & history.INTERNAL_FIELDS)
        self.assertEqual(
            set(proposals.ProviderForm().fields), {*proposals.PROVIDER_FIELDS, "message"}
        )
        grouped = [name for _k, _t, names in proposals.PROVIDER_GROUPS for name in names]
        self.assertEqual(sorted(grouped), sorted(proposals.PROVIDER_FIELDS))

    def test_it_normalises_what_people_type(self):
        form = proposals.ProviderForm(
            self.data(
                phone="０４３－２４５－５１１１",
                postal_code="２６０００１３",
                kana="いんないさろん",
                fee_amount="１，０００円",
                capacity="20人",
            ),
            instance=self.salon,
        )
        self.assertTrue(form.is_valid(), form.errors)
        self.assertEqual(form.cleaned_data["phone"], "043-245-5111")
        self.assertEqual(form.cleaned_data["postal_code"], "260-0013")
        self.assertEqual(form.cleaned_data["kana"], "インナイサロン")
        self.assertEqual(form.cleaned_data["fee_amount"], 1000)
        self.assertEqual(form.cleaned_data["capacity"], 20)

    def test_it_refuses_bad_values_in_japanese(self):
        form = proposals.ProviderForm(
            self.data(phone="12345", postal_code="1", email="x@", name="あ" * 201),
            instance=self.salon,
        )
        self.assertFalse(form.is_valid())
        self.assertEqual(set(form.errors), {"phone", "postal_code", "email", "name"})
        self.assertIn("201文字", form.errors["name"][0])

    def test_it_reads_numbers_and_kana_as_people_type_them(self):
        self.assertEqual(to_katakana("ひだまり ｻﾛﾝ"), "ヒダマリ サロン")
        field = proposals.WholeNumberField(min_value=0, required=False)
        self.assertEqual(field.clean("２，５００円"), 2500)
        self.assertIsNone(field.clean(""))
        for value in ("たくさん", "1.5", "9" * 5000):
            with self.assertRaises(ValidationError):
                field.clean(value)

    def test_it_keeps_only_what_changed(self):
        link, _token = links.create_link(self.salon, self.admin)
        base = proposals.current_values(self.salon)
        form = proposals.ProviderForm(
            self.data(fee_amount="", fee_note="無料になりました", message="よろしく"),
            instance=self.salon,
        )
        self.assertTrue(form.is_valid(), form.errors)
        proposal = proposals.submit_proposal(link, base, form)
        self.assertEqual(proposal.changes, {"fee_amount": None, "fee_note": "無料になりました"})
        self.assertEqual(proposal.base, {"fee_amount": 100, "fee_note": "お茶代"})
        self.assertEqual(proposal.message, "よろしく")
        # Used up: a second submission keeps nothing.
        self.assertIsNone(proposals.submit_proposal(link, base, form))
        self.assertEqual(Proposal.objects.count(), 1)


class DecisionTests(OfficeTestCase):
    def make_proposal(self, changes: dict, base: dict | None = None) -> Proposal:
        link, _token = links.create_link(self.salon, self.admin)
        current = proposals.current_values(self.salon)
        return Proposal.objects.create(
            link=link,
            resource=self.salon,
            changes=changes,
            base=base if base is not None else {k: current[k] for k in changes},
        )

    def test_it_names_the_decisions(self):
        proposal = self.make_proposal({"name": "a", "phone": "043-555-0202", "fee_amount": 0})
        self.assertEqual(
            proposals.decision_comment(proposal, {"phone", "fee_amount"}),
            "提供者の提案：採用 料金（円）・電話番号／不採用 名称",
        )
        self.assertEqual(
            proposals.decision_comment(proposal, {"name", "phone", "fee_amount"}),
            "提供者の提案：採用 名称・料金（円）・電話番号",
        )
        self.assertEqual(
            proposals.decision_comment(proposal, set()),
            "提供者の提案：採用なし／不採用 名称・料金（円）・電話番号",
        )

    def test_it_converts_json_back_to_field_values(self):
        proposal = self.make_proposal({"fee_amount": 0, "capacity": 12, "booking": "reservation"})
        proposals.decide(proposal, self.admin, {"fee_amount", "capacity", "booking"})
        self.salon.refresh_from_db()
        self.assertEqual(
            (self.salon.fee_amount, self.salon.capacity, self.salon.booking),
            (0, 12, "reservation"),
        )

    def test_it_ignores_fields_a_provider_may_not_change(self):
        proposal = self.make_proposal({"internal_note": "書き換え", "status": "deleted"}, base={})
        self.assertEqual(proposals.proposed_fields(proposal), [])
        proposals.decide(proposal, self.admin, {"internal_note", "status"})
        self.salon.refresh_from_db()
        self.assertEqual(self.salon.internal_note, "")
        self.assertEqual(self.salon.status, Resource.Status.PUBLISHED)

    def test_it_decides_once(self):
        proposal = self.make_proposal({"name": "新しい名前"})
        proposals.decide(proposal, self.admin, set())
        with self.assertRaises(proposals.AlreadyDecidedError):
            proposals.decide(proposal, self.admin, {"name"})
        self.salon.refresh_from_db()
        self.assertEqual(self.salon.name, "院内ひだまりサロン")

    def test_it_saves_nothing_on_a_conflict(self):
        proposal = self.make_proposal({"name": "新しい名前"})
        version = self.salon.version
        editing.change(self.salon, self.admin, Revision.Action.EDIT, lambda r: None)
        with self.assertRaises(editing.EditConflictError):
            proposals.decide(proposal, self.admin, {"name"}, version=version)
        proposal.refresh_from_db()
        self.assertEqual(proposal.status, Proposal.Status.PENDING)
        self.assertEqual(proposal.decisions, {})
        self.assertFalse(Revision.objects.filter(action=Revision.Action.PROPOSAL).exists())

    def test_it_reindexes_an_accepted_name(self):
        proposal = self.make_proposal({"name": "院内ひだまりカフェ"})
        proposals.decide(proposal, self.admin, {"name"})
        self.assertIn("かふぇ", Resource.objects.get(pk=self.salon.pk).search_name)

    def test_it_shows_what_moved_since_the_provider_looked(self):
        proposal = self.make_proposal(
            {"phone": "043-555-0202", "fee_note": "お茶代"},
            base={"phone": "043-555-0999", "fee_note": "お茶代"},
        )
        items = {item.name: item for item in proposals.proposal_items(proposal, self.salon)}
        self.assertTrue(items["phone"].moved)
        self.assertFalse(items["phone"].same)
        self.assertEqual(items["phone"].label, "電話番号")
        self.assertFalse(items["fee_note"].moved)
        self.assertTrue(items["fee_note"].same)

    def test_it_lists_pending_proposals_for_those_who_may_decide(self):
        proposal = self.make_proposal({"name": "x"})
        self.assertEqual(
            list(proposals.pending_proposals(staff(self.chuo_coordinator))), [proposal]
        )
        self.assertEqual(list(proposals.pending_proposals(staff(self.viewer))), [])

    def test_it_rejects_unknown_choices(self):
        proposal = self.make_proposal({"name": "x"})
        form = proposals.DecisionForm({"decide_name": "maybe"}, proposal=proposal)
        self.assertFalse(form.is_valid())
        form = proposals.DecisionForm({"decide_name": "accept", "version": "3"}, proposal=proposal)
        self.assertTrue(form.is_valid())
        self.assertEqual(form.accepted(), {"name"})
