"""Named fieldwork records on top of the back office's people (tests/base.py).

- issue: in 弁天圏域 (東千葉圏域), inside both coordinators' areas
- chuo_issue: filed under 中央区 as a whole, the 中央区 coordinator's only
- mihama_issue: in 美浜区, outside both
- record: a support record for the salon, in 弁天圏域
"""

from __future__ import annotations

import datetime

from areas.models import Area
from fieldwork import editing
from fieldwork.models import LocalIssue, SupportRecord
from tests.base import OfficeTestCase


class FieldworkTestCase(OfficeTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.issue = cls.make_issue("ごみ出しが大変", cls.benten)
        cls.chuo_issue = cls.make_issue("近くにカフェがない", cls.chuo)
        cls.mihama_issue = cls.make_issue("ラジオ体操をしたい", cls.mihama)
        cls.record = editing.create(
            SupportRecord(
                municipality=cls.chiba,
                area=cls.benten,
                resource=cls.salon,
                held_on=datetime.date(2026, 10, 20),
                requested_by="町内自治会",
                partners=["いきいきプラザ"],
                activities=["体力測定", "体操紹介"],
            ),
            cls.admin,
        )

    def support_data(self, **changes) -> dict:
        """What the edit form of `record`, as saved, posts (with changes)."""
        data = {
            "area": self.record.area_id,
            "resource": self.record.resource_id,
            "held_on": self.record.held_on.isoformat(),
            "partners": "、".join(self.record.partners),
            "activities": "、".join(self.record.activities),
            "version": self.record.version,
        }
        return {**data, **changes}

    @classmethod
    def make_issue(cls, title: str, area: Area, **fields) -> LocalIssue:
        issue = LocalIssue(
            municipality=cls.chiba,
            area=area,
            title=title,
            source=LocalIssue.Source.COUNCIL,
            **fields,
        )
        editing.create(issue, cls.admin)
        return issue
