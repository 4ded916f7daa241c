"""Reading an import file (CSV or Excel .xlsx) into rows of text, within limits.

No file, however it is built, keeps a worker busy or makes it grow: the size of the upload,
the rows read (blank ones included), the columns, the cells and the length of a cell are
limited, and an .xlsx is also checked as a zip (what it unpacks to, how many files, how far
it is compressed) and streamed through once before openpyxl opens it. A file beyond a limit
is refused with a message naming the limit; nothing is read after it.
"""

from __future__ import annotations

import csv
import datetime
import io
import posixpath
import re
import xml.parsers.expat
import zipfile
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings

from transfer.exporter import unneutralise

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_MAX_ROWS = 20_000
ENCODINGS = {"utf-8": "utf-8-sig", "cp932": "cp932"}


class FileRejectedError(Exception):
    """The file as a whole cannot be read; the message says why, in Japanese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def max_bytes() -> int:
    return getattr(settings, "SASAEAI_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES)


def max_rows() -> int:
    return getattr(settings, "SASAEAI_IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS)


def too_big_message() -> str:
    return f"ファイルが大きすぎます（{max_bytes() // (1024 * 1024)}MBまで）。分けて取り込んでください。"


# What a file may hold, checked before and while reading so that no file, however it is
# built, keeps a worker busy or makes it grow: rows are limited by what is read (blank rows
# included), not only by what is kept; a cell by its length, as the csv module limits a CSV
# cell; an .xlsx also by what its zip unpacks to.
EMPTY_ROW_MARGIN = 1_000  # blank rows read beyond max_rows() before a file is refused
MAX_COLUMNS = 300
CELLS_PER_ROW = 60  # max_cells() = max_rows() × this: our 40 columns, with room to spare
MAX_MEMBERS = 1_000  # files inside an .xlsx (Excel writes about ten)
MAX_RATIO = 100  # unpacked ÷ packed size of one member over RATIO_FROM bytes
RATIO_FROM = 1024 * 1024
MAX_TOKEN_BYTES = 1024 * 1024  # XML read without a tag or text ending: one huge tag


def max_read_rows() -> int:
    """Rows read at most, the header and blank rows included."""
    return max_rows() + 1 + EMPTY_ROW_MARGIN


def max_cells() -> int:
    return max_rows() * CELLS_PER_ROW


def max_cell_chars() -> int:
    """The same limit for a CSV cell (the csv module's) and an Excel one."""
    return csv.field_size_limit()


def max_unzipped_bytes() -> int:
    return getattr(settings, "SASAEAI_IMPORT_MAX_UNZIPPED_BYTES", 20 * max_bytes())


@dataclass
class Table:
    kind: str  # "csv" or "xlsx"
    encoding: str
    headers: list[str]
    rows: list[tuple[int, list[str]]]  # (row number as in Excel, cells)
    uncached: set[tuple[int, int]] = field(default_factory=set)  # formula cells, no value


def read_table(data: bytes, encoding: str | None = None) -> Table:
    if not data or not data.strip(b"\xef\xbb\xbf \t\r\n"):
        raise FileRejectedError("ファイルが空です。")
    if len(data) > max_bytes():
        raise FileRejectedError(too_big_message())
    if data[:4] == b"PK\x03\x04":
        return _read_xlsx(data)
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise FileRejectedError(
            "古い形式の Excel（.xls）は読めません。.xlsx か CSV で保存し直してください。"
        )
    if b"\x00" in data[:8192]:
        raise FileRejectedError(
            "CSV でも Excel（.xlsx）でもないファイルです（画像や UTF-16 のファイルは読めません）。"
        )
    text, used = _decode(data, encoding)
    if "\x00" in text:  # past the first 8 KB: no database stores it (PostgreSQL refuses)
        raise FileRejectedError(
            "ファイルの途中に文字として使えない値（NUL）が入っています。"
            "CSV か Excel（.xlsx）で保存し直してください。"
        )
    return _read_csv(text, used)


def _decode(data: bytes, encoding: str | None) -> tuple[str, str]:
    if encoding:
        codec = ENCODINGS.get(encoding)
        if codec is None:
            raise FileRejectedError("文字コードの指定が正しくありません。")
        try:
            return data.decode(codec), encoding
        except UnicodeDecodeError as error:
            raise FileRejectedError(
                f"指定の文字コード（{encoding_label(encoding)}）では読めませんでした（{error.start + 1}バイト目）。"
                "「自動」を選ぶか、ファイルの文字コードを確かめてください。"
            ) from error
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data.decode("utf-8-sig"), "utf-8"
        except UnicodeDecodeError:
            pass
    for codec, name in (("utf-8", "utf-8"), ("cp932", "cp932")):
        try:
            return data.decode(codec), name
        except UnicodeDecodeError:
            continue
    raise FileRejectedError(
        "文字コードを判別できませんでした。UTF-8 か Shift_JIS（CP932）の CSV、"
        "または Excel（.xlsx）で保存してください。"
    )


def encoding_label(encoding: str) -> str:
    return {"utf-8": "UTF-8", "cp932": "Shift_JIS（CP932）"}.get(encoding, encoding)


def _read_csv(text: str, encoding: str) -> Table:
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[tuple[int, list[str]]] = []
    headers: list[str] | None = None
    limit, read_limit, cell_limit = max_rows(), max_read_rows(), max_cells()
    cells_seen = 0
    try:
        for number, cells in enumerate(reader, start=1):
            if number > read_limit:
                raise FileRejectedError(_too_many_rows_read())
            while cells and not cells[-1].strip():
                cells.pop()  # trailing empty cells (Excel writes them) are no columns
            if len(cells) > MAX_COLUMNS:
                raise FileRejectedError(_too_many_columns(number))
            cells_seen += len(cells)
            if cells_seen > cell_limit:
                raise FileRejectedError(_too_many_cells())
            if headers is None:
                headers = cells
                continue
            if not any(c.strip() for c in cells):
                continue
            # Undo the quote our CSV export puts before =, +, -, @ (formula protection).
            rows.append((number, [unneutralise(c) for c in cells]))
            if len(rows) > limit:
                raise FileRejectedError(_too_many_rows())
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            raise FileRejectedError(_cell_too_long(reader.line_num)) from error
        raise FileRejectedError(
            f"CSV の形式が正しくありません（{reader.line_num}行目付近）。"
        ) from error
    return _table("csv", encoding, headers or [], rows, set())


def _too_many_rows() -> str:
    return "行が多すぎます（{limit}行まで）。ファイルを分けて取り込んでください。".format(
        limit=f"{max_rows():,}",
    )


def _too_many_rows_read() -> str:
    return (
        "行が多すぎます（空の行も数えて、見出しから{limit}行目までしか読みません）。"
        "空の行を消すか、ファイルを分けて取り込んでください。"
    ).format(limit=f"{max_read_rows():,}")


def _too_many_columns(row: int) -> str:
    return (
        "列が多すぎます（{limit}列まで。{row}行目）。使う列だけのファイルにしてください。"
    ).format(limit=MAX_COLUMNS, row=f"{row:,}")


def _too_many_cells() -> str:
    return (
        "セルが多すぎます（{limit}個まで）。使う列だけにするか、ファイルを分けてください。"
    ).format(limit=f"{max_cells():,}")


def _cell_too_long(row: int | None = None) -> str:
    where = "{row}行目付近の".format(row=f"{row:,}") if row else ""
    return "{where}セルの文字が多すぎます（1つのセルに{limit}文字まで）。".format(
        where=where,
        limit=f"{max_cell_chars():,}",
    )


def _damaged() -> str:
    return "Excel ファイルを読めませんでした。壊れていないか、.xlsx 形式かを確かめてください。"


def _read_xlsx(data: bytes) -> Table:
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
                raise FileRejectedError(_too_many_rows())
    except FileRejectedError:
        raise
    except Exception as error:
        raise FileRejectedError("Excel ファイルの中身を読めませんでした。") from error
    finally:
        book.close()
    return _table("xlsx", "", headers or [], rows, scan.uncached)


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
                        raise FileRejectedError(_cell_too_long())
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

    def attach(self, parser) -> None:
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.CharacterDataHandler = self._data
        parser.StartDoctypeDeclHandler = self._doctype
        parser.EntityDeclHandler = self._doctype

    def _doctype(self, *args) -> None:
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
            raise FileRejectedError(_cell_too_long(getattr(self, "row", None)))
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
                raise FileRejectedError(_too_many_rows_read())
        elif local == "c":
            self.cells += 1
            if self.cells > self.cell_limit:
                raise FileRejectedError(_too_many_cells())
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
                raise FileRejectedError(_too_many_columns(self.row))
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


def _table(kind: str, encoding: str, headers: list[str], rows, uncached) -> Table:
    headers = [h.strip() for h in headers]
    if not any(headers):
        raise FileRejectedError("1行目に見出し（列の名前）がありません。")
    return Table(kind, encoding, headers, rows, uncached)
