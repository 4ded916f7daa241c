"""Reading one import row: its cells applied to the resource's snapshot-shaped data, with
the row's errors and warnings. Places and schedules are read in row_places.py and
row_schedules.py; this module has the rest and the order they run in."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator

from directory.models import Provider, Resource
from directory.validators import to_katakana
from office import history
from office.history import model_field
from sasaeai.lib import phones
from transfer import parsing
from transfer.outcome import Problem
from transfer.row_places import PlaceCells
from transfer.row_schedules import ScheduleCells

LONG_TEXT = 4000
_FAX_LABEL = re.compile(r"^\s*(?:fax|ファッ?クス)\s*(?:番号)?\s*[:：.]?\s*", re.I)

TEXT_LIMITS = {
    name: model_field(name).max_length or LONG_TEXT
    for name in history.FIELDS
    if model_field(name).get_internal_type() in ("CharField", "TextField")
}


class RowBuilder(PlaceCells, ScheduleCells):
    """Applies one row's cells to its snapshot-shaped data, noting errors and warnings."""

    def run(self) -> None:
        for index, header in enumerate(self.context.table.headers):
            if (self.row.number, index) in self.context.table.uncached and header:
                self.row.errors.append(
                    Problem(
                        self.row.number,
                        header,
                        "数式の結果が保存されていません。Excel で開いて保存し直してください。",
                    )
                )
        self.texts()
        self.categories()
        self.provider()
        self.flags()
        self.fee()
        self.booking()
        self.schedule()
        self.place()
        self.contacts()
        self.status()
        self.check_lengths()
        self.check_permission()

    def texts(self) -> None:
        for key in ("name", "keywords", "venue_name", "barrier_free", "parking", "contact_person"):
            self.set_text(key)
        for key in ("description", "eligibility", "internal_note", "booking_note"):
            self.set_text(key, verbatim=True)
        kana = self.raw("kana")
        if kana is not None:
            self.data["kana"] = to_katakana(kana)
        if not self.data.get("name"):
            if self.is_held("name"):
                self.error(
                    "name",
                    (
                        "名称に 〓 が入っています。元の文字が分からないため、直すか"
                        "「〓を含む値もそのまま取り込む」を選んでください。"
                    ),
                )
            else:
                self.error("name", "名称が空欄です。")

    def categories(self) -> None:
        raw = self.raw("categories")
        if raw is None:
            if self.row.before is None:
                self.error("categories", "分類がありません。「分類コード」の列を入れてください。")
            return
        codes: list[str] = []
        for word in re.split(r"[\s,、;/]+", parsing.clean(raw)):
            if not word:
                continue
            found: str | list[str] | None = self.category(word)
            if found is None and "・" in word:
                parts = [self.category(part) for part in word.split("・") if part]
                found = None if None in parts else [p for p in parts if p is not None]
            if found is None:
                self.error("categories", f"分類「{word}」はありません。", word)
            else:
                codes += found if isinstance(found, list) else [found]
        if not codes and not self.row.errors:
            self.error("categories", "分類を1つ以上入れてください。")
        self.data["categories"] = sorted(set(codes))

    def category(self, word: str) -> str | None:
        if word in self.context.categories:
            return word
        return self.context.category_names.get(parsing.match_key(word))

    def provider(self) -> None:
        raw = self.raw("provider")
        if raw is None:
            return
        name = parsing.tidy(raw)
        if not name:
            self.data["provider"] = None
            return
        pk = self.context.providers.get(parsing.match_key(name))
        if pk is not None:
            self.data["provider"] = pk
            return
        kind_text = parsing.clean(self.raw("provider_kind") or "")
        kind = self.context.kinds.get(parsing.match_key(kind_text)) if kind_text else None
        if kind is None:
            kind = Provider.Kind.VOLUNTEERS
            if kind_text:
                self.warn(
                    "provider_kind",
                    f"実施主体の種別「{kind_text}」が分からないため「有志・住民グループ」にします。",
                    kind_text,
                )
        if len(name) > 200:
            self.error("provider", "実施主体の名前が長すぎます（200文字まで）。", name[:40])
            return
        self.data["provider"] = None
        self.row.new_provider = (name, kind)
        self.warn("provider", f"実施主体「{name}」を新しく登録します。", name)

    def flags(self) -> None:
        for key in ("for_self", "for_carers", "for_anyone"):
            raw = self.raw(key)
            if raw is None:
                continue
            value = parsing.parse_bool(raw)
            if value is None:
                self.error(
                    key,
                    f"「はい」か空欄で入力してください（「{raw}」）。",
                    raw,
                )
            else:
                self.data[key] = value

    def fee(self) -> None:
        raw, note = self.raw("fee"), self.raw("fee_note")
        if raw is not None:
            fee = parsing.parse_fee(raw)
            self.data["fee_amount"] = fee.amount
            notes = [n for n in (fee.note, parsing.tidy(note or "")) if n]
            self.data["fee_note"] = "／".join(dict.fromkeys(notes))
            if not fee.understood:
                self.warn(
                    "fee",
                    "金額を読み取れませんでした。「料金の詳細」に文字のまま入れます。",
                    raw,
                )
        elif note is not None:
            self.data["fee_note"] = parsing.tidy(note)

    def booking(self) -> None:
        raw = self.raw("booking")
        if raw is not None:
            text = parsing.clean(raw)
            booking = parsing.parse_booking(text)
            if booking is None and text:
                self.warn(
                    "booking",
                    "参加方法を読み取れませんでした。「申込方法」に文字のまま入れます。",
                    raw,
                )
                self.append("booking_note", parsing.tidy(raw))
            # Empty, or words we cannot classify: 不明 (""), never 「予約不要」.
            self.data["booking"] = booking or ""
        raw = self.raw("capacity")
        if raw is not None:
            text = parsing.clean(raw)
            capacity = parsing.parse_capacity(text) if text else None
            if text and capacity is None:
                self.warn(
                    "capacity",
                    "定員を数字として読み取れませんでした。「申込方法」に文字のまま入れます。",
                    raw,
                )
                self.append("booking_note", f"定員：{parsing.tidy(raw)}")
            self.data["capacity"] = capacity

    def phones(self) -> None:
        """Only a number that was written is dialled (「第1地域包括支援センター 754-3775」
        once became tel:17543775): 電話番号 gets one number that validates, with the city's
        市外局番 for a 7-digit local one; a FAX number found there goes to an empty FAX; the
        cell as written, when it says more than one number, is kept as 電話の補足."""
        raw_phone, raw_fax, raw_note = self.raw("phone"), self.raw("fax"), self.raw("phone_note")
        area_code = self.context.area_code
        if raw_note is not None:
            self.data["phone_note"] = parsing.tidy(raw_note)
        fax = None
        if raw_fax is not None:
            fax = phones.split_cell(_FAX_LABEL.sub("", parsing.clean(raw_fax)), area_code=area_code)
        fax_given = fax is not None and bool(fax.phone or fax.fax or fax.note)
        moved = ""
        if raw_phone is not None:
            cell = phones.split_cell(raw_phone, area_code=area_code)
            self.data["phone"] = cell.phone
            # A FAX number in the phone cell fills FAX only where the file gives none (an
            # empty FAX cell, or no FAX column and no FAX yet).
            if cell.fax and not fax_given and (fax is not None or not self.data.get("fax")):
                self.data["fax"] = moved = cell.fax
            if cell.note:
                self.add_phone_note(cell.note)
                if cell.phone:
                    message = (
                        f"番号のほかに文字や別の番号があります。電話のボタンには「{cell.phone}」だけを使い、"
                        "書かれたとおりを「電話の補足」に入れます。"
                    )
                elif not area_code and phones.local_numbers(raw_phone):
                    message = (
                        f"市外局番のない番号（{'・'.join(phones.local_numbers(raw_phone))}）です。"
                        "この市区町村の市外局番が設定されていないため付けられません。"
                        "書かれたとおりを「電話の補足」に入れ、電話のボタンは出しません"
                        "（管理者が管理者メニューの「地域」で市外局番を設定できます）。"
                    )
                else:
                    message = (
                        "電話をかけられる番号が見つかりませんでした（市外局番のない番号や、言葉だけなど）。"
                        "書かれたとおりを「電話の補足」に入れ、電話のボタンは出しません。"
                    )
                if moved:
                    message += f"FAX 番号「{moved}」は FAX の欄に入れます。"
                self.warn("phone", message, parsing.tidy(raw_phone)[:80])
            elif cell.phone and len(phones.digits_of(raw_phone)) == 7:
                self.warn(
                    "phone",
                    f"市外局番がないため、{area_code} を付けて「{cell.phone}」にします。",
                    parsing.tidy(raw_phone)[:80],
                )
        if fax is not None and not moved:
            self.data["fax"] = fax.fax or fax.phone
            if fax.note:
                self.add_phone_note(f"FAX：{fax.note}")
                self.warn(
                    "fax",
                    (
                        "FAX の欄に番号のほかの文字があります。書かれたとおりを「電話の補足」に入れます。"
                    )
                    if fax.fax or fax.phone
                    else (
                        "FAX 番号として読み取れませんでした。書かれたとおりを「電話の補足」に入れます。"
                    ),
                    parsing.tidy(raw_fax)[:80],
                )

    def add_phone_note(self, text: str) -> None:
        current = self.data.get("phone_note") or ""
        if text not in current:
            self.data["phone_note"] = f"{current}／{text}" if current else text

    def contacts(self) -> None:
        self.phones()
        raw = self.raw("email")
        if raw is not None:
            email = parsing.clean(raw)
            try:
                if email:
                    EmailValidator()(email)
                self.data["email"] = email
            except ValidationError:
                self.error("email", "メールアドレスの形が正しくありません。", raw)
        raw = self.raw("url")
        if raw is not None:
            url = parsing.clean(raw)
            if url and not re.match(r"^https?://", url, re.I) and re.match(r"^[\w.-]+\.\w+", url):
                url = "https://" + url
            try:
                if url:
                    URLValidator(schemes=["http", "https"])(url)
                self.data["url"] = url
            except ValidationError:
                self.error("url", "ホームページのアドレス（URL）が正しくありません。", raw)

    def status(self) -> None:
        raw = self.raw("status")
        if raw is not None and parsing.clean(raw):
            status = self.context.statuses.get(parsing.match_key(parsing.clean(raw)))
            if status is None or status == Resource.Status.DELETED:
                self.error(
                    "status",
                    "状態は「下書き」「公開」「休止中」「終了」のどれかにしてください。",
                    raw,
                )
            else:
                self.data["status"] = status
        elif self.row.before is None:
            self.data["status"] = Resource.Status.DRAFT
        raw = self.raw("confirmed_on")
        if raw is not None:
            text = parsing.clean(raw)
            day = parsing.parse_date(text) if text else None
            if text and day is None:
                self.error(
                    "confirmed_on",
                    "最終確認日は 2026-11-26 のように年・月・日で入力してください。",
                    raw,
                )
            else:
                self.data["confirmed_on"] = day.isoformat() if day else None

    def check_lengths(self) -> None:
        for key, limit in TEXT_LIMITS.items():
            value = self.data.get(key)
            if isinstance(value, str) and len(value) > limit:
                self.error(
                    key,
                    f"{limit}文字以内にしてください（いまは{len(value)}文字）。",
                    value[:40],
                )

    def check_permission(self) -> None:
        staff = self.context.staff
        if staff is None or staff.is_admin or self.outside:
            return  # an outside resource: Context.build refuses it if the row changes it
        places = [
            self.context.towns_by_pk.get(self.data.get("town")),
            self.context.place_areas_by_pk.get(self.data.get("place_area")),
        ]
        places += [self.context.areas.get(code) for code in self.data.get("served_areas") or []]
        places = [p for p in places if p is not None]
        column = "address" if "address" in self.context.columns else "name"
        if not places:
            self.error(column, "担当地域の中の住所（町丁目）、開催地域か対応地域を入れてください。")
        elif not any(staff.covers_area(p) for p in places):
            self.error(column, "担当地域の外の場所です。この行は取り込めません。")
