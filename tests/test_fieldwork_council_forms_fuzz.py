"""Hostile input to the 協議体 forms and the public アイデア form never gives a 500 and never
saves half of anything (hypothesis over every field)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from fieldwork.council_models import BoardCard, Idea
from tests.council_base import CouncilTestCase
from tests.test_office_forms_fuzz import FUZZ, HOSTILE

VALUE = st.one_of(
    HOSTILE, st.integers().map(str), st.just(""), st.sampled_from(["resource", "issue"])
)
SETTINGS = FUZZ


class CouncilFuzzTest(CouncilTestCase, HypothesisTestCase):
    @SETTINGS
    @given(
        data=st.fixed_dictionaries(
            {k: VALUE for k in ("column", "title", "note", "place_text", "version")}
        )
    )
    def test_it_never_fails_on_a_card(self, data):
        self.client.force_login(self.higashichiba_coordinator)
        before = BoardCard.objects.count()
        response = self.client.post(f"/office/fieldwork/meetings/{self.meeting.pk}/cards/", data)
        self.assertIn(response.status_code, (303, 400))
        self.assertEqual(BoardCard.objects.count(), before + (response.status_code == 303))
        response = self.client.post(f"/office/fieldwork/cards/{self.card.pk}/", data)
        self.assertIn(response.status_code, (303, 400, 409))

    @SETTINGS
    @given(lat=VALUE, lng=VALUE, version=VALUE)
    def test_it_never_fails_on_a_point(self, lat, lng, version):
        self.client.force_login(self.higashichiba_coordinator)
        data = {"latitude": lat, "longitude": lng, "version": version}
        response = self.client.post(
            f"/office/fieldwork/cards/{self.card.pk}/place/", data, HTTP_ACCEPT="application/json"
        )
        self.assertIn(response.status_code, (200, 400, 409))

    @SETTINGS
    @given(
        data=st.fixed_dictionaries(
            {k: VALUE for k in ("title", "held_on", "place", "attendance", "minutes")}
        )
    )
    def test_it_never_fails_on_a_meeting(self, data):
        self.client.force_login(self.higashichiba_coordinator)
        response = self.client.post(
            f"/office/fieldwork/councils/{self.council.pk}/meetings/new/", data
        )
        self.assertIn(response.status_code, (302, 400))

    @SETTINGS
    @given(
        data=st.dictionaries(
            st.sampled_from(
                [
                    "m-TOTAL_FORMS",
                    "m-INITIAL_FORMS",
                    "m-0-name",
                    "m-0-kind",
                    "m-0-contact",
                    "m-1-name",
                    "version",
                ]
            ),
            VALUE,
        )
    )
    def test_it_never_fails_on_members(self, data):
        self.client.force_login(self.higashichiba_coordinator)
        response = self.client.post(f"/office/fieldwork/councils/{self.council.pk}/members/", data)
        self.assertIn(response.status_code, (302, 400))

    @SETTINGS
    @given(
        data=st.fixed_dictionaries({k: VALUE for k in ("sender_kind", "area", "body", "contact")})
    )
    def test_it_never_fails_on_an_idea(self, data):
        before = Idea.objects.count()
        response = self.client.post("/ideas/", {**data, "website": ""}, REMOTE_ADDR="192.0.2.9")
        self.assertIn(response.status_code, (303, 400, 429))
        self.assertEqual(Idea.objects.count(), before + (response.status_code == 303))
