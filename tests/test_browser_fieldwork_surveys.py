"""調査 in a real browser (Chromium through Playwright): a coordinator sends a cp932 CSV of
answers, reads its table and bars, and turns a finding into a 地域課題; axe-core (WCAG 2.1
A/AA), 44 px targets and no sideways scrolling on every survey page at 820 px and 1280 px —
the erase confirm page as the 管理者."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth.models import User
from playwright.sync_api import expect

from areas.models import Area
from fieldwork.models import LocalIssue
from fieldwork.survey_demo import load_survey_demo
from fieldwork.survey_models import Survey
from office.models import Staff
from tests.test_browser import new_page
from tests.test_browser_fieldwork import SPHERE, check_pages
from tests.test_browser_office import PASSWORD, TABLET, coordinator, log_in

NEEDS = Path(__file__).parent / "data" / "surveys" / "needs_survey_cp932.csv"


def sample_survey() -> Survey:
    load_survey_demo(Area.objects.get(code="121002"))
    return Survey.objects.get(title="見本 弁天地区 暮らしのアンケート")


def survey_pages(survey: Survey) -> list[tuple[str, int]]:
    base = "/office/fieldwork/surveys"
    return [
        (f"{base}/", 200),
        (f"{base}/?kind=nothing", 200),
        (f"{base}/new/", 200),
        (f"{base}/{survey.pk}/", 200),
        (f"{base}/{survey.pk}/edit/", 200),
        (f"{base}/{survey.pk}/delete/", 200),
        (f"{base}/{survey.pk}/history/", 200),
        (f"{base}/{survey.pk}/history/1/", 200),
    ]


def test_it_passes_axe_with_44px_targets_on_every_survey_page(browser, site):
    coordinator("higashichiba", SPHERE)
    check_pages(browser, site, "higashichiba", survey_pages(sample_survey()))


def test_it_passes_axe_on_the_erase_confirm_page(browser, site):
    admin = User.objects.create_user("city-admin", password=PASSWORD)
    Staff.objects.create(user=admin, role=Staff.Role.ADMIN)
    survey = sample_survey()
    check_pages(
        browser, site, "city-admin", [(f"/office/fieldwork/surveys/{survey.pk}/erase/", 200)]
    )


def test_it_lets_a_coordinator_tally_answers_and_turn_a_finding_into_an_issue(browser, site):
    coordinator("higashichiba", SPHERE)
    survey = sample_survey()
    finding = survey.findings[0]
    context, page = new_page(browser, TABLET)
    try:
        log_in(page, site, "higashichiba")
        page.goto(f"{site}/office/fieldwork/surveys/")
        with page.expect_navigation():
            page.get_by_role("link", name=survey.title).click()
        page.get_by_label("集計の名前").fill("全戸配布の回収分")
        page.get_by_label("回答の CSV ファイル").set_input_files(str(NEEDS))
        with page.expect_navigation():
            page.get_by_role("button", name="集計する").click()
        expect(page.get_by_text("120人分の回答を集計しました")).to_be_visible()
        table = page.get_by_role(
            "table", name="問2(イ) 階段を手すりや壁をつたわらずに昇っていますか"
        )
        expect(table.get_by_role("row", name="できるし、している 56人 48.7%")).to_be_visible()
        item = page.locator("#findings li", has_text=finding)
        with page.expect_navigation():
            item.get_by_role("button", name="地域課題にする").click()
        expect(
            page.locator("#findings").get_by_role("link", name=f"地域課題「{finding}」")
        ).to_be_visible()
    finally:
        context.close()
    issue = LocalIssue.objects.get(source_survey=survey)
    assert issue.title == finding and issue.source == LocalIssue.Source.SURVEY
