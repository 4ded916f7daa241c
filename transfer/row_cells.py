"""The base of the row reader (transfer/rows.py): one row's cells, read by our column key,
and the errors and warnings it notes."""

from __future__ import annotations

from collections.abc import Set
from typing import TYPE_CHECKING, Any

from transfer import parsing
from transfer.outcome import Problem, Row

if TYPE_CHECKING:
    from transfer.context import Context


class RowCells:
    """One row's cells and the snapshot-shaped data they are applied to."""

    def __init__(
        self,
        context: Context,
        row: Row,
        cells: list[str],
        data: dict[str, Any],
        *,
        held: Set[int] = frozenset(),
        outside: bool = False,
    ) -> None:
        self.context, self.row, self.cells, self.data = context, row, cells, data
        self.held = held  # cells read as if absent (〓, see Context.offer_geta)
        self.outside = outside  # the resource is outside the coordinator's areas

    def raw(self, key: str) -> str | None:
        return self.context.cell(self.cells, key, self.held)

    def is_held(self, key: str) -> bool:
        return key in self.context.columns and self.context.columns[key][0] in self.held

    def error(self, key: str, message: str, value: str = "") -> None:
        self.row.errors.append(Problem(self.row.number, self.context.header(key), message, value))

    def warn(self, key: str, message: str, value: str = "") -> None:
        self.row.warnings.append(Problem(self.row.number, self.context.header(key), message, value))

    def append(self, key: str, text: str) -> None:
        current = self.data.get(key) or ""
        if text not in current:
            self.data[key] = f"{current}\n{text}".strip() if current else text

    def set_text(self, key: str, *, verbatim: bool = False) -> None:
        raw = self.raw(key)
        if raw is None:
            return
        self.data[key] = raw.replace("\r\n", "\n").strip() if verbatim else parsing.tidy(raw)
