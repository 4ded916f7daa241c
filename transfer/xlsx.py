"""Reading an Excel .xlsx import file into rows of text, safely.

Before openpyxl opens it, the file is checked as a zip (how many files, what they unpack
to, how far they are compressed) and every XML part is streamed through once
(XlsxScan), so that no cell, row or column beyond transfer/limits.py is ever held.
"""

from __future__ import annotations

import datetime
import io
import posixpath
import re
import xml.parsers.expat
import zipfile
from typing import Any

from transfer.limits import (
    MAX_COLUMNS,
    MAX_MEMBERS,
    MAX_RATIO,
    MAX_TOKEN_BYTES,
    RATIO_FROM,
    FileRejectedError,
    cell_too_long,
    max_cell_chars,
    max_cells,
    max_read_rows,
    max_rows,
    max_unzipped_bytes,
    too_many_cells,
    too_many_columns,
    too_many_rows,
    too_many_rows_read,
)


def _damaged() -> str:
    return "Excel ファイルを読めませんでした。壊れていないか、.xlsx 形式かを確かめてください。"


def read_xlsx(data: bytes) -> tuple[list[str], list[tuple[int, list[str]]], set[tuple[int, int]]]:
    """The first sheet's headers, its rows (number as in Excel, cells) and the formula cells
    that have no saved result."""
    import openpyxl  # type: ignore[import-untyped]

    _check_zip_directory(data)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_zip(archive)
            scan = XlsxScan(archive).run()
    except FileRejectedError:
        raise
    except Exception as error:  # zipfile raises many kinds on a damaged file
        raise FileRejectedError(_damaged()) from error
    try:
        # The scan above has checked every part openpyxl reads: sizes, cells and rows.
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on a damaged file
        raise FileRejectedError(_damaged()) from error
    try:
        sheet = book[scan.title]
        # Rows and columns as far as the scan found cells, never the sheet's declared size.
        sheet.reset_dimensions()
        headers: list[str] | None = None
        rows: list[tuple[int, list[str]]] = []
        limit = max_rows()
        uncached_rows = {number for number, _index in scan.uncached}
        cells = (
            sheet.iter_rows(max_row=scan.max_row, max_col=scan.max_col, values_only=True)
            if scan.max_row
            else ()
        )
        for number, values in enumerate(cells, start=1):
            texts = [_cell_text(v) for v in values]
            if headers is None:
                headers = texts
                continue
            if not any(t.strip() for t in texts) and number not in uncached_rows:
                continue
            rows.append((number, texts))
            if len(rows) > limit:
                raise FileRejectedError(too_many_rows())
    except FileRejectedError:
        raise
    except Exception as error:
        raise FileRejectedError("Excel ファイルの中身を読めませんでした。") from error
    finally:
        book.close()
    return headers or [], rows, scan.uncached


def _too_many_members() -> str:
    return "Excel ファイルの中のファイルが多すぎます（{limit}個まで）。".format(
        limit=f"{MAX_MEMBERS:,}",
    )


def _check_zip_directory(data: bytes) -> None:
    """The member count from the zip's last record, before zipfile reads every entry."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if end < 0 or len(data) < end + 22:
        return  # zipfile will say the file is damaged
    entries = int.from_bytes(data[end + 10 : end + 12], "little")
    directory = int.from_bytes(data[end + 12 : end + 16], "little")
    # 0xFFFF entries and a directory of 4 GB mean ZIP64, which no 10 MB .xlsx needs.
    if entries > MAX_MEMBERS or directory > MAX_MEMBERS * 1024:
        raise FileRejectedError(_too_many_members())


def _check_zip(archive: zipfile.ZipFile) -> None:
    """The zip's own directory against the limits, before anything is unpacked.

    zipfile never unpacks a member beyond the size the directory declares (it stops and
    fails the CRC), so checking the declared sizes bounds what reading can produce."""
    members = archive.infolist()
    if "[Content_Types].xml" not in archive.namelist():
        raise FileRejectedError("ZIP ファイルは読めません。CSV か Excel（.xlsx）にしてください。")
    if len(members) > MAX_MEMBERS:
        raise FileRejectedError(_too_many_members())
    unzipped = sum(m.file_size for m in members)
    over_ratio = [
        m
        for m in members
        if m.file_size > RATIO_FROM and m.file_size > MAX_RATIO * max(m.compress_size, 1)
    ]
    if unzipped > max_unzipped_bytes() or over_ratio:
        raise FileRejectedError(
            f"Excel ファイルの中身が大きすぎます（展開して{max_unzipped_bytes() // (1024 * 1024)}MBまで、圧縮率{MAX_RATIO}倍まで）。"
            "極端に長いセルや空のセルがないか確かめてください。"
        )


_MAIN_RELS = "_rels/.rels"
_CELL_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d{1,7})$")


def _column_number(letters: str) -> int:
    number = 0
    for ch in letters.upper():
        number = number * 26 + ord(ch) - 64
    return number


class XlsxScan:
    """One streaming pass over every XML part of an .xlsx, refusing it at the first limit.

    Expat hands over text in pieces, so a long cell is measured without ever being held;
    the first worksheet (the one we read) is also measured in rows, columns and cells, and
    its formulas without a saved result are listed. No DOCTYPE is accepted (no entities).
    """

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive
        self.title = ""
        self.sheet_path = ""
        self.max_row = 0
        self.max_col = 0
        self.uncached: set[tuple[int, int]] = set()

    def run(self) -> XlsxScan:
        self.title, self.sheet_path = self.first_sheet()
        for info in self.archive.infolist():
            name = info.filename
            if not name.lower().endswith((".xml", ".rels")) or name == self.sheet_path:
                continue
            self.parse(name, _PartScan())
        self.parse(self.sheet_path, _SheetScan(self))
        return self

    def first_sheet(self) -> tuple[str, str]:
        """The first worksheet as openpyxl finds it: (its name, its part in the zip)."""
        names = set(self.archive.namelist())
        rels = self.relationships(_MAIN_RELS, "")
        book = next((t for t, kind in rels.values() if kind.endswith("/officeDocument")), "")
        if book not in names:
            raise FileRejectedError(_damaged())
        folder = posixpath.dirname(book)
        book_rels = self.relationships(
            posixpath.join(folder, "_rels", posixpath.basename(book) + ".rels"), folder
        )
        sheets: list[tuple[str, str]] = []
        self.parse(book, _BookScan(sheets))
        for title, rel_id in sheets:
            target, kind = book_rels.get(rel_id, ("", ""))
            if target in names and not kind.endswith("/chartsheet"):
                return title, target
        raise FileRejectedError("Excel ファイルにシートがありません。")

    def relationships(self, path: str, folder: str) -> dict[str, tuple[str, str]]:
        found: dict[str, tuple[str, str]] = {}
        if path in self.archive.namelist():
            self.parse(path, _RelsScan(found, folder))
        return found

    def parse(self, name: str, handler: _PartScan) -> None:
        parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
        handler.attach(parser)
        try:
            with self.archive.open(name) as part:
                while chunk := part.read(64 * 1024):
                    handler.fed += len(chunk)
                    if handler.fed > MAX_TOKEN_BYTES:
                        raise FileRejectedError(cell_too_long())
                    parser.Parse(chunk, False)
                parser.Parse(b"", True)
        except xml.parsers.expat.ExpatError as error:
            if handler.essential:
                raise FileRejectedError(_damaged()) from error
            # A part openpyxl does not read (custom XML …) may be anything.


class _PartScan:
    """Any XML part: no DTD, no text run or tag beyond the limits."""

    essential = False

    def __init__(self) -> None:
        self.fed = 0  # bytes given to expat since it last reported something
        self.text = 0  # characters of the current cell (or shared string)
        self.in_item = False
        self.limit = max_cell_chars()

    def attach(self, parser: xml.parsers.expat.XMLParserType) -> None:
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.CharacterDataHandler = self._data
        parser.StartDoctypeDeclHandler = self._doctype
        parser.EntityDeclHandler = self._doctype

    def _doctype(self, *args: object) -> None:
        raise FileRejectedError(_damaged())

    def _start(self, name: str, attrs: dict[str, str]) -> None:
        self.fed = 0
        local = name.rsplit(" ", 1)[-1]
        # A cell's (or shared string's) rich-text runs count together; any other
        # element's text counts on its own.
        if local in ("si", "c"):
            self.text, self.in_item = 0, True
        elif not self.in_item:
            self.text = 0
        self.start(local, attrs)

    def _end(self, name: str) -> None:
        self.fed = 0
        local = name.rsplit(" ", 1)[-1]
        if local in ("si", "c"):
            self.in_item = False
        self.end(local)

    def _data(self, data: str) -> None:
        self.fed = 0
        self.text += len(data)
        if self.text > self.limit:
            raise FileRejectedError(cell_too_long(getattr(self, "row", None)))
        self.data(data)

    def start(self, local: str, attrs: dict[str, str]) -> None:
        pass

    def end(self, local: str) -> None:
        pass

    def data(self, data: str) -> None:
        pass


class _RelsScan(_PartScan):
    essential = True

    def __init__(self, found: dict[str, tuple[str, str]], folder: str) -> None:
        super().__init__()
        self.found, self.folder = found, folder

    def start(self, local: str, attrs: dict[str, str]) -> None:
        if local == "Relationship" and attrs.get("TargetMode") != "External":
            target = attrs.get("Target", "")
            if target.startswith("/"):
                target = target[1:]
            elif self.folder:
                target = posixpath.normpath(f"{self.folder}/{target}")
            self.found[attrs.get("Id", "")] = (target, attrs.get("Type", ""))


class _BookScan(_PartScan):
    essential = True

    def __init__(self, sheets: list[tuple[str, str]]) -> None:
        super().__init__()
        self.sheets = sheets

    def start(self, local: str, attrs: dict[str, str]) -> None:
        if local == "sheet":
            rel_id = next((v for k, v in attrs.items() if k.endswith(" id")), "")
            self.sheets.append((attrs.get("name", ""), rel_id))


class _SheetScan(_PartScan):
    """The worksheet we read: its declared size, rows, columns and cells against the limits."""

    essential = True

    def __init__(self, scan: XlsxScan) -> None:
        super().__init__()
        self.sheet = scan
        self.read_limit, self.cell_limit = max_read_rows(), max_cells()
        self.row = 0
        self.rows = 0
        self.col = 0
        self.cells = 0
        self.in_cell = False
        self.has_formula = self.has_value = False
        self.in_value = False

    def start(self, local: str, attrs: dict[str, str]) -> None:
        if local == "dimension":
            self.dimension(attrs.get("ref", ""))
        elif local == "row":
            self.rows += 1
            self.row = self.number(attrs.get("r"), self.row + 1)
            self.col = 0
            if self.row > self.read_limit or self.rows > self.read_limit:
                raise FileRejectedError(too_many_rows_read())
        elif local == "c":
            self.cells += 1
            if self.cells > self.cell_limit:
                raise FileRejectedError(too_many_cells())
            match = _CELL_REF.match(attrs.get("r") or "")
            self.col = _column_number(match[1]) if match else self.col + 1
            self.in_cell, self.has_formula, self.has_value = True, False, False
        elif self.in_cell and local == "f":
            self.has_formula = True
        elif self.in_cell and local in ("v", "is"):
            self.in_value = True

    def end(self, local: str) -> None:
        if local in ("v", "is"):
            self.in_value = False
        elif local == "c" and self.in_cell:
            self.in_cell = False
            if not (self.has_value or self.has_formula):
                return  # formatting only: not a column of the table
            if self.col > MAX_COLUMNS:
                raise FileRejectedError(too_many_columns(self.row))
            self.sheet.max_row = max(self.sheet.max_row, self.row)
            self.sheet.max_col = max(self.sheet.max_col, self.col)
            if self.has_formula and not self.has_value:
                self.sheet.uncached.add((self.row, self.col - 1))

    def data(self, data: str) -> None:
        if self.in_value and data:
            self.has_value = True

    def dimension(self, ref: str) -> None:
        last = ref.split(":")[-1]
        match = _CELL_REF.match(last)
        if not match:
            return  # a missing or odd dimension is only a hint: the rows are counted anyway
        rows, columns = int(match[2]), _column_number(match[1])
        if rows > self.read_limit:
            raise FileRejectedError(
                (
                    "シートの範囲が広すぎます（{rows}行まで。このファイルは{declared}行目までと"
                    "書かれています）。使っている範囲だけを新しいシートにコピーしてください。"
                ).format(rows=f"{self.read_limit:,}", declared=f"{rows:,}")
            )
        if columns > MAX_COLUMNS:
            raise FileRejectedError(
                (
                    "シートの範囲が広すぎます（{limit}列まで。このファイルは{declared}列目までと"
                    "書かれています）。使っている範囲だけを新しいシートにコピーしてください。"
                ).format(limit=MAX_COLUMNS, declared=f"{columns:,}")
            )

    @staticmethod
    def number(value: str | None, default: int) -> int:
        if value is None:
            return default
        if not value.isdigit() or len(value) > 7:
            raise FileRejectedError(_damaged())
        return int(value)


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "はい" if value else ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
