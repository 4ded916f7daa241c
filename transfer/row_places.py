"""Reading where a row's resource is: address, postal code, town, point, 開催地域 and
対応地域."""

from __future__ import annotations

from areas.models import Area
from directory.models import Resource
from transfer import parsing
from transfer.row_cells import RowCells


class PlaceCells(RowCells):
    """Address, postal code, town, point, 開催地域 and 対応地域 of one row."""

    def place(self) -> None:
        data, context = self.data, self.context
        raw_postal = self.raw("postal_code")
        raw_address = self.raw("address")
        address_postal = ""
        named_area = None
        if raw_address is not None:
            address_postal, data["address"] = parsing.parse_address(raw_address)
            before = self.row.before
            if (
                before is not None
                and data["address"] != before.get("address")
                and parsing.match_key(data["address"]) == context.address_as_exported(before)
            ):
                # Our open data's 所在地_連結表記: the same address with 都道府県 and
                # 市区町村 put back, not a new one.
                data["address"] = before.get("address") or ""
            # 「美浜区」 as the address says where it is held, not an address.
            named_area = context.place_area_named(data["address"])
            if named_area is not None:
                data["address"] = ""
        if raw_postal is not None and parsing.clean(raw_postal):
            postal = parsing.parse_postal_code(raw_postal)
            if postal is None:
                self.error(
                    "postal_code",
                    "郵便番号は7桁の数字で入力してください（例：260-0013）。",
                    raw_postal,
                )
            else:
                data["postal_code"] = postal
        elif address_postal or raw_postal is not None:
            data["postal_code"] = address_postal
        before_town = data.get("town")
        raw_town = self.raw("town")
        if raw_town is not None and parsing.clean(raw_town):
            town_code = parsing.clean(raw_town)
            town = context.towns_by_code.get(town_code)
            if town is None:
                self.error("town", f"町丁目コード「{town_code}」はありません。", town_code)
            else:
                data["town"] = town.pk
        elif raw_address is not None and (
            self.row.before is None
            or data["address"] != self.row.before.get("address")
            or raw_town is not None
        ):
            town = context.match_town(data["address"]) if data["address"] else None
            data["town"] = town.pk if town else None
            if data["address"] and town is None:
                self.warn(
                    "address",
                    "住所から町丁目が分かりませんでした。あとで画面から選んでください。",
                    data["address"],
                )
        self.point(before_town)
        self.place_area(named_area, raw_address)
        raw = self.raw("served_areas")
        if raw is not None:
            codes = []
            for word in parsing.split_words(raw):
                code = (
                    word
                    if word in context.areas
                    else context.area_names.get(parsing.match_key(word))
                )
                if code is None:
                    self.error(
                        "served_areas",
                        f"対応地域「{word}」はありません。",
                        word,
                    )
                else:
                    codes.append(code)
            data["served_areas"] = sorted(set(codes))

    def place_area(self, named_area: Area | None, raw_address: str | None) -> None:
        """開催地域: from its own column, else from an address that is only a ward or 圏域.
        Never a served area: a salon held in 美浜区 does not come to homes there."""
        raw = self.raw("place_area")
        if raw is not None and parsing.clean(raw):
            area = self.context.place_area_named(parsing.clean(raw))
            if area is None:
                self.error(
                    "place_area",
                    (
                        f"開催地域「{parsing.tidy(raw)[:40]}」はありません。この市区町村の区か圏域の名前"
                        "（またはコード）にしてください。"
                    ),
                    parsing.tidy(raw)[:40],
                )
            else:
                self.data["place_area"] = area.pk
        elif named_area is not None:
            self.data["place_area"] = named_area.pk
            self.warn(
                "address",
                (
                    "住所が区・圏域の名前だけなので、「開催地域」（開催している区・圏域）に入れます。"
                    "家まで来てくれる「対応地域」にはしません。"
                ),
                parsing.tidy(raw_address or ""),
            )
        elif raw is not None:
            self.data["place_area"] = None

    def point(self, before_town: int | None) -> None:
        data = self.data
        coords: dict[str, float | None] = {}
        for key, low, high in (("lat", 20, 46), ("lng", 122, 154)):
            raw = self.raw(key)
            if raw is None:
                continue
            text = parsing.clean(raw)
            if not text:
                coords[key] = None
                continue
            try:
                value = float(text)
            except ValueError:
                value = None
            if value is None or not low <= value <= high:
                self.error(
                    key,
                    f"{low}から{high}までの数で入力してください。",
                    raw,
                )
                continue
            old = (self.row.before or {}).get(key)
            coords[key] = old if old is not None and abs(old - value) < 5e-7 else value
        if ("lat" in coords) != ("lng" in coords) or (
            coords and (coords.get("lat") is None) != (coords.get("lng") is None)
        ):
            self.error("lng", "緯度と経度は両方入力してください。")
            return
        moved = coords and (coords["lat"], coords["lng"]) != (data.get("lat"), data.get("lng"))
        if moved:
            data["lat"], data["lng"] = coords["lat"], coords["lng"]
            data["point_precision"] = Resource.PointPrecision.MANUAL if coords["lat"] else ""
        town = self.context.towns_by_pk.get(data.get("town"))
        town_moved = self.row.before is None or data.get("town") != before_town
        follows = data.get("lat") is None or data.get("point_precision") in (
            Resource.PointPrecision.TOWN,
            "",
        )
        if town is not None and town.lat is not None and not moved and town_moved and follows:
            data["lat"], data["lng"] = town.lat, town.lng
            data["point_precision"] = Resource.PointPrecision.TOWN
        if data.get("lat") is None:
            data["point_precision"] = ""
