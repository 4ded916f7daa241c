"""Hostile input on every back-office and public form: whatever is sent, never a 500.

Hypothesis sends strings (HTML, scripts, control characters, very long text, numbers where
text belongs and the other way round) as every field of every form, as the right person.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from office import editing
from office.forms import ResourceForm, RuleForm
from office.models import Revision
from tests.base import OfficeTestCase
from tests.office_forms import resource_form_data

HOSTILE = st.one_of(
    st.text(max_size=300),
    st.sampled_from(
        [
            "<script>alert(1)</script>",
            '"><img src=x onerror=alert(1)>',
            "' OR 1=1 --",
            "あ" * 5000,
            "9" * 40,
            "-1",
            "0",
            "\x00",
            "2026-02-30",
            "25:99",
            "javascript:alert(1)",
            "１２３",
        ]
    ),
)
FUZZ = settings(
    max_examples=int(os.environ.get("SASAEAI_FUZZ_EXAMPLES", "25")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    database=None,
    derandomize="SASAEAI_FUZZ_EXAMPLES" not in os.environ,
)
RESOURCE_FIELDS = [
    *ResourceForm.Meta.fields,
    "version",
    *(f"rules-0-{name}" for name in RuleForm.base_fields),
    "rules-TOTAL_FORMS",
    "rules-INITIAL_FORMS",
]
OK = {200, 302, 303, 400, 403, 404, 409, 410, 429}


class FormFuzzTest(OfficeTestCase, HypothesisTestCase):
    @FUZZ
    @given(field=st.sampled_from(RESOURCE_FIELDS), value=HOSTILE)
    def test_it_never_fails_on_the_resource_form(self, field, value):
        self.client.force_login(self.chuo_coordinator)
        data = resource_form_data(self.salon, self.chuo_coordinator.staff)
        for name in list(data):
            if name == field or hash((name, value)) % 5 == 0:
                data[name] = value
        response = self.client.post(f"/office/resources/{self.salon.pk}/edit/", data)
        self.assertIn(response.status_code, OK)

    @FUZZ
    @given(version=HOSTILE, base=HOSTILE, choice=HOSTILE, by_command=st.booleans())
    def test_it_never_fails_on_a_conflict_page(self, version, base, choice, by_command):
        """The 409 page and the merge after it, with whatever version the form sends back,
        after a change with no user (an import run by command without --as)."""
        self.client.force_login(self.chuo_coordinator)
        data = resource_form_data(self.salon, self.chuo_coordinator.staff, phone="043-555-0188")
        editing.change(
            self.salon,
            None if by_command else self.admin,
            Revision.Action.EDIT,
            lambda r: setattr(r, "phone", "043-555-0177"),
        )
        url = f"/office/resources/{self.salon.pk}/edit/"
        first = self.client.post(url, {**data, "version": version})
        self.assertIn(first.status_code, OK)
        again = {**data, "version": version, "base_version": base, "merge_phone": choice}
        self.assertIn(self.client.post(url, again).status_code, OK)

    @FUZZ
    @given(values=st.dictionaries(st.sampled_from(["body", "contact", "website"]), HOSTILE))
    def test_it_never_fails_on_the_public_report_form(self, values):
        response = self.client.post(f"/resources/{self.salon.pk}/report/", values)
        self.assertIn(response.status_code, OK)

    @FUZZ
    @given(
        url=st.sampled_from(
            [
                "/office/resources/{pk}/status/",
                "/office/resources/confirm/",
                "/office/resources/{pk}/history/1/restore/",
                "/office/resources/{pk}/photos/",
                "/office/resources/{pk}/links/",
                "/office/login/",
                "/office/password/",
            ]
        ),
        values=st.dictionaries(
            st.sampled_from(
                [
                    "status",
                    "version",
                    "ids",
                    "alt",
                    "revoke",
                    "username",
                    "password",
                    "old_password",
                    "new_password1",
                    "new_password2",
                    "next",
                ]
            ),
            HOSTILE,
        ),
    )
    def test_it_never_fails_on_the_small_forms(self, url, values):
        self.client.force_login(self.chuo_coordinator)
        response = self.client.post(url.format(pk=self.salon.pk), values)
        self.assertIn(response.status_code, OK)

    @FUZZ
    @given(
        query=st.dictionaries(
            st.sampled_from(
                ["q", "status", "category", "area", "stale", "reports", "scope", "page"]
            ),
            HOSTILE,
        )
    )
    def test_it_never_fails_on_the_list_filters(self, query):
        self.client.force_login(self.chuo_coordinator)
        for url in ("/office/resources/", "/office/reports/", "/office/postal-code/"):
            response = self.client.get(url, query)
            self.assertIn(response.status_code, OK)
