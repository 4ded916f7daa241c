"""Forms that clean and normalise what the public sends.

The search form never fails: a value it cannot use is dropped with a notice in Japanese,
so any query string gives a page (and never a 500).
"""

from __future__ import annotations

from collections.abc import Iterable

from django import forms
from django.http import QueryDict
from django.utils.functional import Promise

from areas.models import Area
from directory import near
from directory.models import Category
from directory.near import Near  # by name: the field `near` hides the module in the class
from directory.search import ORDERS, Criteria

MAX_QUERY_CHARS = 100
WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAY_LABELS = [
    "月曜日",
    "火曜日",
    "水曜日",
    "木曜日",
    "金曜日",
    "土曜日",
    "日曜日",
]
WORKDAYS = (0, 1, 2, 3, 4)


def days_label(days: tuple[int, ...]) -> str:
    """How a resident reads a set of weekdays: 月曜日, 平日（月〜金）, 月曜日・水曜日."""
    if tuple(days) == WORKDAYS:
        return "平日（月〜金）"
    return "・".join(WEEKDAY_LABELS[d] for d in days)


def _printable(value: str) -> str:
    return "".join(ch for ch in value if ch >= " " or ch in "\t")


def day_param(days: Iterable[int]) -> str:
    """The day= value for a set of weekdays, in week order: mon,tue,wed,thu,fri."""
    return ",".join(WEEKDAYS[d] for d in sorted(set(days)))


DAYPARTS = {"am": (1, "午前"), "pm": (2, "午後")}
FLAGS = {"free": "無料のみ", "nobooking": "予約不要のみ", "carers": "介護している方向け"}
# Every URL parameter of a search and the name a resident reads for it.
CONDITION_LABELS = {
    "q": "言葉",
    "category": "分類",
    "area": "地域",
    "day": "曜日",
    "time": "時間帯",
    "near": "近く",
    **FLAGS,
}
# The parameters of a place: removing the 「近く」 condition removes them all.
NEAR_PARAMS = ("near", "lat", "lng", "within")
KNOWN_PARAMS = {
    "q",
    "category",
    "area",
    "day",
    "time",
    "order",
    "page",
    "city",
    "view",  # view=map: the list under a map (directory/maps.py)
    "print",  # print=all: the whole result (up to PRINT_MAX) on one page, to print
    *NEAR_PARAMS,
    *FLAGS,
}
PAGE_MAX = 10_000


def default_municipality() -> Area | None:
    from django.conf import settings

    return (
        Area.objects.municipalities().filter(code=settings.SASAEAI_DEFAULT_MUNICIPALITY).first()
        or Area.objects.municipalities().order_by("pk").first()
    )


def city_of(code: str) -> Area | None:
    """The municipality a `city` parameter names, with 5 digits or 6 (None: none such)."""
    from areas.municipalities import six_digits

    try:
        code = six_digits(code[:10])
    except ValueError:
        return None
    return Area.objects.municipalities().filter(code=code).first()


class SearchForm(forms.Form):
    """The conditions of 対象リスト; field names are the public URL parameters."""

    q = forms.CharField(required=False, strip=True)
    category = forms.CharField(required=False)
    area = forms.CharField(required=False)
    day = forms.CharField(required=False)
    time = forms.CharField(required=False)
    free = forms.CharField(required=False)
    nobooking = forms.CharField(required=False)
    carers = forms.CharField(required=False)
    order = forms.CharField(required=False)
    page = forms.CharField(required=False)
    city = forms.CharField(required=False)
    near = forms.CharField(required=False, strip=True)
    within = forms.CharField(required=False)
    lat = forms.CharField(required=False)
    lng = forms.CharField(required=False)

    def __init__(self, data: QueryDict) -> None:
        # Only the first value of each parameter counts; NUL and other control characters
        # would make Django's CharField fail, so they are dropped here rather than rejected.
        clean = {k: _printable(data.get(k, "")) for k in data}
        if "day" in data and hasattr(data, "getlist"):
            # Except the weekdays: the 条件を選ぶ page's checkboxes send one day= per box
            # ticked (平日 is day=mon,tue,wed,thu,fri), and every one of them counts.
            clean["day"] = ",".join(_printable(v) for v in data.getlist("day") if v)
        super().__init__(clean)
        self.notices: list[str] = []
        unknown = sorted(k for k in data if k not in KNOWN_PARAMS)
        if unknown:
            names = "、".join(unknown[:5])[:80]
            self.notices.append(f"使えない条件は無視しました：{names}")

    def ignore(self, label: str | Promise) -> None:
        self.notices.append(f"「{label}」の指定が正しくないため、この条件は使わずに探しました。")

    def criteria(self) -> tuple[Criteria | None, int]:
        """The cleaned conditions and page (None when no municipality exists yet)."""
        self.is_valid()  # every field is an optional CharField: never invalid
        data = self.cleaned_data
        municipality = self._municipality(data.get("city", ""))
        if municipality is None:
            return None, 1
        q = data.get("q", "")
        if len(q) > MAX_QUERY_CHARS:
            q = q[:MAX_QUERY_CHARS]
            self.notices.append(
                f"検索する言葉が長すぎるため、最初の{MAX_QUERY_CHARS}文字で探しました。"
            )
        criteria = Criteria(municipality=municipality, q=q)
        if code := data.get("category"):
            criteria.category = Category.objects.filter(code=code).first()
            if criteria.category is None:
                self.ignore(CONDITION_LABELS["category"])
        if code := data.get("area"):
            criteria.area = Area.objects.filter(code=code, municipality=municipality).first()
            if criteria.area is None:
                self.ignore(CONDITION_LABELS["area"])
        if day := data.get("day"):
            # One weekday (day=mon) or several, any of them (平日: day=mon,tue,wed,thu,fri).
            codes = day.split(",")
            if all(code in WEEKDAYS for code in codes) and len(codes) <= len(WEEKDAYS):
                criteria.days = tuple(sorted({WEEKDAYS.index(code) for code in codes}))
            else:
                self.ignore(CONDITION_LABELS["day"])
        if part := data.get("time"):
            if part in DAYPARTS:
                criteria.daypart = DAYPARTS[part][0]
            else:
                self.ignore(CONDITION_LABELS["time"])
        criteria.free = self._flag("free")
        criteria.no_booking = self._flag("nobooking")
        criteria.carers = self._flag("carers")
        criteria.near = self._near(municipality)
        if order := data.get("order"):
            if order in ORDERS and (order != "distance" or criteria.near):
                criteria.order = order
            else:
                self.ignore("並び順")
        elif criteria.near:
            criteria.order = "distance"
        return criteria, self._page(data.get("page", ""))

    def _near(self, municipality: Area) -> Near | None:
        """The place to search near: the phone's position, else what was typed."""
        data = self.cleaned_data
        place = None
        if data.get("lat") or data.get("lng"):
            point = self._point(data.get("lat", ""), data.get("lng", ""))
            if point is None:
                self.ignore("現在地")
            else:
                place = near.from_point(municipality, *point)
        if place is None and (typed := data.get("near", "")):
            place = near.resolve(municipality, typed)
            if place is None:
                self.notices.append(
                    f"「{typed[: near.MAX_PLACE_CHARS]}」の場所が見つかりませんでした。住所・町名・郵便番号を"
                    "確かめてください。近さの条件は使わずに探しました。"
                )
        if place is None:
            return None
        within = near.DEFAULT_WITHIN
        if value := data.get("within", ""):
            if value.isascii() and value.isdigit() and int(value) in near.WITHIN:
                within = int(value)
            else:
                self.ignore("距離")
        return near.Near(place, within)

    @staticmethod
    def _point(lat: str, lng: str) -> tuple[float, float] | None:
        """A position in Japan (as the back office accepts points), else None."""
        try:
            point = float(lat), float(lng)
        except ValueError:
            return None
        if 20 <= point[0] <= 46 and 122 <= point[1] <= 154:
            return point
        return None

    def _flag(self, name: str) -> bool:
        value = self.cleaned_data.get(name, "")
        if value in ("", "0"):
            return False
        if value in ("1", "on", "true"):
            return True
        self.ignore(FLAGS[name])
        return False

    def _page(self, value: str) -> int:
        if not value:
            return 1
        if value.isascii() and value.isdigit():
            return max(1, min(int(value[:6]), PAGE_MAX))
        self.ignore("ページ")
        return 1

    def _municipality(self, code: str) -> Area | None:
        if code:
            found = city_of(code)
            if found:
                return found
            self.ignore("市区町村")
        return default_municipality()
