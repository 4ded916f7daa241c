"""What an import file may hold, and the messages that refuse one beyond a limit.

No file, however it is built, keeps a worker busy or makes it grow: the size of the upload,
the rows read (blank ones included), the columns, the cells and the length of a cell are
limited (transfer/reading.py for CSV, transfer/xlsx.py for Excel, which also limits what
the zip unpacks to). A file beyond a limit is refused with a message naming the limit.
"""

from __future__ import annotations

import csv

from django.conf import settings

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_MAX_ROWS = 20_000


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


def too_many_rows() -> str:
    return "行が多すぎます（{limit}行まで）。ファイルを分けて取り込んでください。".format(
        limit=f"{max_rows():,}",
    )


def too_many_rows_read() -> str:
    return (
        "行が多すぎます（空の行も数えて、見出しから{limit}行目までしか読みません）。"
        "空の行を消すか、ファイルを分けて取り込んでください。"
    ).format(limit=f"{max_read_rows():,}")


def too_many_columns(row: int) -> str:
    return (
        "列が多すぎます（{limit}列まで。{row}行目）。使う列だけのファイルにしてください。"
    ).format(limit=MAX_COLUMNS, row=f"{row:,}")


def too_many_cells() -> str:
    return (
        "セルが多すぎます（{limit}個まで）。使う列だけにするか、ファイルを分けてください。"
    ).format(limit=f"{max_cells():,}")


def cell_too_long(row: int | None = None) -> str:
    where = "{row}行目付近の".format(row=f"{row:,}") if row else ""
    return "{where}セルの文字が多すぎます（1つのセルに{limit}文字まで）。".format(
        where=where,
        limit=f"{max_cell_chars():,}",
    )
