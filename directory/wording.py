"""What a 地域資源's facts read as, in plain Japanese, on cards, pages, PDFs and the API.

What the source did not say is 「お問い合わせください」, never a default (issue 9).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sasaeai.lib import phones

CONSULTATION_CODE = "6"  # 高齢者の身近な相談機関: shown beside every search


class ResourceWording:
    """Mixed into Resource: read-only texts built from its fields."""

    if TYPE_CHECKING:  # the fields and relations Resource gives this mixin
        fee_amount: int | None
        fee_note: str
        for_anyone: bool
        for_self: bool
        for_carers: bool
        served_areas: Any
        categories: Any
        phone: str
        booking: str
        booking_note: str
        venue_name: str
        address: str
        town: Any
        place_area: Any

        def get_booking_display(self) -> str: ...

    @property
    def fee_text(self) -> str:
        if self.fee_amount is None:
            return self.fee_note or "お問い合わせください"
        base = "無料" if self.fee_amount == 0 else f"{self.fee_amount:,}円"
        return f"{base}（{self.fee_note}）" if self.fee_note else base

    @property
    def audience_text(self) -> str:
        if self.for_anyone:
            return "どなたでも"
        parts = []
        if self.for_self:
            parts.append("ご本人")
        if self.for_carers:
            parts.append("ご家族・介護している方")
        return "・".join(parts)

    @property
    def serves_an_area(self) -> bool:
        """See ResourceQuerySet.serving_an_area (uses the prefetch cache when there is one)."""
        return bool(self.served_areas.all())

    @property
    def phone_href(self) -> str:
        """A tel: link only for one complete number; anything else is shown, not dialled."""
        return phones.tel_href(self.phone)

    @property
    def booking_text(self) -> str:
        """参加方法 in words; 「お問い合わせください」 when the source did not say."""
        label = self.get_booking_display() if self.booking else ""
        if label and self.booking_note:
            return f"{label}（{self.booking_note}）"
        return label or self.booking_note or "お問い合わせください"

    @property
    def is_consultation(self) -> bool:
        """相談機関: its served areas are the 担当地区 it answers for, not homes it visits."""
        return any(c.code.split(".")[0] == CONSULTATION_CODE for c in self.categories.all())

    @property
    def served_names(self) -> str:
        """Each served area as a resident knows it: a 圏域 with its first towns (issue 13:
        「弁天圏域（新千葉・弁天・春日…）」). Read with areas.models.with_towns or a
        served_areas__children prefetch, or each 圏域 costs a query."""
        return "・".join(a.name_with_towns() for a in self.served_areas.all())

    @property
    def reach_label(self) -> str:
        """What the served areas are to a resident: where it comes, or whom it answers for."""
        return str("担当地区" if self.is_consultation else "来てくれる地域")

    @property
    def reach_text(self) -> str:
        names = self.served_names
        if not names or self.is_consultation:
            return names
        return f"{names}のお宅に来てくれます"

    @property
    def place_text(self) -> str:
        """「どこで」 in words: venue, address or town, else the area it is held in; "" if unknown."""
        town = self.town.name if self.town else ""
        if self.venue_name:
            where = self.address or town
            return f"{self.venue_name}（{where}）" if where else self.venue_name
        if self.address or town:
            return self.address or town
        if self.place_area:
            return f"{self.place_area.name}のどこか（詳しい場所はお問い合わせください）"
        return ""
