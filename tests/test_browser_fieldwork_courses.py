"""出前講座 and 担い手候補 in a real browser (Chromium through Playwright): axe-core (WCAG 2.1
A/AA), 44 px targets in the page's content and no sideways scrolling on every page at a
tablet's and a PC's size; a coordinator finds a candidate for a 地域課題 and records 連絡した."""

from __future__ import annotations

from playwright.sync_api import expect

from areas.models import Area
from fieldwork.course_demo import load_course_demo
from fieldwork.demo import load_fieldwork_demo
from fieldwork.models import Candidate, CandidateContact, Course, LocalIssue
from tests.test_browser import new_page
from tests.test_browser_fieldwork import SPHERE, check_pages
from tests.test_browser_office import TABLET, coordinator, log_in


def course_pages() -> list[tuple[str, int]]:
    chiba = Area.objects.get(code="121002")
    load_fieldwork_demo(chiba)
    load_course_demo(chiba)
    course = Course.objects.get()
    taro = Candidate.objects.get(name="見本 太郎")
    issue = LocalIssue.objects.get(title="ごみ出し・買い物支援が欲しい")
    base = "/office/fieldwork"
    return [
        (f"{base}/courses/", 200),
        (f"{base}/courses/?when=nope", 200),
        (f"{base}/courses/new/", 200),
        (f"{base}/courses/{course.pk}/", 200),
        (f"{base}/courses/{course.pk}/edit/", 200),
        (f"{base}/courses/{course.pk}/delete/", 200),
        (f"{base}/courses/{course.pk}/history/", 200),
        (f"{base}/courses/{course.pk}/history/1/", 200),
        (f"{base}/candidates/", 200),
        (f"{base}/candidates/?ability=garbage", 200),
        (f"{base}/candidates/new/?course={course.pk}", 200),
        (f"{base}/candidates/{taro.pk}/", 200),
        (f"{base}/candidates/{taro.pk}/edit/", 200),
        (f"{base}/candidates/{taro.pk}/erase/", 200),
        (f"{base}/candidates/{taro.pk}/history/1/", 200),
        (f"{base}/candidates/erasures/", 200),
        (f"{base}/issues/{issue.pk}/candidates/", 200),
    ]


def test_it_passes_axe_with_44px_targets_on_every_course_and_candidate_page(browser, site):
    coordinator("higashichiba", SPHERE)
    check_pages(browser, site, "higashichiba", course_pages())


def test_it_lets_a_coordinator_find_a_candidate_and_record_the_contact(browser, site):
    coordinator("higashichiba", SPHERE)
    course_pages()
    issue = LocalIssue.objects.get(title="ごみ出し・買い物支援が欲しい")
    context, page = new_page(browser, TABLET)
    try:
        log_in(page, site, "higashichiba")
        page.goto(f"{site}/office/fieldwork/issues/{issue.pk}/")
        with page.expect_navigation():
            page.get_by_role("link", name="担い手候補を探す").click()
        expect(page.get_by_role("heading", name="見本 花子")).to_be_visible()
        page.get_by_label("連絡した日").first.fill("2026-12-01")
        with page.expect_navigation():
            page.get_by_role("button", name="連絡した").first.click()
        expect(page.get_by_text("担い手候補に連絡した")).to_be_visible()
        expect(page.get_by_role("link", name="見本 太郎")).to_be_visible()
    finally:
        context.close()
    contact = CandidateContact.objects.select_related("note", "candidate").get()
    assert contact.candidate.name == "見本 太郎"
    assert contact.note.noted_on.isoformat() == "2026-12-01"
