"""Hostile cells in every column of an import file: the preview says what is wrong, and a
commit of what the preview accepted never fails (no 500, nothing PostgreSQL would refuse).

Hypothesis writes CSV files in our own column format with random values in random columns
(long text, control characters, numbers out of range, 日程（データ） rules with any values),
for a coordinator. Whatever the file holds, preview() returns or refuses the file with a
message; commit() then saves, or refuses with a message, and nothing else.
"""

from __future__ import annotations

import csv
import io
import json
import os

from django.db import transaction
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from directory.models import Resource
from office import history
from office.models import Staff
from tests.base import OfficeTestCase
from transfer import importer, limits
from transfer.columns import COLUMNS, IMPORT_ONLY, resource_row
from transfer.exporter import PREFETCH

HOSTILE = st.one_of(
    st.text(max_size=300),
    st.sampled_from(
        [
            "",
            "<script>alert(1)</script>",
            '=HYPERLINK("http://evil.example")',
            "'=1+1",
            "あ" * 5000,
            "9" * 40,
            "-1",
            "0",
            "1e400",
            "NaN",
            "〓",
            "𠮷",
            "\u3000",
            "2026-02-30",
            "25:99",
            "午後13時",
            "0.99999999",
            "1899-12-30T25:00:00",
            "15:00～13:00",
            "毎月第4金曜日 ※8月は休み",
            "千葉市美浜区",
            "美浜区",
            "121061",
            "121002-弁天",
            "第1地域包括支援センター 754-3775",
            "043-274-2056(電話・FAX)/080-1234-5678",
            "FAX 043-111-2222",
            "〒260-0013 千葉市中央区院内1-2-3",
            "予約不要",
            "はい",
            "5.1.1 5.2",
            "[]",
            "{}",
            "[[[[[[[[[[",
        ]
    ),
)
ANY_JSON = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.lists(st.integers(min_value=-(2**70), max_value=2**70), max_size=4),
    st.lists(st.text(max_size=12), max_size=3),
)
# Sensible rules with one or two odd values, so that many files reach commit.
ODD = {
    "freq": st.one_of(
        st.sampled_from(["weekly", "monthly_nth", "monthly_day", "irregular"]), ANY_JSON
    ),
    "weekdays": ANY_JSON,
    "nths": ANY_JSON,
    "month_days": ANY_JSON,
    "interval": st.one_of(st.sampled_from([-1, 0, 1, 2, 70000, 10**20]), ANY_JSON),
    "opens_at": st.one_of(st.sampled_from(["10:00", "24:00", "9"]), ANY_JSON),
    "closes_at": ANY_JSON,
    "valid_from": st.one_of(st.sampled_from(["2026-01-01", "2026-02-30"]), ANY_JSON),
    "valid_until": ANY_JSON,
    "except_months": ANY_JSON,
    "except_dates": ANY_JSON,
    "note": st.one_of(st.text(max_size=300), st.just("あ" * 5000), ANY_JSON),
}
RULE = (
    st.lists(st.sampled_from(sorted(ODD)), max_size=2, unique=True)
    .flatmap(lambda keys: st.fixed_dictionaries({k: ODD[k] for k in keys}))
    .map(lambda odd: {"freq": "weekly", "weekdays": [1], "interval": 1, **odd})
)
# Rules the 日程 checks alone accept but the database may not (interval -1 on a monthly
# rule, 10**20, 70000 or a 5,000-character note on PostgreSQL): the back-office form refuses
# them, so the preview must too.
EDGE = st.fixed_dictionaries(
    {
        "freq": st.sampled_from(["weekly", "monthly_nth", "monthly_day", "irregular"]),
        "weekdays": st.just([1]),
        "nths": st.just([2]),
        "month_days": st.just([15]),
        "interval": st.sampled_from([1, 2, -1, 0, 3, 70000, 2**15, 10**20]),
        "note": st.sampled_from(["", "第2週は休み", "あ" * 201, "あ" * 5000]),
    }
)
MONTHLY = {"freq": "monthly_nth", "weekdays": [1], "nths": [2], "interval": 1}
WEEKLY = {"freq": "weekly", "weekdays": [1], "interval": 1}
SCHEDULE_DATA = st.one_of(
    st.lists(RULE, min_size=1, max_size=11).map(
        lambda rules: json.dumps(rules, ensure_ascii=False)
    ),
    HOSTILE,
)
# Our columns and the import-only time columns (時間, 開始時間, 終了時間).
ALL_COLUMNS = [*COLUMNS, *IMPORT_ONLY]
KEYS = [c.key for c in ALL_COLUMNS if c.key != "id"]
# A few hostile cells in an otherwise valid row (a row with many is refused at preview).
CELLS = st.dictionaries(st.sampled_from(KEYS), HOSTILE, max_size=3).flatmap(
    lambda cells: st.one_of(
        st.just(cells),
        SCHEDULE_DATA.map(lambda data: {**cells, "schedule_data": data}),
    )
)
FUZZ = settings(
    max_examples=int(os.environ.get("SASAEAI_FUZZ_EXAMPLES", "25")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,
    derandomize="SASAEAI_FUZZ_EXAMPLES" not in os.environ,
)


class ImportFuzzTest(OfficeTestCase, HypothesisTestCase):
    def file(self, rows: list[dict[str, str]], existing: bool, edge: list[dict]) -> bytes:
        salon = Resource.objects.prefetch_related(*PREFETCH).get(pk=self.salon.pk)
        base = resource_row(salon, internal=True)
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow([c.header for c in ALL_COLUMNS])
        for i, cells in enumerate(rows):
            values = {**base, "id": "", "name": f"院内の会{i}", **cells}
            if i == 0 and "schedule_data" not in cells:
                values["schedule_data"] = json.dumps(edge, ensure_ascii=False)
            if existing and i == 0:
                values["id"] = base["id"]
            writer.writerow([values.get(c.key, "") for c in ALL_COLUMNS])
        return buffer.getvalue().encode("utf-8")

    @FUZZ
    # The cases of issue 9, always run: the random ones seldom reach them in 25 examples.
    @example(rows=[{}], existing=False, edge=[{**MONTHLY, "interval": -1}])
    @example(rows=[{}], existing=True, edge=[{**MONTHLY, "interval": 10**20}])
    @example(rows=[{}], existing=False, edge=[{**WEEKLY, "interval": 10**20}])
    @example(rows=[{}], existing=False, edge=[{**WEEKLY, "interval": 70000}])
    @example(rows=[{}], existing=False, edge=[{**WEEKLY, "note": "あ" * 5000}])
    @given(
        rows=st.lists(CELLS, min_size=1, max_size=3),
        existing=st.booleans(),
        edge=st.lists(EDGE, min_size=1, max_size=2),
    )
    def test_it_never_fails_at_preview_or_commit(self, rows, existing, edge):
        staff = Staff.objects.prefetch_related("areas").get(user=self.chuo_coordinator)
        try:
            preview = importer.preview(
                self.file(rows, existing, edge),
                "fuzz.csv",
                staff_or_none=staff,
                municipality=self.chiba,
            )
        except limits.FileRejectedError as error:
            self.assertTrue(error.message)
            return
        for row in preview.rows:
            for rule in row.data.get("rules") or []:
                history.rule_from_data(rule)  # what commit stores can be read back
        for accept_geta in (False, True):
            with transaction.atomic():
                try:
                    importer.commit(preview, self.chuo_coordinator, accept_geta=accept_geta)
                except importer.ImportRefusedError as error:
                    self.assertTrue(error.message)
                transaction.set_rollback(True)
