"""Which resource an import row is, who may import it, and the commit: all or nothing,
refused when the data changed since the preview, in a short transaction
(transfer/context.py, transfer/importer.py)."""

from __future__ import annotations

from unittest import mock

from directory.models import Provider, Resource
from office import history
from office.models import Revision
from tests.test_import_reading import DATA, HEADERS, ImportTestCase, csv_bytes, row
from transfer import importer
from transfer.columns import resource_row


class MatchingAndCommitTest(ImportTestCase):
    def test_it_changes_nothing_when_the_same_file_comes_twice(self):
        data = (DATA / "ours-utf8-bom.csv").read_bytes()
        first = self.preview(data)
        result = importer.commit(first, self.admin)
        self.assertEqual(len(result.created), 2)
        second = self.preview(data)
        self.assertEqual(
            second.counts, {"new": 0, "changed": 0, "unchanged": 2, "outside": 0, "error": 0}
        )
        club = Resource.objects.get(pk=result.created[0])
        self.assertEqual(club.schedule_text(), "毎週火曜日 10:00〜11:00")
        revision = Revision.objects.get(resource=club)
        self.assertEqual(revision.comment, "ファイルから取り込み：test.csv")
        self.assertEqual(revision.user, self.admin)
        self.assertTrue(Provider.objects.filter(name="院内カフェの会").exists())

    def test_it_round_trips_an_exported_row_unchanged_matched_by_id(self):
        from directory.models import Category

        self.salon.served_areas.add(self.benten)
        self.salon.categories.add(Category.objects.get(code="5.2"))
        self.salon.internal_note = "鍵は\n会長宅"
        self.salon.save()
        cells = resource_row(
            Resource.objects.prefetch_related("categories", "served_areas", "schedule_rules").get(
                pk=self.salon.pk
            ),
            internal=True,
        )
        from transfer.columns import columns

        cols = columns(internal=True)
        data = csv_bytes([[c.header for c in cols], [cells[c.key] for c in cols]])
        preview = self.preview(data)
        self.assertEqual(
            preview.counts["unchanged"], 1, (preview.errors, preview.rows[0].differences)
        )
        self.assertEqual(preview.rows[0].resource_id, self.salon.pk)
        # The bulk snapshot is history.snapshot's.
        self.assertEqual(preview.rows[0].before, history.snapshot(self.salon))
        # A changed cell is a change, with its difference named.
        cells["fee"] = "200"
        data = csv_bytes([[c.header for c in cols], [cells[c.key] for c in cols]])
        changed = self.preview(data).rows[0]
        self.assertEqual(changed.kind, "changed")
        self.assertEqual(
            [(d.label, d.old, d.new) for d in changed.differences],
            [("料金（円）", "100円", "200円")],
        )

    def test_it_matches_by_name_and_address_normalised(self):
        self.salon.address = "千葉市中央区院内1-2-3"
        self.salon.save()
        data = csv_bytes([HEADERS, row("院内ひだまりサロン", "千葉市中央区院内１－２－３ ")])
        preview = self.preview(data)
        self.assertEqual(preview.rows[0].resource_id, self.salon.pk)
        self.assertEqual(preview.rows[0].kind, "changed")

    def test_it_refuses_unknown_ids_and_duplicate_rows(self):
        data = csv_bytes(
            [
                ["ID", *HEADERS],
                ["999999", *row("どこかの会")],
                [str(self.salon.pk), *row("院内ひだまりサロン")],
                [str(self.salon.pk), *row("院内ひだまりサロン")],
                ["", *row("院内の新しい会")],
                ["", *row("院内の新しい会")],
            ]
        )
        preview = self.preview(data)
        errors = [(p.row, p.column) for p in preview.errors]
        self.assertIn((2, "ID"), errors)
        self.assertIn((4, "名称"), errors)
        self.assertIn((6, "名称"), errors)
        self.assertNotIn(3, [p.row for p in preview.errors])
        self.assertNotIn(5, [p.row for p in preview.errors])

    def test_it_refuses_a_coordinator_rows_outside_their_areas(self):
        staff = self.staff(self.higashichiba_coordinator)
        data = csv_bytes(
            [
                ["ID", *HEADERS],
                ["", *row("院内の会")],
                ["", *row("中央一丁目の会", "千葉市中央区中央1-1-1")],
                [str(self.in_mihama.pk), *row("美浜ふれあい食堂", "千葉市美浜区")],
            ]
        )
        preview = self.preview(data, staff=staff)
        self.assertEqual([r.kind for r in preview.rows], ["new", "error", "error"])
        self.assertIn("担当地域の外", preview.rows[1].errors[0].message)
        admin = self.preview(data, staff=self.staff(self.admin))
        self.assertEqual([r.kind for r in admin.rows], ["new", "new", "changed"])

    def test_it_refuses_a_viewer(self):
        data = csv_bytes([HEADERS, row("院内の会")])
        preview = self.preview(data, staff=self.staff(self.viewer))
        # The refusal itself, and nothing else: the same file is fine for a coordinator.
        self.assertEqual(preview.problems, ["閲覧者のアカウントでは取り込めません。"])
        self.assertEqual(preview.rows, [])
        self.assertFalse(preview.can_commit)
        self.assertTrue(self.preview(data, staff=self.staff(self.chuo_coordinator)).can_commit)

    def test_it_skips_unchanged_rows_outside_a_coordinators_areas(self):
        from transfer import exporter

        city = Resource.objects.filter(municipality=self.chiba).exclude(status="deleted")
        table = exporter.our_table(exporter.in_chunks(city.order_by("pk")), internal=True)
        headers, rows = table.headers, list(table.rows)
        staff = self.staff(self.higashichiba_coordinator)
        preview = self.preview(csv_bytes([headers, *rows]), staff=staff)
        counts = preview.counts
        self.assertEqual((counts["error"], counts["new"], counts["changed"]), (0, 0, 0))
        self.assertGreater(counts["outside"], 100)
        self.assertEqual(counts["outside"] + counts["unchanged"], len(rows))
        mihama = next(r for r in preview.rows if r.resource_id == self.in_mihama.pk)
        self.assertEqual(mihama.kind_label, "担当外・変更なし")
        # A changed row outside their areas is still refused.
        at = next(i for i, r in enumerate(rows) if r[0] == str(self.in_mihama.pk))
        rows[at][headers.index("料金")] = "999"
        preview = self.preview(csv_bytes([headers, *rows]), staff=staff)
        self.assertEqual(
            [(p.row, p.message) for p in preview.errors],
            [(at + 2, "担当地域の外の地域資源のため、変更できません。")],
        )

    def test_it_commits_all_or_nothing_and_refuses_changed_data(self):
        data = csv_bytes([HEADERS, row("院内の会"), row("院内ひだまりサロン", "")])
        self.salon.address = ""
        self.salon.save()
        preview = self.preview(data)
        self.assertEqual([r.kind for r in preview.rows], ["new", "changed"])
        # Someone edits the salon after the preview: nothing at all is written.
        Resource.objects.filter(pk=self.salon.pk).update(version=99)
        before = Resource.objects.count()
        with self.assertRaisesRegex(importer.ImportRefusedError, "ほかの人"):
            importer.commit(preview, self.admin)
        self.assertEqual(Resource.objects.count(), before)
        self.assertFalse(Resource.objects.filter(name="院内の会").exists())
        # A fingerprint that differs from the fresh preview is refused too.
        fresh = self.preview(data)
        with self.assertRaisesRegex(importer.ImportRefusedError, "ほかの人"):
            importer.commit(fresh, self.admin, expected=preview.fingerprint())
        self.assertEqual(len(importer.commit(fresh, None, expected=fresh.fingerprint()).created), 1)

    def test_it_refuses_to_commit_a_preview_with_errors(self):
        preview = self.preview(csv_bytes([HEADERS, row("院内の会"), row("", "")]))
        with self.assertRaisesRegex(importer.ImportRefusedError, "エラー"):
            importer.commit(preview, self.admin)
        self.assertFalse(Resource.objects.filter(name="院内の会").exists())

    def test_it_writes_in_a_short_transaction_with_no_reads_of_its_own(self):
        from django.db import connection, transaction
        from django.test.utils import CaptureQueriesContext

        from office import editing

        rows = [row(f"院内の会{i}", f"千葉市中央区院内1-{i}") for i in range(20)]
        header = [*HEADERS, "実施主体"]
        data = csv_bytes([header] + [[*r, "院内の新しい会"] for r in rows])
        preview = self.preview(data)
        self.assertEqual(preview.counts["new"], 20, preview.errors)
        spans: dict[str, list[int]] = {"transaction": [], "editing": [], "mutate": []}
        real_atomic, real_create = transaction.atomic, editing.create

        def measured(name, func):
            def run(*args, **kwargs):
                start = len(queries.captured_queries)
                try:
                    return func(*args, **kwargs)
                finally:
                    spans[name].append(len(queries.captured_queries) - start)

            return run

        def create(user, mutate, comment="", *, reindex=True):
            return measured("editing", real_create)(
                user, measured("mutate", mutate), comment, reindex=reindex
            )

        class Atomic:
            def __init__(self, *args, **kwargs):
                self.inner = real_atomic(*args, **kwargs)

            def __enter__(self):
                self.start = len(queries.captured_queries)
                return self.inner.__enter__()

            def __exit__(self, *exc):
                spans["transaction"].append(len(queries.captured_queries) - self.start)
                return self.inner.__exit__(*exc)

        with (
            CaptureQueriesContext(connection) as queries,
            mock.patch.object(importer.transaction, "atomic", Atomic),
            mock.patch.object(importer.editing, "create", create),
        ):
            importer.commit(preview, self.admin)
        # Each row's own writes are one statement per table (resource, categories, rules),
        # none of them a lookup; the importer adds nothing per row around office.editing
        # (no provider per row, no search index inside the transaction).
        self.assertEqual(spans["mutate"], [3] * 20)
        around = spans["transaction"][0] - sum(spans["editing"])
        self.assertLessEqual(around, 6)
        self.assertEqual(Provider.objects.filter(name="院内の新しい会").count(), 1)
