"""Japanese phone numbers as people write them in lists, and the only numbers we dial.

A `tel:` link dials only a number that was written: a field holding words, several numbers
or a local number without its area code never becomes a link by picking out its digits
(「第1地域包括支援センター 754-3775」 once dialled 17543775). A cell from a city's list is
split into the number to dial, a FAX number and the words around them, which are kept as
written.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

DASHES = re.compile(r"[‐‑‒–—―−ー－]")
# 11-digit numbers: mobiles, IP phones (050), M2M (020) and 0800 free dial; every other
# Japanese number, 0120 and 0570 included, has 10 digits.
ELEVEN_DIGIT_PREFIXES = ("020", "050", "060", "070", "080", "090", "0800")
# A number as written: +81 or a leading 0, then 9–10 more digits in up to three groups,
# separated by hyphens, spaces or brackets — or a 7-digit local number written 123-4567.
_NUMBER = re.compile(
    r"(?<![\d-])(?:"
    r"(?:\+81[\s-]?\(?0?\)?|0)\d{1,4}(?:[\s-]|\)|\s*\(\s*)?\d{1,4}(?:[\s-]|\)\s*)?\d{3,4}"
    r"|\d{3,4}-\d{4}"
    r")(?![\d-])"
)
_FAX_BEFORE = re.compile(r"(?:fax|ファ[ック]?クス|ﾌｧｸｽ)\s*[:：.]?\s*(?:番号)?\s*[:：]?\s*$", re.I)
_FAX_AFTER = re.compile(r"^\s*[(（]?\s*(?:fax|ファ[ック]?クス)(?:専用)?\s*[)）]", re.I)
_BOTH_AFTER = re.compile(
    r"^\s*[(（]\s*(?:電話|tel)\s*[・/／,、&＆]\s*(?:fax|ファ[ック]?クス)\s*[)）]", re.I
)
_LABEL_ONLY = re.compile(r"^(?:tel|電話番号?|電話|℡|phone|問い?合わせ|連絡先)?\s*[:：.]?\s*$", re.I)


def normalise(text: str) -> str:
    """Full-width digits and letters as ASCII, every dash as a hyphen, spaces trimmed."""
    return DASHES.sub("-", unicodedata.normalize("NFKC", text or "")).strip()


def digits_of(number: str) -> str:
    """The digits to dial, with +81 written as the leading 0."""
    text = normalise(number)
    digits = re.sub(r"\D", "", text)
    if text.startswith("+81"):
        digits = digits[2:]
        digits = digits if digits.startswith("0") else "0" + digits
    return digits


def is_dialable(digits: str) -> bool:
    """A complete Japanese number: 0 then 9 or 10 digits, the length its prefix needs."""
    if not re.fullmatch(r"0[1-9]\d{8,9}", digits):
        return False
    eleven = digits.startswith(ELEVEN_DIGIT_PREFIXES)
    return len(digits) == (11 if eleven else 10)


def tel_href(value: str) -> str:
    """「tel:0432455111」 when the whole value is one complete number, else ""."""
    text = normalise(value)
    if not text or not re.fullmatch(r"\+?[0-9()\- ]+", text):
        return ""
    digits = digits_of(text)
    return f"tel:{digits}" if is_dialable(digits) else ""


def pretty(number: str) -> str:
    """Hyphens where the writer put separators: 「043 (245) 5111」 → 「043-245-5111」."""
    text = normalise(number)
    if text.startswith("+81"):
        text = "0" + re.sub(r"^\+81[\s-]?\(?0?\)?", "", text)
    text = re.sub(r"\s*\(\s*|\s*\)\s*|\s+", "-", text).strip("-")
    return re.sub(r"-+", "-", text)


def local_numbers(value: str) -> list[str]:
    """The 7-digit local numbers written without their area code (「754-3775」)."""
    return [
        pretty(m.group(0))
        for m in _NUMBER.finditer(normalise(value))
        if len(digits_of(m.group(0))) == 7 and not m.group(0).startswith(("0", "+"))
    ]


@dataclass(frozen=True)
class PhoneCell:
    """What a phone cell says: the number to dial, a FAX number, and the words as written."""

    phone: str = ""
    fax: str = ""
    note: str = ""  # the cell as written when it holds more than one plain number
    understood: bool = True  # False: no number could be dialled from it

    @property
    def numbers(self) -> list[str]:
        return [n for n in (self.phone, self.fax) if n]


def split_cell(value: str, *, area_code: str = "") -> PhoneCell:
    """「043-274-2056(電話・FAX)/080-1234-5678」 → phone, fax and the cell kept as a note.

    A 7-digit local number (「754-3775」) gets `area_code`, the municipality's, when it has
    one; without it the number is not dialable and stays in the note only.
    """
    written = re.sub(r"\s+", " ", value or "").strip()
    text = normalise(value)
    if not text:
        return PhoneCell()
    phone = fax = ""
    found = 0
    for match in _NUMBER.finditer(text):
        raw = match.group(0)
        digits = digits_of(raw)
        number = pretty(raw)
        if len(digits) == 7 and not raw.startswith(("0", "+")):
            if not area_code:
                continue
            digits = area_code + digits
            number = f"{area_code}-{number}"
        if not is_dialable(digits):
            continue
        found += 1
        before, after = text[: match.start()], text[match.end() :]
        if _BOTH_AFTER.match(after):
            phone, fax = phone or number, fax or number
        elif _FAX_AFTER.match(after) or _FAX_BEFORE.search(before):
            fax = fax or number
        else:
            phone = phone or number
    if not found:
        return PhoneCell(note=written, understood=False)
    # A cell that is one number, perhaps after 「TEL」, needs no note; anything else is kept.
    only = found == 1 and bool(phone) and not fax
    rest = _NUMBER.sub("", text)
    if only and _LABEL_ONLY.match(rest.strip()):
        return PhoneCell(phone=phone)
    return PhoneCell(phone=phone, fax=fax, note=written)
