"""What a preview says: each row's outcome (new / changed / unchanged / outside / error,
its data, problems and differences) and the whole file's (transfer/importer.py makes it)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from areas.models import Area
from office import history
from office.models import Staff

if TYPE_CHECKING:
    from transfer.context import Context


@dataclass
class Problem:
    row: int
    column: str
    message: str
    value: str = ""


@dataclass
class Row:
    number: int
    kind: str = "error"  # new / changed / unchanged / outside / error
    name: str = ""
    resource_id: int | None = None
    version: int | None = None
    data: dict[str, Any] = field(default_factory=dict)
    before: dict[str, Any] | None = None
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    new_provider: tuple[str, str] | None = None  # (name, kind) created at commit
    context: Context | None = field(default=None, repr=False)
    # The row with its 〓 cells taken as written, when that differs (see Context.rows).
    accepted: Row | None = field(default=None, repr=False)

    KIND_LABELS = {
        "new": "新規",
        "changed": "変更",
        "unchanged": "変更なし",
        "outside": "担当外・変更なし",
        "error": "エラー",
    }

    @property
    def kind_label(self) -> str:
        return self.KIND_LABELS[self.kind]

    @cached_property
    def differences(self) -> list[history.Difference]:
        if self.kind == "error" or self.context is None:
            return []
        return self.context.differences(self)


@dataclass
class Preview:
    filename: str
    kind: str
    encoding: str
    headers: list[str]
    mapping: dict[str, str]
    needs_mapping: bool
    rows: list[Row] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # about the file, not a row
    municipality: Area | None = None
    staff: Staff | None = None

    @property
    def counts(self) -> dict[str, int]:
        counts = {"new": 0, "changed": 0, "unchanged": 0, "outside": 0, "error": 0}
        for row in self.rows:
            counts[row.kind] += 1
        return counts

    @property
    def errors(self) -> list[Problem]:
        return [p for row in self.rows for p in row.errors]

    @property
    def warnings(self) -> list[Problem]:
        return [p for row in self.rows for p in row.warnings]

    @property
    def has_geta(self) -> bool:
        """Some cells hold 〓 and are left as they are unless the coordinator says so."""
        return any(r.accepted is not None for r in self.rows)

    def rows_for(self, accept_geta: bool = False) -> list[Row]:
        if not accept_geta:
            return self.rows
        return [r.accepted or r for r in self.rows]

    def committable(self, accept_geta: bool = False) -> bool:
        rows = self.rows_for(accept_geta)
        return (
            not self.problems
            and not self.needs_mapping
            and not any(r.kind == "error" for r in rows)
            and any(r.kind in ("new", "changed") for r in rows)
        )

    @property
    def can_commit(self) -> bool:
        return self.committable(False)

    @property
    def can_commit_accepting_geta(self) -> bool:
        return self.has_geta and self.committable(True)

    def fingerprint(self) -> list[list[Any]]:
        return [[r.number, r.kind, r.resource_id, r.version] for r in self.rows]

    def shown_rows(self, limit: int = 200) -> list[Row]:
        """Errors first, then the rest up to `limit` rows."""
        errors = [r for r in self.rows if r.kind == "error"]
        others = [r for r in self.rows if r.kind != "error"]
        return (errors + others)[: max(limit, len(errors))]
