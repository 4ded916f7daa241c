"""fieldwork/panels.py through office/extensions.py: what fieldwork shows on office's pages."""

from __future__ import annotations

from django.test import RequestFactory

from fieldwork import editing, panels
from fieldwork.models import LocalIssue
from office import extensions
from tests.fieldwork_base import FieldworkTestCase


class DashboardPanelTest(FieldworkTestCase):
    def counts(self, response) -> dict[str, str]:
        section = response.content.decode().split('id="fieldwork"')[1].split("</section>")[0]
        return {
            label: section.split(
                f'<span class="stat-label">{label}</span> <span class="stat-count">'
            )[1].split("件")[0]
            for label in LocalIssue.Status.labels
        }

    def test_it_counts_a_coordinators_open_issues_by_status(self):
        LocalIssue.objects.filter(pk=self.issue.pk).update(status=LocalIssue.Status.WORKING)
        self.client.force_login(self.higashichiba_coordinator)
        response = self.client.get("/office/")
        self.assertContains(response, "担当地域の地域課題")
        self.assertEqual(self.counts(response)["取り組み中"], "1")
        self.assertEqual(self.counts(response)["把握"], "0")  # 中央区's and 美浜区's are not theirs
        self.client.force_login(self.chuo_coordinator)
        self.assertEqual(self.counts(self.client.get("/office/"))["把握"], "1")  # 中央区 as a whole

    def test_it_counts_the_whole_city_for_a_viewer_and_leaves_out_the_deleted(self):
        editing.delete(self.mihama_issue, self.admin)
        self.client.force_login(self.viewer)
        response = self.client.get("/office/")
        self.assertEqual(self.counts(response)["把握"], "2")
        self.assertNotContains(response, "地域課題を記録する")

    def test_it_shows_nothing_to_a_request_without_a_back_office_account(self):
        request = RequestFactory().get("/office/")
        request.user = self.outsider
        self.assertEqual(panels.dashboard_panel(request), "")
        self.assertEqual(panels.resource_panel(request, self.salon), "")


class ResourceIssueTest(FieldworkTestCase):
    """From a resource's page: which 地域課題 it answers."""

    def page(self, resource):
        return self.client.get(f"/office/resources/{resource.pk}/")

    def test_it_offers_the_open_issues_the_person_may_write(self):
        LocalIssue.objects.filter(pk=self.chuo_issue.pk).update(status=LocalIssue.Status.SOLVED)
        self.client.force_login(self.higashichiba_coordinator)
        form = (
            self.page(self.in_mihama)
            .content.decode()
            .split('name="issue"')[1]
            .split("</select>")[0]
        )
        self.assertIn("ごみ出しが大変", form)
        self.assertNotIn("近くにカフェがない", form)  # solved, and not in 東千葉圏域
        self.assertNotIn("ラジオ体操をしたい", form)  # 美浜区: not theirs
        self.client.force_login(self.viewer)
        self.assertNotContains(self.page(self.in_mihama), 'name="issue"')

    def test_it_links_the_resource_to_the_chosen_issue(self):
        self.client.force_login(self.higashichiba_coordinator)
        url = f"/office/fieldwork/resources/{self.in_mihama.pk}/issues/"
        response = self.client.post(url, {"issue": self.issue.pk})
        self.assertRedirects(response, f"/office/resources/{self.in_mihama.pk}/#fieldwork")
        self.assertEqual(list(self.issue.resources.all()), [self.in_mihama])
        self.assertEqual(
            editing.versions_of(self.issue).first().user, self.higashichiba_coordinator
        )
        again = self.client.post(url, {"issue": self.issue.pk}, follow=True)
        self.assertContains(again, "地域課題：「美浜ふれあい食堂」はもうつながっています。")
        self.assertNotContains(
            again, f'<option value="{self.issue.pk}">ごみ出しが大変'
        )  # not offered

    def test_it_refuses_an_issue_it_cannot_find_or_write(self):
        self.client.force_login(self.higashichiba_coordinator)
        url = f"/office/fieldwork/resources/{self.salon.pk}/issues/"
        missing = self.client.post(url, {"issue": "abc"}, follow=True)
        self.assertContains(missing, "地域課題：一覧から地域課題を選んでください。")
        self.assertEqual(self.client.post(url, {"issue": self.mihama_issue.pk}).status_code, 403)
        self.assertFalse(self.mihama_issue.resources.exists())


class RegistryTest(FieldworkTestCase):
    def test_it_is_registered_when_the_app_is_ready(self):
        request = RequestFactory().get("/office/")
        request.user = self.viewer
        shown = extensions.resource_panels(request, self.salon)
        self.assertEqual(len(shown), 1)
        self.assertIn("地域課題と支援記録", shown[0])

    def test_it_shows_no_empty_panel(self):
        request = RequestFactory().get("/office/")
        request.user = self.viewer
        shown = len(extensions.dashboard_panels(request))  # fieldwork's own (issues, ideas)
        extensions.add_dashboard_panel("empty", lambda request: "")
        try:
            self.assertEqual(len(extensions.dashboard_panels(request)), shown)
        finally:
            extensions._dashboard_panels.pop("empty")
