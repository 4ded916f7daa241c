"""Field checks shared by every way data comes in (back-office form, provider link, import).

Messages are plain Japanese: they are shown next to the field that failed.
"""

from __future__ import annotations

import re
import unicodedata

from django.core.exceptions import ValidationError

from sasaeai.lib import phones

PHONE_CHARS = re.compile(r"^\+?[0-9()\- ]+$")
POSTAL_CODE = re.compile(r"^(\d{3})-?(\d{4})$")


def normalise_digits(value: str) -> str:
    """Full-width digits and hyphen variants (－ ー ‐ −) as ASCII; spaces trimmed."""
    return phones.normalise(value)


def validate_phone(value: str) -> None:
    """A Japanese number: 10 digits (固定・IP) or 11 (携帯・050・0120 …), starting with 0."""
    value = normalise_digits(value)
    if not value:
        return
    if not PHONE_CHARS.match(value):
        raise ValidationError(
            "電話番号は数字とハイフンで入力してください（例：043-245-5111）。", code="phone"
        )
    # The same rule as the tel: links (sasaeai/lib/phones.py): what is saved can be dialled.
    if not phones.is_dialable(phones.digits_of(value)):
        raise ValidationError(
            (
                "電話番号は市外局番から、0から始まる10桁（携帯電話などは11桁）で入力してください"
                "（例：043-245-5111）。受付時間などは「電話の補足」に書きます。"
            ),
            code="phone",
        )


def validate_postal_code(value: str) -> None:
    value = normalise_digits(value)
    if value and not POSTAL_CODE.match(value):
        raise ValidationError(
            "郵便番号は7桁の数字で入力してください（例：260-0013）。", code="postal_code"
        )


def format_postal_code(value: str) -> str:
    """「２６０００１３」 → 「260-0013」; anything else unchanged."""
    match = POSTAL_CODE.match(normalise_digits(value))
    return f"{match[1]}-{match[2]}" if match else value


def to_katakana(value: str) -> str:
    """Hiragana typed by habit becomes katakana; widths are unified."""
    value = unicodedata.normalize("NFKC", value or "").strip()
    return "".join(chr(ord(ch) + 0x60) if "ぁ" <= ch <= "ゖ" else ch for ch in value)
