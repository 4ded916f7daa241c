"""Staff.municipality: the city a back-office account works for (issue 10)."""

from __future__ import annotations

import importlib

from django.apps import apps
from django.contrib.auth.models import User
from django.test import override_settings

from areas.models import Area
from office.models import Staff
from tests.base import OfficeTestCase

fill_municipality = importlib.import_module(
    "office.migrations.0002_staff_municipality"
).fill_municipality


class StaffMunicipalityTest(OfficeTestCase):
    def make_staff(self, name: str, *areas) -> Staff:
        staff = Staff.objects.create(
            user=User.objects.create_user(name), role=Staff.Role.COORDINATOR
        )
        staff.areas.set(areas)
        return staff

    def test_it_gives_every_account_a_municipality(self):
        for user in (self.admin, self.chuo_coordinator, self.higashichiba_coordinator):
            self.assertEqual(user.staff.municipality, self.chiba, user.username)

    def test_it_takes_the_municipality_of_the_first_area_when_saved_without_one(self):
        staff = self.make_staff("mihama-2", self.mihama)
        Staff.objects.filter(pk=staff.pk).update(municipality=None)
        staff.refresh_from_db()
        staff.save()
        self.assertEqual(staff.municipality, self.chiba)

    def test_it_keeps_the_municipality_it_was_given(self):
        staff = self.make_staff("chuo-2", self.chuo)
        staff.municipality = self.chiba
        staff.save()
        self.assertEqual(Staff.objects.get(pk=staff.pk).municipality, self.chiba)

    def test_it_takes_the_default_municipality_without_an_area(self):
        funabashi = Area.objects.create(code="122041", kind=Area.Kind.MUNICIPALITY, name="船橋市")
        with override_settings(SASAEAI_DEFAULT_MUNICIPALITY="122041"):
            self.assertEqual(self.make_staff("no-area").municipality, funabashi)

    def test_the_migration_fills_it_from_the_areas_or_the_default(self):
        funabashi = Area.objects.create(code="122041", kind=Area.Kind.MUNICIPALITY, name="船橋市")
        expected = {
            self.make_staff("by-ward", self.chuo): self.chiba,
            self.make_staff("by-city", self.chiba): self.chiba,
            self.make_staff("by-sphere", self.benten): self.chiba,
            self.make_staff("by-other-city", funabashi): funabashi,
            self.make_staff("no-area"): funabashi,
        }
        Staff.objects.update(municipality=None)
        with override_settings(SASAEAI_DEFAULT_MUNICIPALITY="122041"):
            fill_municipality(apps, None)
        for staff, city in expected.items():
            staff.refresh_from_db()
            self.assertEqual(staff.municipality, city, staff.user.username)

    def test_the_list_shows_the_resources_of_the_staffs_municipality(self):
        self.client.force_login(self.admin)
        self.assertContains(self.client.get("/office/resources/?q=院内"), "院内ひだまりサロン")
        funabashi = Area.objects.create(code="122041", kind=Area.Kind.MUNICIPALITY, name="船橋市")
        Staff.objects.filter(user=self.admin).update(municipality=funabashi)
        self.assertNotContains(self.client.get("/office/resources/?q=院内"), "院内ひだまりサロン")
