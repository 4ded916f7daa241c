"""The back office in a real browser (Chromium through Playwright).

- a coordinator logs in, edits a schedule (checking the preview), publishes, and sees the
  change on the public page;
- axe-core (WCAG 2.1 A/AA) on every back-office page, and on the public report and
  provider-update forms, at a tablet's and a PC's size.
"""

from __future__ import annotations

import datetime
import re

from django.contrib.auth.models import User
from django.utils import timezone
from playwright.sync_api import expect

from areas.models import Area
from directory.models import Photo, Resource, ScheduleRule
from office import editing
from office.links import make_token
from office.models import Proposal, Report, Revision, Staff, UpdateLink
from tests.test_browser import AXE_RUN, PC, WCAG_TAGS, axe_violations, inject_axe, new_page

PASSWORD = "kasuga-salon-2026-tea"
TABLET = {"viewport": {"width": 820, "height": 1180}, "has_touch": True}


def coordinator(username: str = "chuo", area_code: str = "121011") -> User:
    user = User.objects.create_user(username, password=PASSWORD, last_name="中央区 第1層")
    staff = Staff.objects.create(user=user, role=Staff.Role.COORDINATOR)
    staff.areas.set([Area.objects.get(code=area_code)])
    return user


def draft_in_chuo() -> Resource:
    """A 中央区 resource turned back into a draft with one weekly rule (毎週火曜日)."""
    chuo = Area.objects.get(code="121011")
    resource = (
        Resource.objects.published()
        .filter(town__path__startswith=chuo.path, is_sample=True)
        .order_by("pk")
        .first()
    )
    resource.schedule_rules.all().delete()
    ScheduleRule.objects.create(
        resource=resource,
        freq="weekly",
        weekdays=[1],
        opens_at=datetime.time(10),
        closes_at=datetime.time(11),
    )
    resource.status = Resource.Status.DRAFT
    resource.save()
    resource.refresh_derived()
    return resource


def log_in(page, site: str, username: str) -> None:
    page.goto(site + "/office/")
    expect(page.locator("h1")).to_have_text("事務局にログイン")
    page.get_by_label("ユーザー名").fill(username)
    page.get_by_label("パスワード").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="ログイン").click()
    expect(page.locator("h1")).to_have_text("ダッシュボード")


def test_it_lets_a_coordinator_edit_a_schedule_publish_and_see_it_public(browser, site):
    coordinator()
    resource = draft_in_chuo()
    context, page = new_page(browser, TABLET)
    try:
        assert page.goto(f"{site}/resources/{resource.pk}/").status == 404  # a draft
        log_in(page, site, "chuo")
        page.goto(f"{site}/office/resources/{resource.pk}/")
        with page.expect_navigation():
            page.get_by_role("link", name="編集する").click()
        rule = page.locator("fieldset.rule").first
        rule.get_by_label("火曜日").uncheck()
        rule.get_by_label("金曜日").check()
        rule.get_by_label("開始時刻").fill("13:30")
        rule.get_by_label("終了時刻").fill("15:00")
        with page.expect_navigation():
            page.get_by_role("button", name="日時の表示を確かめる").click()
        expect(page.locator(".preview")).to_contain_text("毎週金曜日 13:30〜15:00")
        expect(page.locator(".preview")).to_contain_text("次の予定")
        with page.expect_navigation():
            page.get_by_role("button", name="保存する").click()
        expect(page.locator("main")).to_contain_text("保存しました")
        with page.expect_navigation():
            page.get_by_role("button", name="公開する").click()
        expect(page.locator("main")).to_contain_text("状態を「公開」にしました")
        page.goto(f"{site}/resources/{resource.pk}/")
        expect(page.locator("main")).to_contain_text("毎週金曜日 13:30〜15:00")
        # The history names who did it.
        page.goto(f"{site}/office/resources/{resource.pk}/history/")
        expect(page.locator("table")).to_contain_text("中央区 第1層")
        expect(page.locator("table")).to_contain_text("状態の変更")
    finally:
        context.close()


def test_it_keeps_both_editors_changes_after_a_conflict(browser, site):
    """Issue 9: B saves after A; B's second save writes nothing of A's back, and a field
    both changed needs B's choice (pressing 保存する again is not enough)."""
    coordinator()
    resource = draft_in_chuo()
    a = User.objects.create_user("a-admin", password=PASSWORD, last_name="市 高齢福祉課")
    Staff.objects.create(user=a, role=Staff.Role.ADMIN)
    context, page = new_page(browser, PC)
    try:
        log_in(page, site, "chuo")
        page.goto(f"{site}/office/resources/{resource.pk}/edit/")
        original_phone = page.locator("#id_phone").input_value()
        original_fee_note = page.locator("#id_fee_note").input_value()

        def a_saves(r: Resource) -> None:
            r.phone, r.booking_note = "043-555-0199", "前日までに電話で"

        editing.change(resource, a, Revision.Action.EDIT, a_saves)
        page.locator("#id_phone").fill("043-555-0188")
        page.locator("#id_fee_note").fill("材料費")
        with page.expect_navigation():
            page.get_by_role("button", name="保存する").click()
        conflict = page.locator(".conflict")
        expect(conflict).to_contain_text("保存できませんでした")
        expect(conflict).to_contain_text("市 高齢福祉課")
        clash = page.locator("#merge-phone")
        for value in (original_phone or "—", "043-555-0199", "043-555-0188"):
            expect(clash).to_contain_text(value)
        expect(page.locator("#id_booking_note")).to_have_value("前日までに電話で")
        expect(page.locator("#id_fee_note")).to_have_value("材料費")
        expect(clash.get_by_role("radio", checked=True)).to_have_count(0)

        # 保存する again, without choosing: refused again, nothing saved.
        with page.expect_navigation():
            page.get_by_role("button", name="保存する").click()
        expect(page.locator(".conflict")).to_contain_text("どちらの内容にするかを選んでください")
        inject_axe(page)
        assert page.evaluate(AXE_RUN, WCAG_TAGS) == []
        resource.refresh_from_db()
        assert (resource.phone, resource.fee_note) == ("043-555-0199", original_fee_note)

        page.locator("#merge-phone").get_by_role("radio", name=re.compile("ほかの人")).check()
        with page.expect_navigation():
            page.get_by_role("button", name="保存する").click()
        expect(page.locator("main")).to_contain_text("保存しました")
        resource.refresh_from_db()
        assert resource.phone == "043-555-0199"
        assert resource.booking_note == "前日までに電話で"
        assert resource.fee_note == "材料費"
    finally:
        context.close()


def office_pages(user: User) -> list[tuple[str, int]]:
    """(path, status) of every kind of back-office page, with something on each."""
    resource = draft_in_chuo()
    editing.change(resource, user, Revision.Action.EDIT, lambda r: setattr(r, "fee_note", "お茶代"))
    Photo.objects.create(
        resource=resource, image=b"", content_type="image/jpeg", width=1, height=1, alt="会場の様子"
    )
    report = Report.objects.create(resource=resource, body="開始時刻が違います", sender_hash="x")
    link = UpdateLink.objects.create(
        resource=resource,
        created_by=user,
        expires_at=timezone.now() + datetime.timedelta(days=30),
        nonce="axe-used",
        used_at=timezone.now(),
    )
    proposal = Proposal.objects.create(
        link=link, resource=resource, changes={"phone": "043-555-0102"}, base={"phone": ""}
    )
    published = Resource.objects.published().filter(is_sample=True).order_by("pk").first()
    open_link = UpdateLink.objects.create(
        resource=published,
        created_by=user,
        expires_at=timezone.now() + datetime.timedelta(days=30),
        nonce="axe-open",
    )
    r = resource.pk
    return [
        ("/office/", 200),
        ("/office/resources/", 200),
        ("/office/resources/?stale=12&reports=on&scope=all", 200),
        (f"/office/resources/{r}/", 200),
        (f"/office/resources/{r}/edit/", 200),
        ("/office/resources/new/", 200),
        (f"/office/resources/{r}/delete/", 200),
        (f"/office/resources/{r}/history/", 200),
        (f"/office/resources/{r}/history/2/", 200),
        (f"/office/resources/{r}/photos/", 200),
        (f"/office/resources/{r}/links/", 200),
        (f"/office/proposals/{proposal.pk}/", 200),
        ("/office/reports/", 200),
        (f"/office/reports/{report.pk}/", 200),
        ("/office/password/", 200),
        ("/office/account/", 200),
        ("/office/import/", 200),
        (f"/resources/{published.pk}/report/", 200),
        (f"/update/{make_token(open_link)}/", 200),
    ]


def test_it_passes_axe_on_every_back_office_page(browser, site):
    user = coordinator()
    pages = office_pages(user)
    violations = []
    for label, viewport in (("tablet", TABLET), ("pc", PC)):
        context, page = new_page(browser, viewport)
        try:
            page.goto(site + "/office/login/")
            violations += axe_violations(page, site, [("/office/login/", 200)], label)
            log_in(page, site, "chuo")
            violations += axe_violations(page, site, pages, label)
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0 or label == "tablet", f"scrolls sideways by {overflow}px"
        finally:
            context.close()
    assert not violations, "axe-core found:\n" + "\n".join(violations)


def test_it_shows_a_lock_out_in_japanese(browser, site):
    coordinator()
    context, page = new_page(browser, PC)
    try:
        for _ in range(5):
            page.goto(site + "/office/login/")
            page.get_by_label("ユーザー名").fill("chuo")
            page.get_by_label("パスワード").fill("wrong-password")
            with page.expect_navigation():
                page.get_by_role("button", name="ログイン").click()
        page.goto(site + "/office/login/")
        page.get_by_label("ユーザー名").fill("chuo")
        page.get_by_label("パスワード").fill(PASSWORD)
        with page.expect_navigation():
            page.get_by_role("button", name="ログイン").click()
        expect(page.locator("h1")).to_have_text(re.compile("しばらくログインできません"))
    finally:
        context.close()
