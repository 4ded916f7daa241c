"""A CSV of survey answers, tallied per question — and nothing else kept.

The file (UTF-8 with or without a BOM, or cp932) has one header row (the questions) and one row
per respondent. The whole file is checked before anything is kept; every error names its row
and column in Japanese; the size, rows, columns and cell lengths are limited. Per question:

- a column whose header names a person (氏名, 住所, 電話, メール, 生年月日, 回答者番号 …) is
  「個人を特定する項目」: only how many answered it is kept;
- a 「いくつでも」 question (the header says so, or cells hold several choices split on 、 or ,
  and the parts are not more than the whole answers — so 「できるし、している」 stays one
  choice) is counted per choice;
- a column whose header says so (自由記述, ご意見 …), with long answers, more than MAX_OPTIONS
  different answers, every answer different (from 5 answers), or (from 10 answers) more
  different answers than half the answers is free text (or a number such as an age):
  counted as answered, never kept;
- any other column is one choice per respondent, counted per choice.

What is kept (SurveyTally.questions) is the questions, the choices and the counts — never a
row, so no answer can be traced back to the person who gave it.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from sasaeai.lib.csvtext import decode

MAX_BYTES = 2_000_000
MAX_ROWS = 5_000
MAX_COLUMNS = 200
MAX_CELL = 1_000
MAX_HEADER = 100
MAX_ERRORS = 20
MAX_OPTIONS = 20  # more different answers than this: free text
MAX_OPTION_LENGTH = 30  # a longer answer: free text
FREE_FROM = 10  # from this many answers, more different ones than half of them: free text
SEPARATORS = re.compile(r"[、,，]")
MULTI_WORDS = ("いくつでも", "複数回答", "複数選択", "あてはまるものすべて", "(ma)")
FREE_WORDS = ("自由記述", "自由回答", "ご意見", "具体的に", "その他の内容", "(fa)")
# Headers that name a person: what is in such a column is never tallied.
PERSONAL_PARTS = (
    "氏名",
    "名前",
    "ふりがな",
    "フリガナ",
    "住所",
    "電話",
    "メール",
    "mail",
    "生年月日",
)
PERSONAL_EXACT = ("id", "no", "no.", "番号", "回答者番号", "回答者id", "整理番号", "連番", "誕生日")

CHOICE = "choice"
MULTI = "multi"
FREE = "free"
PERSONAL = "personal"
KIND_NAMES = {
    CHOICE: "ひとつ選ぶ設問",
    MULTI: "いくつでも選ぶ設問",
    FREE: "自由記述・数値（集計しません）",
    PERSONAL: "個人を特定する項目（保存しません）",
}


@dataclass
class Tally:
    rows: int = 0
    encoding: str = ""
    questions: list[dict] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _key(header: str) -> str:
    return "".join(unicodedata.normalize("NFKC", header).split()).lower()


def is_personal(header: str) -> bool:
    key = _key(header)
    return key in PERSONAL_EXACT or any(part.lower() in key for part in PERSONAL_PARTS)


def _says_multi(header: str) -> bool:
    key = _key(header)
    return any(word in key for word in MULTI_WORDS)


def _parts(cell: str) -> list[str]:
    seen: list[str] = []
    for part in SEPARATORS.split(cell):
        part = part.strip()
        if part and part not in seen:
            seen.append(part)
    return seen


def _order(counts: Counter[str], first_seen: list[str]) -> list[list]:
    """Coded answers (1, 2, 3 …) in their order; words by count, ties as first seen."""
    if all(label.isdigit() for label in counts):
        ordered = sorted(counts, key=int)
    else:
        ordered = sorted(counts, key=lambda label: (-counts[label], first_seen.index(label)))
    return [[label, counts[label]] for label in ordered]


def tally_column(header: str, cells: list[str]) -> dict:
    """One question's tally from its cells (one a respondent; "" when not answered)."""
    answers = [c for c in cells if c]
    out = {"question": header, "answered": len(answers), "blank": len(cells) - len(answers)}
    if is_personal(header):
        return {**out, "kind": PERSONAL, "options": []}
    wholes = set(answers)
    split = [_parts(a) for a in answers]
    parts = {p for items in split for p in items}
    multi = _says_multi(header) or (
        any(len(items) > 1 for items in split) and len(parts) <= len(wholes)
    )
    items_per_answer = split if multi else [[a] for a in answers]
    flat = [item for items in items_per_answer for item in items]
    distinct = list(dict.fromkeys(flat))
    free = (
        any(word in _key(header) for word in FREE_WORDS)
        or any(len(item) > MAX_OPTION_LENGTH for item in distinct)
        or (len(answers) >= 5 and len(distinct) == len(answers))
        or len(distinct) > MAX_OPTIONS
        or (len(answers) >= FREE_FROM and len(distinct) > len(answers) / 2)
    )
    if free:
        return {**out, "kind": FREE, "options": []}
    return {**out, "kind": MULTI if multi else CHOICE, "options": _order(Counter(flat), distinct)}


def _undecodable_line(data: bytes) -> int:
    for number, line in enumerate(data.split(b"\n"), start=1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            return number
    return 1


def _check_header(line: int, header: list[str], errors: list[str]) -> None:
    if len(header) > MAX_COLUMNS:
        errors.append(
            f"{line}行目：列が多すぎます（上限 {MAX_COLUMNS}列、この行は{len(header)}列）。"
        )
        return
    seen: dict[str, int] = {}
    for column, name in enumerate(header, start=1):
        if not name:
            errors.append(f"{line}行目 {column}列目：見出し（設問）が空です。")
        elif len(name) > MAX_HEADER:
            errors.append(f"{line}行目 {column}列目：見出しは{MAX_HEADER}文字以内にしてください。")
        elif name in seen:
            errors.append(
                f"{line}行目 {column}列目：見出し「{name[:20]}」が{seen[name]}列目と同じです。"
                "設問ごとに違う見出しにしてください。"
            )
        else:
            seen[name] = column


def _read_rows(text: str, errors: list[str]) -> list[tuple[int, list[str]]]:
    """(line where the row starts, cells) for each row that is not blank."""
    reader = csv.reader(io.StringIO(text))
    rows: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for row in reader:
            cells = [cell.strip() for cell in row]
            if any(cells):
                rows.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as error:
        errors.append(f"{start}行目：CSV として読めません（{error}）。")
    return rows


def tally_csv(data: bytes) -> Tally:
    """The tally of a CSV of answers, or its errors (then nothing is to be kept)."""
    result = Tally()
    errors = result.errors
    if not data.strip():
        errors.append("ファイルが空です。")
        return result
    if len(data) > MAX_BYTES:
        errors.append(f"ファイルが大きすぎます（上限 {MAX_BYTES // 1000:,}KB）。")
        return result
    text = None if data[:2] in (b"\xff\xfe", b"\xfe\xff") else decode(data)  # UTF-16: no
    if text is None:
        errors.append(
            f"{_undecodable_line(data)}行目：文字コードを読めません。"
            "UTF-8 か Shift_JIS（cp932）で保存してください。"
        )
        return result
    result.encoding = "UTF-8" if text == data.decode("utf-8-sig", "replace") else "Shift_JIS"
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        errors.append(f"{line}行目：読めない文字（NUL）が入っています。")
        return result
    rows = _read_rows(text, errors)
    if errors:
        return result
    if not rows:
        errors.append("ファイルが空です。")
        return result
    (header_line, header), body = rows[0], rows[1:]
    while header and not header[-1]:  # a spreadsheet's empty columns at the right
        header = header[:-1]
    _check_header(header_line, header, errors)
    if not body and not errors:
        errors.append(f"{header_line}行目：見出しの下に回答の行がありません。")
    if len(body) > MAX_ROWS:
        errors.append(f"回答が多すぎます（上限 {MAX_ROWS:,}行、このファイルは{len(body):,}行）。")
    if errors:
        return result
    _check_cells(header, body, errors)
    if len(errors) > MAX_ERRORS:
        errors[MAX_ERRORS:] = [
            "ほかにも誤りがあります。上の誤りを直してから、もう一度お試しください。"
        ]
    if errors:
        return result
    result.rows = len(body)
    columns = [[row[i] if i < len(row) else "" for _, row in body] for i in range(len(header))]
    result.questions = [tally_column(h, cells) for h, cells in zip(header, columns, strict=True)]
    return result


def _check_cells(header: list[str], body: list[tuple[int, list[str]]], errors: list[str]) -> None:
    for line, row in body:
        if len(errors) > MAX_ERRORS:
            return
        if len(row) > len(header) and any(row[len(header) :]):
            errors.append(
                f"{line}行目：見出しより列が多いです（見出しは{len(header)}列、この行は{len(row)}列）。"
            )
            continue
        for column, cell in enumerate(row):
            if len(cell) > MAX_CELL:
                errors.append(
                    f"{line}行目「{header[column][:20]}」列：{MAX_CELL:,}文字を超えています。"
                )
