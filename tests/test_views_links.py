"""提供者用の更新リンク: making links, the provider's page, and reviewing proposals."""

from __future__ import annotations

import datetime
import re
import time
from urllib.parse import unquote

from django.core import signing
from django.utils import timezone

from directory.models import Resource
from office import editing, links, proposals
from office.models import Proposal, Revision, UpdateLink
from tests.base import OfficeTestCase


def provider_data(resource: Resource, **changes) -> dict[str, str]:
    """What the provider's form sends back untouched, with some fields changed."""
    data = {
        name: "" if value is None else str(value)
        for name, value in proposals.current_values(resource).items()
    }
    data["message"] = ""
    data.update({key: str(value) for key, value in changes.items()})
    return data


class LinkTestCase(OfficeTestCase):
    def make_link(self, resource: Resource | None = None) -> tuple[UpdateLink, str]:
        return links.create_link(resource or self.salon, self.chuo_coordinator)

    def propose(self, resource: Resource | None = None, **changes) -> Proposal:
        resource = resource or self.salon
        _link, token = self.make_link(resource)
        response = self.client.post(f"/update/{token}/", provider_data(resource, **changes))
        self.assertEqual(response.status_code, 303, response.content.decode()[:2000])
        return Proposal.objects.get(link=_link)


class LinkCreateTests(LinkTestCase):
    def url(self, resource: Resource | None = None) -> str:
        return f"/office/resources/{(resource or self.salon).pk}/links/"

    def test_it_creates_a_link_and_shows_it_once(self):
        Resource.objects.filter(pk=self.salon.pk).update(email="salon@example.jp")
        self.client.force_login(self.chuo_coordinator)
        response = self.client.post(self.url())
        self.assertEqual(response.status_code, 200)
        link = UpdateLink.objects.get(resource=self.salon)
        self.assertEqual(link.created_by, self.chuo_coordinator)
        days = (link.expires_at - timezone.now()).total_seconds() / 86400
        self.assertAlmostEqual(days, 30, places=2)
        html = response.content.decode()
        url = re.search(r'value="(http://testserver/update/[^"]+/)"', html)[1]
        self.assertEqual(self.client.get(url).status_code, 200)
        mailto = re.search(r'href="(mailto:[^"]+)"', html)[1]
        self.assertTrue(mailto.startswith("mailto:salon@example.jp?subject="))
        self.assertIn(url, unquote(mailto.replace("&amp;", "&")))
        self.assertIn("院内ひだまりサロン", unquote(mailto))
        # A later visit lists the link, without its address.
        listing = self.client.get(self.url())
        self.assertContains(listing, "有効")
        self.assertNotContains(listing, url)

    def test_it_offers_no_mail_without_an_address(self):
        self.client.force_login(self.higashichiba_coordinator)
        response = self.client.post(self.url())
        self.assertNotContains(response, "mailto:")
        self.assertContains(response, "メールアドレスが登録されていません")

    def test_it_lists_the_links_states(self):
        used, _t = self.make_link()
        UpdateLink.objects.filter(pk=used.pk).update(used_at=timezone.now())
        old, _t = self.make_link()
        UpdateLink.objects.filter(pk=old.pk).update(expires_at=timezone.now())
        gone, _t = self.make_link()
        UpdateLink.objects.filter(pk=gone.pk).update(revoked_at=timezone.now())
        self.make_link()
        self.client.force_login(self.viewer)
        response = self.client.get(self.url())
        for state in ("有効", "使用済み", "期限切れ", "取り消し"):
            self.assertContains(response, f"<td>{state}</td>")
        self.assertNotContains(response, "新しいリンクを作る")

    def test_it_refuses_viewers_and_coordinators_of_other_areas(self):
        for user, resource in (
            (self.viewer, self.salon),
            (self.higashichiba_coordinator, self.in_chuo),
            (self.chuo_coordinator, self.in_mihama),
            (self.outsider, self.salon),
        ):
            self.client.force_login(user)
            response = self.client.post(self.url(resource))
            self.assertEqual(response.status_code, 403, user)
        self.assertFalse(UpdateLink.objects.exists())

    def test_it_asks_for_a_log_in(self):
        response = self.client.post(self.url())
        self.assertEqual(response.status_code, 302)
        self.assertFalse(UpdateLink.objects.exists())

    def test_it_is_a_404_for_unknown_and_huge_ids(self):
        self.client.force_login(self.admin)
        for pk in (999999999, 2**63, 10**30):
            self.assertEqual(self.client.get(f"/office/resources/{pk}/links/").status_code, 404)
            self.assertEqual(self.client.post(f"/office/resources/{pk}/links/").status_code, 404)

    def test_it_revokes_a_link(self):
        link, token = self.make_link()
        self.client.force_login(self.higashichiba_coordinator)
        response = self.client.post(self.url(), {"revoke": str(link.pk)})
        self.assertEqual(response.status_code, 303)
        link.refresh_from_db()
        self.assertIsNotNone(link.revoked_at)
        response = self.client.get(f"/update/{token}/")
        self.assertContains(response, "取り消されています", status_code=410)

    def test_it_revokes_only_its_own_links(self):
        other, _t = self.make_link(self.in_mihama)
        self.client.force_login(self.chuo_coordinator)
        for value in (str(other.pk), "abc", "9" * 40, "", "-1"):
            response = self.client.post(self.url(), {"revoke": value})
            self.assertEqual(response.status_code, 404, value)
        other.refresh_from_db()
        self.assertIsNone(other.revoked_at)


class ProviderPageTests(LinkTestCase):
    def test_it_shows_the_entry_without_its_internal_fields(self):
        Resource.objects.filter(pk=self.salon.pk).update(
            internal_note="鍵は管理人室", contact_person="担当 内緒子"
        )
        _link, token = self.make_link()
        response = self.client.get(f"/update/{token}/")
        self.assertContains(response, "院内ひだまりサロン")
        self.assertContains(response, 'value="043-555-0101"')
        self.assertContains(response, "コーディネーターへのひとこと")
        self.assertContains(response, "毎月第2・第4水曜日")
        self.assertNotContains(response, "鍵は管理人室")
        self.assertNotContains(response, "担当 内緒子")
        self.assertNotContains(response, "internal_note")
        self.assertNotContains(response, "contact_person")
        self.assertEqual(response["Cache-Control"].count("no-store"), 1)

    def test_it_keeps_a_proposal_and_uses_the_link_up(self):
        link, token = self.make_link()
        data = provider_data(self.salon, phone="０４３－５５５－０２０２", fee_amount="200")
        data["message"] = "料金を上げました。"
        response = self.client.post(f"/update/{token}/", data)
        self.assertRedirects(
            response, f"/update/{token}/?sent=1", status_code=303, fetch_redirect_response=False
        )
        proposal = Proposal.objects.get(link=link)
        self.assertEqual(proposal.resource, self.salon)
        self.assertEqual(proposal.changes, {"fee_amount": 200, "phone": "043-555-0202"})
        self.assertEqual(proposal.base, {"fee_amount": 100, "phone": "043-555-0101"})
        self.assertEqual(proposal.message, "料金を上げました。")
        self.assertEqual(proposal.status, Proposal.Status.PENDING)
        link.refresh_from_db()
        self.assertIsNotNone(link.used_at)
        self.salon.refresh_from_db()
        self.assertEqual(self.salon.phone, "043-555-0101")  # nothing changes by itself
        self.assertContains(self.client.get(f"/update/{token}/?sent=1"), "送信しました")

    def test_it_accepts_a_proposal_without_changes(self):
        proposal = self.propose()
        self.assertEqual(proposal.changes, {})

    def test_it_refuses_a_used_link(self):
        _link, token = self.make_link()
        self.client.post(f"/update/{token}/", provider_data(self.salon, name="新しい名前"))
        response = self.client.get(f"/update/{token}/")
        self.assertContains(response, "すでに使われています", status_code=410)
        response = self.client.post(f"/update/{token}/", provider_data(self.salon, name="三度目"))
        self.assertEqual(response.status_code, 410)
        self.assertEqual(Proposal.objects.count(), 1)

    def test_it_refuses_an_expired_link(self):
        link, token = self.make_link()
        UpdateLink.objects.filter(pk=link.pk).update(
            expires_at=timezone.now() - datetime.timedelta(minutes=1)
        )
        for response in (
            self.client.get(f"/update/{token}/"),
            self.client.post(f"/update/{token}/", provider_data(self.salon, name="x")),
        ):
            self.assertContains(
                response,
                "このリンクは有効期限が切れています。担当の生活支援コーディネーターに新しいリンクをご依頼ください。",
                status_code=410,
            )
        self.assertFalse(Proposal.objects.exists())

    def test_it_refuses_a_token_signed_too_long_ago(self):
        link, _token = self.make_link()

        class Old(signing.TimestampSigner):
            def timestamp(self) -> str:
                return signing.b62_encode(int(time.time()) - 31 * 86400)

        token = Old(salt=links.TOKEN_SALT).sign_object({"l": link.pk, "n": link.nonce})
        response = self.client.get(f"/update/{token}/")
        self.assertContains(response, "有効期限が切れています", status_code=410)

    def test_it_is_a_japanese_404_for_a_tampered_token(self):
        _link, token = self.make_link()
        for position in (0, len(token) // 2, len(token) - 1):
            original = token[position]
            changed = token[:position] + ("A" if original != "A" else "B") + token[position + 1 :]
            response = self.client.get(f"/update/{changed}/")
            self.assertContains(response, "このリンクは正しくありません。", status_code=404)

    def test_it_is_a_japanese_404_for_garbage_and_foreign_tokens(self):
        link, _token = self.make_link()
        foreign = [
            signing.dumps({"l": link.pk, "n": link.nonce}),  # another salt
            signing.dumps({"l": link.pk, "n": "wrong"}, salt=links.TOKEN_SALT),
            signing.dumps({"l": 2**70, "n": link.nonce}, salt=links.TOKEN_SALT),
            signing.dumps(["l", link.pk], salt=links.TOKEN_SALT),
            signing.dumps({"l": "1", "n": link.nonce}, salt=links.TOKEN_SALT),
        ]
        for token in ["garbage", "a:b:c", "x" * 2000, "%00", "..", *foreign]:
            response = self.client.get(f"/update/{token}/")
            self.assertContains(
                response, "このリンクは正しくありません。", status_code=404, msg_prefix=token
            )

    def test_it_refuses_links_of_deleted_entries(self):
        _link, token = self.make_link()
        Resource.objects.filter(pk=self.salon.pk).update(status=Resource.Status.DELETED)
        self.assertEqual(self.client.get(f"/update/{token}/").status_code, 410)

    def test_it_shows_japanese_errors_and_keeps_nothing(self):
        link, token = self.make_link()
        cases = [
            ({"phone": "12345"}, "電話番号は市外局番から、0から始まる10桁"),
            ({"fax": "abc"}, "電話番号は数字とハイフンで"),
            ({"postal_code": "12-34"}, "郵便番号は7桁の数字で"),
            ({"name": "あ" * 300}, "200文字以内で入力してください（いまは300文字です）。"),
            ({"name": ""}, "名称を入力してください。"),
            ({"email": "x@"}, "メールアドレス"),
            ({"url": "javascript:alert(1)"}, "URL"),
            ({"fee_amount": "たくさん"}, "数字だけで入力してください"),
            ({"fee_amount": "-5"}, "0以上の数字で"),
            ({"fee_amount": "9" * 5000}, "数字"),
            ({"capacity": "99999999999999"}, "数字が大きすぎます"),
            ({"booking": "bribe"}, "参加方法を選び直してください。"),
            ({"description": "あ" * 4001}, "4000文字以内"),
            ({"message": "あ" * 1001}, "1000文字以内"),
        ]
        for changes, message in cases:
            response = self.client.post(f"/update/{token}/", provider_data(self.salon, **changes))
            self.assertContains(response, message, msg_prefix=str(changes)[:60])
            self.assertContains(response, "入力の内容に直すところがあります")
        self.assertFalse(Proposal.objects.exists())
        link.refresh_from_db()
        self.assertIsNone(link.used_at)

    def test_it_escapes_what_the_provider_typed(self):
        _link, token = self.make_link()
        data = provider_data(self.salon, name="<script>alert(1)</script>", phone="bad")
        response = self.client.post(f"/update/{token}/", data)
        self.assertNotContains(response, "<script>alert(1)</script>")
        self.assertContains(response, "&lt;script&gt;")


class ProposalReviewTests(LinkTestCase):
    def url(self, proposal: Proposal) -> str:
        return f"/office/proposals/{proposal.pk}/"

    def decide(self, proposal: Proposal, accept: tuple[str, ...] = (), **extra):
        data = {
            f"decide_{name}": "accept" if name in accept else "reject" for name in proposal.changes
        }
        data.update(extra)
        return self.client.post(self.url(proposal), data)

    def test_it_shows_each_proposed_field(self):
        proposal = self.propose(name="院内ひだまりカフェ", phone="043-555-0202")
        self.client.force_login(self.higashichiba_coordinator)
        response = self.client.get(self.url(proposal))
        self.assertContains(response, "<legend>名称</legend>", html=False)
        self.assertContains(response, "<legend>電話番号</legend>", html=False)
        self.assertContains(response, "院内ひだまりカフェ")
        self.assertContains(response, "043-555-0202")
        self.assertContains(response, "採用する")
        self.assertContains(response, "採用しない")
        self.assertContains(
            response, 'name="decide_name" value="reject" id="id_decide_name_1" required checked'
        )
        self.assertNotContains(response, "変更されています")

    def test_it_warns_when_the_entry_changed_since_the_provider_saw_it(self):
        proposal = self.propose(phone="043-555-0202")

        def mutate(resource: Resource) -> None:
            resource.phone = "043-555-0999"

        editing.change(self.salon, self.admin, Revision.Action.EDIT, mutate)
        self.client.force_login(self.chuo_coordinator)
        response = self.client.get(self.url(proposal))
        self.assertContains(response, "この項目は事務局で変更されています")
        self.assertContains(response, "043-555-0999")

    def test_it_applies_only_the_accepted_fields(self):
        proposal = self.propose(name="院内ひだまりカフェ", phone="043-555-0202", fee_amount="")
        self.client.force_login(self.chuo_coordinator)
        response = self.decide(proposal, accept=("phone", "fee_amount"))
        self.assertRedirects(
            response, self.url(proposal), status_code=303, fetch_redirect_response=False
        )
        self.salon.refresh_from_db()
        self.assertEqual(self.salon.name, "院内ひだまりサロン")
        self.assertEqual(self.salon.phone, "043-555-0202")
        self.assertIsNone(self.salon.fee_amount)
        revision = Revision.objects.get(resource=self.salon, action=Revision.Action.PROPOSAL)
        self.assertEqual(revision.user, self.chuo_coordinator)
        self.assertEqual(revision.comment, "提供者の提案：採用 料金（円）・電話番号／不採用 名称")
        self.assertEqual(set(revision.changed), {"phone", "fee_amount"})
        proposal.refresh_from_db()
        self.assertEqual(proposal.status, Proposal.Status.DECIDED)
        self.assertEqual(proposal.decisions, {"name": False, "fee_amount": True, "phone": True})
        self.assertEqual(proposal.decided_by, self.chuo_coordinator)
        self.assertIsNotNone(proposal.decided_at)
        page = self.client.get(self.url(proposal))
        self.assertContains(page, "提案を確認しました")
        self.assertContains(page, "採用しなかった")
        self.assertNotContains(page, "判断を保存する")

    def test_it_moves_the_town_and_point_with_an_accepted_address(self):
        proposal = self.propose(address="千葉市中央区春日2-1-1")
        self.client.force_login(self.higashichiba_coordinator)
        self.decide(proposal, accept=("address",))
        self.salon.refresh_from_db()
        kasuga = self.salon.town
        self.assertEqual(kasuga.name, "春日二丁目")
        self.assertEqual((self.salon.lat, self.salon.lng), (kasuga.lat, kasuga.lng))
        self.assertEqual(self.salon.point_precision, "town")

    def test_it_records_a_decision_that_accepts_nothing(self):
        proposal = self.propose(name="院内ひだまりカフェ")
        self.client.force_login(self.higashichiba_coordinator)
        self.decide(proposal)  # every field left at 採用しない
        self.salon.refresh_from_db()
        self.assertEqual(self.salon.name, "院内ひだまりサロン")
        revision = Revision.objects.get(resource=self.salon, action=Revision.Action.PROPOSAL)
        self.assertEqual(revision.comment, "提供者の提案：採用なし／不採用 名称")
        self.assertEqual(revision.changed, [])

    def test_it_records_a_proposal_without_changes(self):
        proposal = self.propose()
        self.client.force_login(self.chuo_coordinator)
        self.assertContains(self.client.get(self.url(proposal)), "変更の提案はありませんでした")
        self.assertEqual(self.decide(proposal).status_code, 303)
        revision = Revision.objects.get(resource=self.salon, action=Revision.Action.PROPOSAL)
        self.assertEqual(revision.comment, "提供者の提案：変更の提案なし")

    def test_it_refuses_a_second_decision(self):
        proposal = self.propose(name="院内ひだまりカフェ")
        self.client.force_login(self.chuo_coordinator)
        self.decide(proposal)
        response = self.decide(proposal, accept=("name",))
        self.assertEqual(response.status_code, 409)
        self.assertContains(response, "すでに確認済みです", status_code=409)
        self.salon.refresh_from_db()
        self.assertEqual(self.salon.name, "院内ひだまりサロン")
        self.assertEqual(
            Revision.objects.filter(resource=self.salon, action=Revision.Action.PROPOSAL).count(),
            1,
        )

    def test_it_saves_nothing_when_someone_saved_first(self):
        proposal = self.propose(name="院内ひだまりカフェ")
        self.client.force_login(self.chuo_coordinator)
        page = self.client.get(self.url(proposal)).content.decode()
        version = re.search(r'name="version" value="(\d+)"', page)[1]

        def mutate(resource: Resource) -> None:
            resource.fee_note = "お茶とお菓子代"

        editing.change(self.salon, self.admin, Revision.Action.EDIT, mutate)
        response = self.decide(proposal, accept=("name",), version=version)
        self.assertContains(response, "ほかの人がこの地域資源を変更しました", status_code=409)
        self.salon.refresh_from_db()
        self.assertEqual(self.salon.name, "院内ひだまりサロン")
        proposal.refresh_from_db()
        self.assertEqual(proposal.status, Proposal.Status.PENDING)
        self.assertFalse(Revision.objects.filter(action=Revision.Action.PROPOSAL).exists())
        # The page now carries the new version: sending again works.
        new_version = re.search(r'name="version" value="(\d+)"', response.content.decode())[1]
        self.assertNotEqual(new_version, version)
        self.assertEqual(
            self.decide(proposal, accept=("name",), version=new_version).status_code, 303
        )

    def test_it_lets_a_viewer_read_but_not_decide(self):
        proposal = self.propose(name="院内ひだまりカフェ")
        self.client.force_login(self.viewer)
        response = self.client.get(self.url(proposal))
        self.assertContains(response, "院内ひだまりカフェ")
        self.assertNotContains(response, "判断を保存する")
        self.assertEqual(self.decide(proposal, accept=("name",)).status_code, 403)
        proposal.refresh_from_db()
        self.assertEqual(proposal.status, Proposal.Status.PENDING)

    def test_it_keeps_proposals_to_the_coordinators_of_the_area(self):
        proposal = self.propose(self.in_chuo, name="中央いきいき体操クラブ")
        self.client.force_login(self.higashichiba_coordinator)
        self.assertEqual(self.client.get(self.url(proposal)).status_code, 404)
        self.assertEqual(self.decide(proposal, accept=("name",)).status_code, 403)
        self.client.force_login(self.chuo_coordinator)
        self.assertEqual(self.client.get(self.url(proposal)).status_code, 200)
        self.in_chuo.refresh_from_db()
        self.assertEqual(self.in_chuo.name, "中央いきいき体操")

    def test_it_survives_bad_input(self):
        proposal = self.propose(name="院内ひだまりカフェ")
        self.client.force_login(self.admin)
        for pk in (999999999, 2**63, 10**30):
            self.assertEqual(self.client.get(f"/office/proposals/{pk}/").status_code, 404)
        response = self.client.post(
            self.url(proposal), {"decide_name": "<b>maybe</b>", "version": "x" * 50}
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "採用するか、しないかを選び直してください。")
        self.assertContains(response, "画面を開き直してから、もう一度選んでください。")
        self.assertNotContains(response, "<b>maybe</b>")
        proposal.refresh_from_db()
        self.assertEqual(proposal.status, Proposal.Status.PENDING)

    def test_it_lists_proposals_on_the_links_page(self):
        proposal = self.propose(name="院内ひだまりカフェ")
        self.client.force_login(self.chuo_coordinator)
        response = self.client.get(f"/office/resources/{self.salon.pk}/links/")
        self.assertContains(response, f'href="/office/proposals/{proposal.pk}/"')
        self.assertContains(response, "使用済み")
        self.assertContains(response, "確認待ち")
