"""Named 出前講座 and 担い手候補 on top of tests/fieldwork_base.py.

- course: a course held in 弁天圏域
- make_candidate(name, area, abilities): a candidate with consent recorded (by the 管理者);
  the module-level make_candidate() for other test cases
"""

from __future__ import annotations

import datetime

from areas.models import Area
from fieldwork import editing
from fieldwork.models import Candidate, Course
from tests.fieldwork_base import FieldworkTestCase

CONSENT = {
    "consent_on": datetime.date(2026, 10, 28),
    "consent_how": Candidate.ConsentHow.ORAL,
    "consent_by": "コーディネーター",
    "consent_scope": "連絡のため",
}


class CourseTestCase(FieldworkTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.course = editing.create(
            Course(
                municipality=cls.chiba,
                area=cls.benten,
                title="支えあい出前講座",
                held_on=datetime.date(2026, 10, 28),
                audience=Course.Audience.NEIGHBOURHOOD,
                audience_note="院内町内会",
            ),
            cls.admin,
        )

    @classmethod
    def make_candidate(cls, name: str, area: Area, abilities: list[str], **fields) -> Candidate:
        return make_candidate(cls.admin, area, name, abilities, **fields)


def make_candidate(user, area: Area, name: str, abilities: list[str], **fields) -> Candidate:
    """A candidate in `area` with its consent recorded, saved by `user` (version 1)."""
    fields.setdefault("came_via", Candidate.CameVia.OTHER)
    candidate = Candidate(
        municipality=area.municipality or area,
        area=area,
        name=name,
        abilities=abilities,
        **CONSENT,
        **fields,
    )
    editing.create(candidate, user)
    return candidate
