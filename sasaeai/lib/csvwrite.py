"""Writing CSV files people open in Excel: UTF-8 with a BOM or CP932 (Windows-31J), CRLF line
ends, and no cell a spreadsheet would run as a formula. Shared by the back office's exports
(transfer/exporter.py) and the fieldwork area report (fieldwork/report_files.py).

CSV injection: a text cell that a spreadsheet could take for a formula (it begins with
= + - @, a tab or a carriage return, possibly after single quotes) gets one single quote in
front (`neutralise()`); the importer removes it again (`unneutralise()`).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator

REPLACEMENT = "〓"  # 下駄記号: the traditional mark for a character that cannot be printed
BOM = b"\xef\xbb\xbf"
FORMULA = re.compile(r"'*[=+\-@\t\r]")
QUOTED_FORMULA = re.compile(r"'+[=+\-@\t\r]")


def neutralise(value: str) -> str:
    """A cell a spreadsheet would run as a formula gets one leading single quote."""
    return "'" + value if FORMULA.match(value) else value


def unneutralise(value: str) -> str:
    """The importer's side: drop the one quote neutralise() added (CSV only)."""
    return value[1:] if QUOTED_FORMULA.match(value) else value


def cp932_safe(value: str) -> tuple[str, str, str]:
    """(text CP932 can hold, characters replaced by 〓, characters changed to a look-alike).

    Python's cp932 accepts a few characters it writes as another one (〜 U+301C is read
    back as ～ U+FF5E, − as －): those are reported as changed, not lost.
    """
    try:
        encoded = value.encode("cp932")
    except UnicodeEncodeError:
        pass
    else:
        back = encoded.decode("cp932")
        if back == value:
            return value, "", ""
    out, lost, similar = [], [], []
    for ch in value:
        try:
            back = ch.encode("cp932").decode("cp932")
        except UnicodeEncodeError:
            out.append(REPLACEMENT)
            if ch not in lost:
                lost.append(ch)
            continue
        out.append(back)
        if back != ch and ch not in similar:
            similar.append(ch)
    return "".join(out), "".join(lost), "".join(similar)


class _Line:
    """A file-like object csv.writer writes one line into."""

    def __init__(self) -> None:
        self.text = ""

    def write(self, text: str) -> int:
        self.text += text
        return len(text)


def csv_lines(
    headers: list[str], rows: Iterable[list[str]], *, encoding: str = "utf-8"
) -> Iterator[bytes]:
    """Headers and rows as CSV bytes, one line per chunk; every row cell neutralised.

    encoding "utf-8" starts with a BOM; "cp932" writes 〓 for what it cannot hold.
    """
    line = _Line()
    writer = csv.writer(line, lineterminator="\r\n")

    def encode(cells: list[str]) -> bytes:
        line.text = ""
        if encoding == "cp932":
            writer.writerow([cp932_safe(c)[0] for c in cells])
            return line.text.encode("cp932")
        writer.writerow(cells)
        return line.text.encode("utf-8")

    if encoding != "cp932":
        yield BOM
    yield encode(headers)
    for row in rows:
        yield encode([neutralise(c) for c in row])
