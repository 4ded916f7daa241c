"""The area report (/office/fieldwork/report/): figures against a hand-built 2025年度 in
弁天圏域, the PDF's text, the CSV's columns and encodings, bad conditions, an empty area.

2025年度 runs from 2025-04-01 0:00 to 2026-04-01 0:00 (Asia/Tokyo). The session's demo
resources were registered today (2026年12月), so they are not there yet in 2025年度; only
the resources below count, worked out by hand:

- salon (5.1.1, 院内): registered 2024, never changed → published at both ends.
- closed (5.1.1): registered 2024, first edited 2025-09-01 (baseline 公開, then 終了) →
  published at the start only (公開でなくなった).
- new (5.1.1 and 6.1): registered 2025-06-10 as 下書き, 公開 2025-07-01 → published at the end
  only (新たに公開, in both categories), linked to the issue 「坂の上に集いの場がない」.
- murky (5.1.1): registered 2024, its history starts with an 編集 in 2025-10 (no 登録
  revision) → unknown at the start, published at the end.
- paused (5.1.1): 休止中 throughout → counted nowhere.
- far (5.1.1, 美浜区): outside the area → counted nowhere.
"""

from __future__ import annotations

import csv
import datetime
import io

from django.test import override_settings
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase
from pypdf import PdfReader

from directory.models import Category, Resource
from fieldwork.council_models import Council, Meeting
from fieldwork.models import IssueNote, IssueResource, LocalIssue, Park, SupportRecord
from fieldwork.report import area_report, period
from fieldwork.survey_models import Survey
from office import history
from office.models import Revision
from tests.fieldwork_base import FieldworkTestCase

URL = "/office/fieldwork/report/"


def at(day: str) -> datetime.datetime:
    return datetime.datetime.combine(
        datetime.date.fromisoformat(day), datetime.time(9), tzinfo=timezone.get_current_timezone()
    )


class ReportTestCase(FieldworkTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        Resource.objects.filter(pk=cls.salon.pk).update(created_at=at("2024-05-01"))
        cls.closed = cls.resource("院内閉じた体操", "2024-06-01")
        cls.revise(cls.closed, 1, Revision.Action.CREATE, "2025-09-01", "published")
        cls.revise(cls.closed, 2, Revision.Action.STATUS, "2025-09-01", "ended")
        cls.new = cls.resource("院内あたらしいサロン", "2025-06-10", extra="6.1")
        cls.revise(cls.new, 1, Revision.Action.CREATE, "2025-06-10", "draft")
        cls.revise(cls.new, 2, Revision.Action.STATUS, "2025-07-01", "published")
        cls.murky = cls.resource("院内わからない会", "2024-01-01")
        cls.revise(cls.murky, 2, Revision.Action.EDIT, "2025-10-01", "published")
        cls.resource("院内休みの会", "2024-01-01", status=Resource.Status.PAUSED)
        cls.resource("美浜の会", "2024-01-01", town=cls.in_mihama.town)
        # 地域課題: one solved in the year, one moved on only after it, one opened in it.
        cls.solved = cls.old_issue("集いの場が遠い", "2025-05-01", LocalIssue.Status.SOLVED)
        cls.note(cls.solved, "2025-06-01", "noted", "working")
        cls.note(cls.solved, "2026-02-01", "working", "solved")
        cls.later = cls.old_issue("買い物が大変", "2024-12-01", LocalIssue.Status.WORKING)
        cls.note(cls.later, "2026-05-01", "noted", "working")
        cls.hill = cls.old_issue("坂の上に集いの場がない", "2025-08-01", "considering")
        IssueResource.objects.create(issue=cls.hill, resource=cls.new)
        for day, people in (("2025-11-01", 12), ("2026-01-15", None), ("2026-06-01", 40)):
            SupportRecord.objects.create(
                municipality=cls.chiba,
                area=cls.benten,
                group_name="院内の会",
                held_on=datetime.date.fromisoformat(day),
                people_reached=people,
            )
        Survey.objects.create(
            municipality=cls.chiba,
            area=cls.benten,
            title="院内の聞き取り",
            kind=Survey.Kind.INTERVIEW,
            conducted_on=datetime.date(2025, 10, 1),
            respondents=30,
        )
        Park.objects.create(
            municipality=cls.chiba,
            area=cls.benten,
            name="院内公園",
            surveyed_on=datetime.date(2025, 9, 9),
        )
        Park.objects.create(municipality=cls.chiba, area=cls.benten, name="春日公園")
        council = Council.objects.create(municipality=cls.chiba, area=cls.benten, name="院内協議体")
        Meeting.objects.create(
            municipality=cls.chiba,
            area=cls.benten,
            council=council,
            title="第1回",
            held_on=datetime.date(2025, 7, 7),
            attendance=15,
        )

    @classmethod
    def resource(cls, name: str, day: str, *, extra: str = "", **fields) -> Resource:
        fields.setdefault("town", cls.innai)
        resource = cls.make_resource(name=name, category="5.1.1", **fields)
        if extra:
            resource.categories.add(Category.objects.get(code=extra))
        Resource.objects.filter(pk=resource.pk).update(created_at=at(day))
        return resource

    @classmethod
    def revise(cls, resource: Resource, number: int, action: str, day: str, status: str) -> None:
        Revision.objects.create(
            resource=resource,
            number=number,
            action=action,
            created_at=at(day),
            snapshot={**history.snapshot(resource), "status": status},
        )

    @classmethod
    def old_issue(cls, title: str, day: str, status: str) -> LocalIssue:
        issue = cls.make_issue(title, cls.benten, status=status)
        LocalIssue.objects.filter(pk=issue.pk).update(created_at=at(day))
        return LocalIssue.objects.get(pk=issue.pk)

    @classmethod
    def note(cls, issue: LocalIssue, day: str, before: str, after: str) -> None:
        IssueNote.objects.create(
            issue=issue,
            noted_on=datetime.date.fromisoformat(day),
            status_from=before,
            status_to=after,
        )


class ReportFiguresTests(ReportTestCase):
    def setUp(self) -> None:
        self.report = area_report(self.benten, 2025)

    def row(self, code: str):
        return next(r for r in self.report.categories if r.category.code == code)

    def test_it_counts_published_resources_at_both_ends_and_what_changed(self):
        t = self.report.totals
        self.assertEqual((t.start, t.end, t.added, t.removed), (2, 3, 1, 1))
        self.assertEqual((t.unknown_start, t.unknown_end), (1, 0))
        five = self.row("5")
        self.assertEqual((five.start, five.end, five.added, five.removed), (2, 3, 1, 1))
        self.assertEqual(five.unknown_start, 1)

    def test_it_counts_a_resource_under_each_of_its_categories(self):
        two = self.row("6")
        self.assertEqual((two.start, two.end, two.added, two.removed), (0, 1, 1, 0))
        self.assertEqual((self.row("1").start, self.row("1").end), (0, 0))

    def test_it_lists_the_new_resource_with_the_issue_it_answered(self):
        self.assertEqual([n.name for n in self.report.new_resources], ["院内あたらしいサロン"])
        self.assertEqual(
            [i.title for i in self.report.new_resources[0].issues], ["坂の上に集いの場がない"]
        )

    def test_it_counts_issues_by_their_status_at_the_years_end(self):
        issues = self.report.issues
        self.assertEqual(
            dict(issues.by_status),
            {"把握": 1, "検討中": 1, "取り組み中": 0, "解決": 1, "見送り": 0},
        )
        self.assertEqual((issues.opened, issues.closed, issues.total), (2, 1, 3))

    def test_it_counts_the_years_records_and_the_people_counted(self):
        r = self.report
        self.assertEqual((r.support.records, r.support.people, r.support.not_counted), (2, 12, 1))
        self.assertEqual((r.surveys.records, r.surveys.people), (1, 30))
        self.assertEqual((r.parks_surveyed, r.parks_total), (1, 2))
        self.assertEqual((r.councils, r.meetings.records, r.meetings.people), (1, 1, 15))

    def test_a_resource_moved_out_of_the_area_counts_where_it_was(self):
        Revision.objects.filter(resource=self.closed, number=2).update(
            snapshot={
                **history.snapshot(self.closed),
                "status": "published",
                "town": self.in_mihama.town_id,
            }
        )
        t = area_report(self.benten, 2025).totals
        self.assertEqual((t.start, t.end, t.removed), (2, 3, 1))
        there = area_report(self.mihama, 2025).totals  # 美浜の会 throughout, then this one
        self.assertEqual((there.start, there.end, there.added), (1, 2, 1))

    def test_the_running_year_ends_now(self):
        running = period(2026)
        self.assertTrue(running.running)
        self.assertEqual(running.last, timezone.localdate())
        self.assertFalse(period(2025).running)
        self.assertEqual(period(2025).last, datetime.date(2026, 3, 31))

    def test_an_area_with_nothing_says_so(self):
        empty = area_report(self.mihama, 2020)
        self.assertTrue(empty.is_empty)
        self.client.force_login(self.viewer)
        page = self.client.get(URL, {"area": self.mihama.pk, "year": 2020})
        self.assertContains(page, "数える記録がありません")


class ReportViewTests(ReportTestCase):
    def test_the_page_shows_the_figures_and_what_they_count(self):
        self.client.force_login(self.viewer)
        page = self.client.get(URL, {"area": self.benten.pk, "year": 2025})
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, "2025年度（2025年4月1日〜2026年3月31日）")
        self.assertContains(page, "休止中・下書き・終了・削除済みは数えません")
        self.assertContains(page, "院内あたらしいサロン")
        self.assertContains(page, "65歳以上の人数：不明")

    def test_a_coordinator_gets_their_area_by_default(self):
        self.client.force_login(self.higashichiba_coordinator)
        page = self.client.get(URL)
        self.assertEqual(page.context["report"].area, self.benten)
        self.assertEqual(page.context["report"].period.year, 2026)

    def test_bad_conditions_are_named_and_make_nothing(self):
        self.client.force_login(self.admin)
        for query, words in (
            ({"year": "2027"}, "年度は2026（今の年度）までにしてください。"),
            ({"year": "abc"}, "年度は数字で入力してください"),
            ({"year": "1999"}, "年度は2000以降にしてください。"),
            ({"area": "999999999"}, "一覧にある地域を選んでください。"),
        ):
            for url in (URL, URL + "pdf/", URL + "csv/"):
                with self.subTest(query=query, url=url):
                    response = self.client.get(url, query)
                    self.assertEqual(response.status_code, 400)
                    self.assertContains(response, words, status_code=400)

    def test_the_csv_has_the_columns_in_utf8_with_a_bom(self):
        self.client.force_login(self.viewer)
        response = self.client.get(URL + "csv/", {"area": self.benten.pk, "year": 2025})
        data = b"".join(response.streaming_content)
        self.assertTrue(data.startswith(b"\xef\xbb\xbf"))
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
        self.assertEqual(rows[0], ["区分", "項目", "数", "数えたもの"])
        self.assertTrue(all(len(r) == 4 for r in rows))
        found = {(r[0], r[1]): r[2] for r in rows[1:]}
        self.assertEqual(found[("地域資源", "すべての分類：公開中（年度の初め）")], "2")
        self.assertEqual(found[("地域資源", "すべての分類：公開中（年度末）")], "3")
        self.assertEqual(found[("地域資源", "すべての分類：不明（年度の初め）")], "1")
        self.assertEqual(found[("地域課題", "解決（年度末）")], "1")
        self.assertEqual(found[("支援記録", "参加した人（数えた記録の合計）")], "12")
        self.assertIn(
            "坂の上に集いの場がない",
            found[("新しい地域資源", "院内あたらしいサロン")]
            + "".join(r[3] for r in rows if r[1] == "院内あたらしいサロン"),
        )

    def test_the_csv_in_shift_jis(self):
        self.client.force_login(self.viewer)
        response = self.client.get(
            URL + "csv/", {"area": self.benten.pk, "year": 2025, "format": "csv-cp932"}
        )
        data = b"".join(response.streaming_content)
        self.assertFalse(data.startswith(b"\xef\xbb\xbf"))
        self.assertEqual(response["Content-Type"], "text/csv; charset=Windows-31J")
        self.assertTrue(data.decode("cp932").startswith("区分,項目,数,数えたもの\r\n"))

    @override_settings(SASAEAI_GUIDE_MAP=False)
    def test_the_pdf_holds_the_figures(self):
        self.client.force_login(self.chuo_coordinator)
        response = self.client.get(URL + "pdf/", {"area": self.benten.pk, "year": 2025})
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertIn("area-report-", response["Content-Disposition"])
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
        text = text.replace(" ", "").replace("\n", "")
        self.assertIn("地域の年間報告", text)
        self.assertIn("2025年度", text)
        self.assertIn("院内あたらしいサロン", text)
        self.assertIn("坂の上に集いの場がない", text)

    def test_with_population_it_counts_people_and_names_the_source(self):
        from fieldwork import population_demo

        population_demo.load_population_demo(self.chiba)
        self.client.force_login(self.viewer)
        page = self.client.get(URL, {"area": self.benten.pk, "year": 2025})
        gap = page.context["report"].gap
        self.assertTrue(gap.has_population)
        self.assertContains(page, f"65歳以上 {gap.aged}人のうち")
        self.assertContains(page, "人口の出典：見本（架空の人数です。実際の人口ではありません）")


class ReportFuzzTest(FieldworkTestCase, HypothesisTestCase):
    @settings(max_examples=30, deadline=None)
    @given(
        area=st.text(max_size=12),
        year=st.one_of(st.text(max_size=12), st.integers().map(str)),
        fmt=st.text(max_size=12),
    )
    def test_it_never_fails_on_hostile_conditions(self, area: str, year: str, fmt: str) -> None:
        """A NUL anywhere is the middleware's 400; anything else a report or a named 400."""
        self.client.force_login(self.viewer)
        query = {"area": area, "year": year, "format": fmt}
        for url in (URL, URL + "csv/"):
            response = self.client.get(url, query)
            self.assertIn(response.status_code, (200, 400))
