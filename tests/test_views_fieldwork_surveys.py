"""調査 pages: list, create, edit, answers tallied, findings turned into an issue or a resource
draft (once), soft delete, history and the 管理者's complete erasure."""

from __future__ import annotations

import datetime
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from directory.models import Resource
from fieldwork import editing
from fieldwork.models import LocalIssue, Version
from fieldwork.survey_models import FindingUse, Survey, SurveyErasure, SurveyTally
from office.models import Revision
from tests.fieldwork_base import FieldworkTestCase

LIST = "/office/fieldwork/surveys/"
NEEDS = Path(__file__).parent / "data" / "surveys" / "needs_survey_cp932.csv"
TITLE = "山田さん宅 訪問の聞き取り"  # a title that names a person: erasure must remove it


def url(survey, tail: str = "") -> str:
    return f"{LIST}{survey.pk}/{tail}"


def csv_upload(data: bytes, name: str = "answers.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="text/csv")


class SurveyTestCase(FieldworkTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.survey = editing.create(
            Survey(
                municipality=cls.chiba,
                area=cls.benten,
                title="弁天地区 暮らしのアンケート",
                kind=Survey.Kind.QUESTIONNAIRE,
                conducted_on=datetime.date(2026, 10, 15),
                whom=[Survey.Whom.RESIDENTS],
                findings=["ごみ出しに困っている人が多い", "坂の上に集いの場がない"],
            ),
            cls.admin,
        )
        cls.mihama_survey = editing.create(
            Survey(
                municipality=cls.chiba,
                area=cls.mihama,
                title="美浜の出口調査",
                kind=Survey.Kind.EXIT,
                conducted_on=datetime.date(2026, 9, 1),
                findings=["休める場所がない"],
            ),
            cls.admin,
        )

    def survey_data(self, **changes) -> dict:
        s = self.survey
        data = {
            "area": s.area_id,
            "title": s.title,
            "kind": s.kind,
            "conducted_on": s.conducted_on.isoformat(),
            "whom": s.whom,
            "findings": "\n".join(s.findings),
            "version": s.version,
        }
        return {**data, **changes}


class SurveyListTest(SurveyTestCase):
    def test_it_lists_and_filters_by_area_and_kind(self):
        self.client.force_login(self.viewer)
        every = self.client.get(LIST).context["page"]
        self.assertEqual([s.pk for s in every], [self.survey.pk, self.mihama_survey.pk])
        chuo = self.client.get(LIST, {"area": self.chuo.pk}).context["page"]
        self.assertEqual([s.pk for s in chuo], [self.survey.pk])
        exits = self.client.get(LIST, {"kind": "exit"}).context["page"]
        self.assertEqual([s.pk for s in exits], [self.mihama_survey.pk])

    def test_it_says_a_bad_filter_in_japanese(self):
        self.client.force_login(self.viewer)
        response = self.client.get(LIST, {"kind": "mystery"})
        self.assertContains(response, "調査の種類：一覧にある調査の種類を選んでください。")
        self.assertEqual(response.context["page"].paginator.count, 2)


class SurveyCreateTest(SurveyTestCase):
    def test_it_records_a_survey_with_findings_one_a_line(self):
        self.client.force_login(self.higashichiba_coordinator)
        response = self.client.post(
            LIST + "new/",
            {
                "area": self.benten.pk,
                "title": "スーパー前の出口調査",
                "kind": "exit",
                "conducted_on": "2026-11-02",
                "whom": ["residents", "groups"],
                "respondents": "",
                "findings": "重い荷物を運ぶ手段がない、と多くの人\n\n店の近くに休める場所がほしい\n",
            },
        )
        survey = Survey.objects.get(title="スーパー前の出口調査")
        self.assertRedirects(response, url(survey))
        self.assertEqual(
            survey.findings,
            ["重い荷物を運ぶ手段がない、と多くの人", "店の近くに休める場所がほしい"],
        )
        self.assertIsNone(survey.respondents)  # not counted: never guessed
        self.assertEqual(survey.whom_labels(), ["地域住民", "活動団体"])
        self.assertEqual(editing.versions_of(survey).get().action, Version.Action.CREATE)

    def test_it_refuses_a_future_date_an_unknown_kind_and_an_area_outside(self):
        self.client.force_login(self.higashichiba_coordinator)
        tomorrow = timezone.localdate() + datetime.timedelta(days=1)
        response = self.client.post(
            LIST + "new/",
            {
                "area": self.mihama.pk,
                "title": "x",
                "kind": "séance",
                "conducted_on": tomorrow.isoformat(),
                "whom": ["aliens"],
                "findings": "あ" * 101,
            },
        )
        self.assertEqual(response.status_code, 400)
        errors = response.context["form"].errors
        self.assertIn("今日より後の日付は入力できません", errors["conducted_on"][0])
        self.assertEqual(errors["kind"], ["一覧にある調査の種類を選んでください。"])
        self.assertEqual(errors["whom"], ["一覧にある相手を選んでください。"])
        self.assertIn("100文字以内", errors["findings"][0])
        self.assertIn("area", errors)
        self.assertFalse(Survey.objects.filter(title="x").exists())

    def test_it_keeps_an_edit_as_a_version_and_restores_it(self):
        self.client.force_login(self.higashichiba_coordinator)
        response = self.client.post(url(self.survey, "edit/"), self.survey_data(respondents="42"))
        self.assertRedirects(response, url(self.survey))
        self.survey.refresh_from_db()
        self.assertEqual(self.survey.respondents, 42)
        restored = self.client.post(
            url(self.survey, "history/1/restore/"), {"version": self.survey.version}
        )
        self.assertRedirects(restored, url(self.survey))
        self.survey.refresh_from_db()
        self.assertIsNone(self.survey.respondents)

    def test_it_gives_a_stale_editor_409(self):
        self.client.force_login(self.higashichiba_coordinator)
        stale = self.survey_data(title="古い画面から")
        self.client.post(url(self.survey, "edit/"), self.survey_data(place="自治会館"))
        response = self.client.post(url(self.survey, "edit/"), stale)
        self.assertEqual(response.status_code, 409)

    def test_a_viewer_and_an_outsider_coordinator_cannot_edit(self):
        self.client.force_login(self.viewer)
        self.assertEqual(self.client.get(url(self.survey, "edit/")).status_code, 403)
        self.client.force_login(self.higashichiba_coordinator)
        self.assertEqual(self.client.get(url(self.mihama_survey, "edit/")).status_code, 403)


class SurveyAnswersTest(SurveyTestCase):
    def test_it_tallies_the_real_question_set_into_a_table_and_bars(self):
        self.client.force_login(self.higashichiba_coordinator)
        response = self.client.post(
            url(self.survey, "answers/"),
            {"label": "回収分", "file": csv_upload(NEEDS.read_bytes(), "山田花子さん.csv")},
        )
        self.assertRedirects(response, url(self.survey) + "#answers")
        tally = SurveyTally.objects.get(survey=self.survey)
        self.assertEqual((tally.rows, tally.encoding, tally.label), (120, "Shift_JIS", "回収分"))
        page = self.client.get(url(self.survey))
        self.assertContains(page, "問2(イ) 階段を手すりや壁をつたわらずに昇っていますか")
        self.assertContains(
            page, '<th scope="row">できるし、している</th><td>56人</td>', html=False
        )
        self.assertContains(page, '<rect x="0" y="0" height="10" width="48.7">')  # 56 / 115
        self.assertContains(page, "いくつでも選べるため")
        self.assertContains(page, "個人を特定する項目（保存しません）")
        # Neither the file's name, nor a respondent's number, nor a free-text answer is kept.
        stored = str(tally.questions) + tally.label
        for kept_nowhere in ("山田花子", "0001", "坂が多くて買い物がつらい"):
            self.assertNotIn(kept_nowhere, stored)
            self.assertNotContains(page, kept_nowhere)

    def test_it_names_row_and_column_and_keeps_nothing_of_a_bad_file(self):
        self.client.force_login(self.higashichiba_coordinator)
        bad = "問1,問2\nはい,いいえ\nはい,いいえ,余分\n".encode("cp932")
        response = self.client.post(
            url(self.survey, "answers/"), {"label": "回収分", "file": csv_upload(bad)}
        )
        self.assertEqual(response.status_code, 400)
        self.assertContains(
            response, "3行目：見出しより列が多いです（見出しは2列、この行は3列）。", status_code=400
        )
        self.assertFalse(SurveyTally.objects.exists())

    def test_a_viewer_cannot_send_answers_and_a_writer_removes_a_tally(self):
        self.client.force_login(self.viewer)
        data = {"label": "x", "file": csv_upload(b"q\na\n")}
        self.assertEqual(self.client.post(url(self.survey, "answers/"), data).status_code, 403)
        self.client.force_login(self.higashichiba_coordinator)
        self.client.post(
            url(self.survey, "answers/"), {"label": "x", "file": csv_upload(b"q\na\n")}
        )
        tally = SurveyTally.objects.get()
        response = self.client.post(url(self.survey, f"answers/{tally.pk}/remove/"))
        self.assertRedirects(response, url(self.survey) + "#answers")
        self.assertFalse(SurveyTally.objects.exists())


class SurveyFindingTest(SurveyTestCase):
    def test_a_finding_becomes_an_issue_once(self):
        self.client.force_login(self.higashichiba_coordinator)
        finding = self.survey.findings[0]
        response = self.client.post(
            url(self.survey, "findings/"), {"finding": finding, "into": "issue"}
        )
        self.assertRedirects(response, url(self.survey) + "#findings")
        issue = LocalIssue.objects.get(source_survey=self.survey)
        self.assertEqual((issue.title, issue.area, issue.source), (finding, self.benten, "survey"))
        self.assertIsNone(issue.raised_count)
        self.assertEqual(issue.source_note, "弁天地区 暮らしのアンケート（2026年10月15日）")
        again = self.client.post(
            url(self.survey, "findings/"), {"finding": finding, "into": "draft"}, follow=True
        )
        self.assertContains(again, "もう地域課題か地域資源の下書きにしました")
        self.assertEqual(FindingUse.objects.filter(survey=self.survey).count(), 1)
        page = self.client.get(url(self.survey))
        self.assertContains(page, f'href="/office/fieldwork/issues/{issue.pk}/"')
        issue_page = self.client.get(f"/office/fieldwork/issues/{issue.pk}/")
        self.assertContains(issue_page, "元になった調査（弁天地区 暮らしのアンケート）")

    def test_a_finding_becomes_a_resource_draft_in_the_surveys_area(self):
        self.client.force_login(self.higashichiba_coordinator)
        finding = self.survey.findings[1]
        self.client.post(url(self.survey, "findings/"), {"finding": finding, "into": "draft"})
        resource = Resource.objects.get(name=finding)
        self.assertEqual(resource.status, Resource.Status.DRAFT)
        self.assertEqual(resource.place_area, self.benten)
        self.assertEqual(Revision.objects.filter(resource=resource).count(), 1)
        self.assertEqual(FindingUse.objects.get().resource, resource)
        self.assertEqual(self.client.get(f"/resources/{resource.pk}/").status_code, 404)

    def test_it_refuses_an_unknown_finding_and_a_survey_outside_the_areas(self):
        self.client.force_login(self.higashichiba_coordinator)
        self.client.post(url(self.survey, "findings/"), {"finding": "作り話", "into": "issue"})
        self.assertFalse(LocalIssue.objects.filter(title="作り話").exists())
        response = self.client.post(
            url(self.mihama_survey, "findings/"), {"finding": "休める場所がない", "into": "issue"}
        )
        self.assertEqual(response.status_code, 403)
        self.assertFalse(FindingUse.objects.exists())


class SurveyEraseTest(SurveyTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.survey.title = TITLE
        cls.survey.save()
        editing.change(cls.survey, cls.admin, Version.Action.EDIT, lambda s: None)

    def test_only_the_admin_erases_after_a_confirm_page(self):
        self.client.force_login(self.higashichiba_coordinator)
        self.assertEqual(self.client.get(url(self.survey, "erase/")).status_code, 403)
        self.assertEqual(self.client.post(url(self.survey, "erase/")).status_code, 403)
        self.client.force_login(self.admin)
        confirm = self.client.get(url(self.survey, "erase/"))
        self.assertContains(confirm, "元に戻すことはできません")
        self.assertTrue(Survey.objects.filter(pk=self.survey.pk).exists())

    def test_it_removes_the_survey_its_tallies_uses_and_every_snapshot(self):
        pk = self.survey.pk
        self.client.force_login(self.higashichiba_coordinator)
        self.client.post(
            url(self.survey, "answers/"),
            {"label": "回収分", "file": csv_upload(NEEDS.read_bytes())},
        )
        self.client.post(
            url(self.survey, "findings/"), {"finding": self.survey.findings[0], "into": "issue"}
        )
        issue = LocalIssue.objects.get(source_survey=self.survey)
        self.assertTrue(any(TITLE in v.snapshot["source_note"] for v in editing.versions_of(issue)))
        self.client.force_login(self.admin)
        response = self.client.post(url(self.survey, "erase/"))
        self.assertRedirects(response, LIST)
        self.assertFalse(Survey.objects.filter(pk=pk).exists())
        self.assertFalse(SurveyTally.objects.filter(survey_id=pk).exists())
        self.assertFalse(FindingUse.objects.filter(survey_id=pk).exists())
        self.assertFalse(Version.objects.filter(kind=Version.Kind.SURVEY, record_id=pk).exists())
        # Nothing of the survey is left in any version, the issue's included.
        for version in Version.objects.all():
            self.assertNotIn(TITLE, str(version.snapshot) + version.comment)
        issue.refresh_from_db()
        self.assertIsNone(issue.source_survey)
        self.assertEqual(issue.source_note, "消去された調査")
        self.assertContains(
            self.client.get(f"/office/fieldwork/issues/{issue.pk}/"), "消去された調査"
        )
        self.assertEqual(self.client.get(url(self.survey)).status_code, 404)
        log = SurveyErasure.objects.get()
        self.assertEqual((log.survey_number, log.erased_by), (pk, self.admin))
        self.assertEqual(log.counts["tallies"], 1)
        self.assertNotIn(TITLE, str(log.counts) + str(log))


class SurveyDeleteTest(SurveyTestCase):
    def test_a_soft_delete_hides_it_and_the_admin_undoes_it(self):
        self.client.force_login(self.higashichiba_coordinator)
        self.assertContains(self.client.get(url(self.survey, "delete/")), "削除しますか")
        self.assertRedirects(self.client.post(url(self.survey, "delete/")), LIST)
        self.assertEqual(self.client.get(url(self.survey)).status_code, 404)
        self.client.force_login(self.admin)
        self.assertEqual(self.client.get(url(self.survey)).status_code, 200)
        self.assertRedirects(self.client.post(url(self.survey, "undelete/")), url(self.survey))
        self.survey.refresh_from_db()
        self.assertFalse(self.survey.is_deleted)
