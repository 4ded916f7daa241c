"""Reading an import file (CSV or Excel .xlsx) into rows of text, within limits.

CSV is read here; .xlsx in transfer/xlsx.py. Both stop at the limits of
transfer/limits.py: a file beyond one is refused with a message naming the limit, and
nothing is read after it.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from transfer.exporter import unneutralise
from transfer.limits import (
    MAX_COLUMNS,
    FileRejectedError,
    cell_too_long,
    max_bytes,
    max_cells,
    max_read_rows,
    max_rows,
    too_big_message,
    too_many_cells,
    too_many_columns,
    too_many_rows,
    too_many_rows_read,
)
from transfer.xlsx import read_xlsx

ENCODINGS = {"utf-8": "utf-8-sig", "cp932": "cp932"}


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
        return _table("xlsx", "", *read_xlsx(data))
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
                raise FileRejectedError(too_many_rows_read())
            while cells and not cells[-1].strip():
                cells.pop()  # trailing empty cells (Excel writes them) are no columns
            if len(cells) > MAX_COLUMNS:
                raise FileRejectedError(too_many_columns(number))
            cells_seen += len(cells)
            if cells_seen > cell_limit:
                raise FileRejectedError(too_many_cells())
            if headers is None:
                headers = cells
                continue
            if not any(c.strip() for c in cells):
                continue
            # Undo the quote our CSV export puts before =, +, -, @ (formula protection).
            rows.append((number, [unneutralise(c) for c in cells]))
            if len(rows) > limit:
                raise FileRejectedError(too_many_rows())
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            raise FileRejectedError(cell_too_long(reader.line_num)) from error
        raise FileRejectedError(
            f"CSV の形式が正しくありません（{reader.line_num}行目付近）。"
        ) from error
    return _table("csv", encoding, headers or [], rows, set())


def _table(
    kind: str,
    encoding: str,
    headers: list[str],
    rows: list[tuple[int, list[str]]],
    uncached: set[tuple[int, int]],
) -> Table:
    headers = [h.strip() for h in headers]
    if not any(headers):
        raise FileRejectedError("1行目に見出し（列の名前）がありません。")
    return Table(kind, encoding, headers, rows, uncached)
