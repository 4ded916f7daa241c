"""Hostile input on the 公園カルテ form, its filters and its import: whatever is sent, never a
500, and a refused form leaves the park as it was."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from fieldwork import editing
from fieldwork.models import PARK_FIELDS, Park
from tests.test_office_forms_fuzz import FUZZ, HOSTILE, OK
from tests.test_views_fieldwork_parks import ParkTestCase

FIELDS = [*PARK_FIELDS, "version"]
LIST = "/office/fieldwork/parks/"


class ParkFuzzTest(ParkTestCase, HypothesisTestCase):
    @FUZZ
    @given(values=st.dictionaries(st.sampled_from(FIELDS), HOSTILE, min_size=1))
    def test_it_never_fails_on_the_park_form(self, values):
        self.client.force_login(self.higashichiba_coordinator)
        before = editing.snapshot(Park.objects.get(pk=self.park.pk))
        response = self.client.post(f"{LIST}{self.park.pk}/edit/", {**self.park_data(), **values})
        self.assertIn(response.status_code, OK)
        if response.status_code != 302:
            self.assertEqual(editing.snapshot(Park.objects.get(pk=self.park.pk)), before)
        created = self.client.post(f"{LIST}new/", {**self.park_data(), **values})
        self.assertIn(created.status_code, OK)

    @FUZZ
    @given(
        query=st.dictionaries(
            st.sampled_from(["area", "toilet", "benches", "unsurveyed", "page", "deleted"]),
            HOSTILE,
        )
    )
    def test_it_never_fails_on_the_list_filters(self, query):
        self.client.force_login(self.admin)
        self.assertIn(self.client.get(LIST, query).status_code, OK)

    @FUZZ
    @given(text=st.text(max_size=500), encoding=st.sampled_from(["utf-8", "cp932", "utf-16"]))
    def test_it_never_fails_on_an_uploaded_list(self, text, encoding):
        self.client.force_login(self.admin)
        data = ("名称,所在地,緯度,経度,面積\n" + text).encode(encoding, errors="replace")
        upload = SimpleUploadedFile("parks.csv", data)
        response = self.client.post(f"{LIST}import/", {"file": upload})
        self.assertIn(response.status_code, OK)
