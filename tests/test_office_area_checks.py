"""Issue 9's one area check (office.editing): no change, by any path, moves a resource out of
the person's areas or touches one outside them."""

from __future__ import annotations

from django.utils import timezone

from directory.models import Resource
from office import editing
from office.models import Proposal, Revision, UpdateLink
from tests.base import OfficeTestCase


class AreaCheckTest(OfficeTestCase):
    """Issue 9: one area check, in office.editing, on the resource as it will be saved."""

    def move_to_mihama(self, resource: Resource) -> None:
        resource.town = self.in_mihama.town

    def test_it_refuses_any_change_that_moves_a_resource_out_of_the_persons_areas(self):
        for user in (self.chuo_coordinator, self.higashichiba_coordinator):
            with self.subTest(user=user.username):
                with self.assertRaisesMessage(editing.OutsideAreasError, "担当地域の外になる"):
                    editing.change(self.salon, user, Revision.Action.EDIT, self.move_to_mihama)
                self.salon.refresh_from_db()
                self.assertEqual((self.salon.town, self.salon.version), (self.innai, 1))
                self.assertFalse(Revision.objects.filter(resource=self.salon).exists())
        # The 管理者, and the system itself (a command run without --as), may.
        editing.change(self.salon, self.admin, Revision.Action.EDIT, self.move_to_mihama)
        editing.change(self.in_chuo, None, Revision.Action.EDIT, self.move_to_mihama)
        self.salon.refresh_from_db()
        self.assertEqual(self.salon.town, self.in_mihama.town)

    def test_it_refuses_a_change_to_a_resource_outside_or_by_a_viewer_or_a_stranger(self):
        for user, resource in [
            (self.chuo_coordinator, self.in_mihama),
            (self.higashichiba_coordinator, self.in_chuo),
            (self.viewer, self.salon),
            (self.outsider, self.salon),
        ]:
            with (
                self.subTest(user=user.username, resource=resource.name),
                self.assertRaisesMessage(editing.OutsideAreasError, "担当地域の外にある"),
            ):
                editing.change(resource, user, Revision.Action.EDIT, lambda r: None)

    def test_it_keeps_a_resource_in_while_a_served_area_or_its_place_area_is_inside(self):
        def out_but_serving(resource: Resource) -> None:
            resource.town = self.in_mihama.town
            resource.served_areas.set([self.benten])

        editing.change(
            self.salon, self.higashichiba_coordinator, Revision.Action.EDIT, out_but_serving
        )
        held_in_chuo = self.make_resource(name="中央区のどこかの会", category="5.1.1")
        held_in_chuo.place_area = self.chuo
        held_in_chuo.save()
        editing.change(held_in_chuo, self.chuo_coordinator, Revision.Action.EDIT, lambda r: None)
        with self.assertRaises(editing.OutsideAreasError):
            editing.change(
                held_in_chuo, self.higashichiba_coordinator, Revision.Action.EDIT, lambda r: None
            )

    def test_it_refuses_a_new_resource_outside_the_persons_areas(self):
        def fill(resource: Resource) -> None:
            resource.municipality = self.chiba
            resource.name = "美浜の新しい会"
            resource.town = self.in_mihama.town
            resource.save()

        with self.assertRaises(editing.OutsideAreasError):
            editing.create(self.chuo_coordinator, fill)
        self.assertFalse(Resource.objects.filter(name="美浜の新しい会").exists())

    def test_it_refuses_accepting_a_proposal_that_moves_the_resource_out(self):
        link = UpdateLink.objects.create(
            resource=self.salon,
            created_by=self.admin,
            expires_at=timezone.now() + timezone.timedelta(days=30),
            nonce="moving-out",
            used_at=timezone.now(),
        )
        proposal = Proposal.objects.create(
            link=link,
            resource=self.salon,
            changes={"address": "千葉市美浜区幸町1-1-1", "phone": "043-555-0202"},
            base={"address": "", "phone": "043-555-0101"},
        )
        self.client.force_login(self.chuo_coordinator)
        response = self.client.post(
            f"/office/proposals/{proposal.pk}/",
            {"decide_address": "accept", "decide_phone": "accept"},
        )
        self.assertContains(response, "担当地域の外になるため", status_code=403)
        self.assertContains(response, "何も保存していません", status_code=403)
        self.salon.refresh_from_db()
        self.assertEqual((self.salon.town, self.salon.phone), (self.innai, "043-555-0101"))
        proposal.refresh_from_db()
        self.assertEqual(proposal.status, Proposal.Status.PENDING)
        # Deciding without the address is still possible.
        response = self.client.post(
            f"/office/proposals/{proposal.pk}/",
            {"decide_address": "reject", "decide_phone": "accept"},
        )
        self.assertEqual(response.status_code, 303)
        self.salon.refresh_from_db()
        self.assertEqual((self.salon.town, self.salon.phone), (self.innai, "043-555-0202"))

    def test_it_refuses_restoring_a_version_outside_the_persons_areas(self):
        editing.change(self.in_mihama, self.admin, Revision.Action.EDIT, lambda r: None)
        editing.change(
            self.in_mihama,
            self.admin,
            Revision.Action.EDIT,
            lambda r: setattr(r, "town", self.innai),
        )
        self.client.force_login(self.higashichiba_coordinator)
        self.in_mihama.refresh_from_db()
        response = self.client.post(
            f"/office/resources/{self.in_mihama.pk}/history/1/restore/",
            {"version": self.in_mihama.version},
        )
        self.assertContains(response, "担当地域の外になるため", status_code=403)
        self.in_mihama.refresh_from_db()
        self.assertEqual(self.in_mihama.town, self.innai)
