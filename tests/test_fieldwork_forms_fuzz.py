"""Hostile input on every fieldwork form and filter: whatever is sent, never a 500, and a
refused form leaves the record as it was."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from fieldwork import editing
from fieldwork.forms import IssueForm, SupportForm
from fieldwork.models import LocalIssue, SupportRecord
from tests.fieldwork_base import FieldworkTestCase
from tests.test_office_forms_fuzz import FUZZ, HOSTILE, OK

ISSUE_FIELDS = [*IssueForm.Meta.fields, "version"]
SUPPORT_FIELDS = [*SupportForm.Meta.fields, "version"]


class FieldworkFuzzTest(FieldworkTestCase, HypothesisTestCase):
    def issue_data(self) -> dict:
        return {
            "area": self.benten.pk,
            "title": self.issue.title,
            "source": self.issue.source,
            "version": self.issue.version,
        }

    @FUZZ
    @given(values=st.dictionaries(st.sampled_from(ISSUE_FIELDS), HOSTILE, min_size=1))
    def test_it_never_fails_on_the_issue_form(self, values):
        self.client.force_login(self.higashichiba_coordinator)
        before = editing.snapshot(LocalIssue.objects.get(pk=self.issue.pk))
        response = self.client.post(
            f"/office/fieldwork/issues/{self.issue.pk}/edit/", {**self.issue_data(), **values}
        )
        self.assertIn(response.status_code, OK)
        if response.status_code != 302:
            self.assertEqual(editing.snapshot(LocalIssue.objects.get(pk=self.issue.pk)), before)
        created = self.client.post("/office/fieldwork/issues/new/", {**self.issue_data(), **values})
        self.assertIn(created.status_code, OK)

    @FUZZ
    @given(values=st.dictionaries(st.sampled_from(SUPPORT_FIELDS), HOSTILE, min_size=1))
    def test_it_never_fails_on_the_support_form(self, values):
        self.client.force_login(self.higashichiba_coordinator)
        before = editing.snapshot(SupportRecord.objects.get(pk=self.record.pk))
        response = self.client.post(
            f"/office/fieldwork/support/{self.record.pk}/edit/", {**self.support_data(), **values}
        )
        self.assertIn(response.status_code, OK)
        if response.status_code != 302:
            self.assertEqual(editing.snapshot(SupportRecord.objects.get(pk=self.record.pk)), before)
        created = self.client.post(
            "/office/fieldwork/support/new/", {**self.support_data(), **values}
        )
        self.assertIn(created.status_code, OK)

    @FUZZ
    @given(
        url=st.sampled_from(
            [
                "/office/fieldwork/issues/{issue}/status/",
                "/office/fieldwork/issues/{issue}/resources/",
                "/office/fieldwork/issues/{issue}/history/1/restore/",
                "/office/fieldwork/issues/{issue}/delete/",
                "/office/fieldwork/support/{record}/history/1/restore/",
                "/office/fieldwork/resources/{resource}/issues/",
            ]
        ),
        values=st.dictionaries(
            st.sampled_from(
                ["status", "noted_on", "note", "version", "resource", "remove", "issue"]
            ),
            HOSTILE,
        ),
    )
    def test_it_never_fails_on_the_small_forms(self, url, values):
        self.client.force_login(self.higashichiba_coordinator)
        response = self.client.post(
            url.format(issue=self.issue.pk, record=self.record.pk, resource=self.salon.pk), values
        )
        self.assertIn(response.status_code, OK)

    @FUZZ
    @given(
        path=st.sampled_from(["/office/fieldwork/issues/", "/office/fieldwork/support/"]),
        query=st.dictionaries(
            st.sampled_from(
                ["area", "status", "category", "held_from", "held_until", "page", "deleted"]
            ),
            HOSTILE,
        ),
    )
    def test_it_never_fails_on_the_list_filters(self, path, query):
        self.client.force_login(self.admin)
        self.assertIn(self.client.get(path, query).status_code, OK)
        new = self.client.get("/office/fieldwork/support/new/", {"resource": query.get("area", "")})
        self.assertIn(new.status_code, OK)
