"""The workshop board of a 協議体 meeting: its cards as JSON for the live page, and the
changes a facilitator makes — add a card, place it on the map, move it to the other column,
turn it into a 地域課題 or a resource draft. Every change is a version of the card
(fieldwork/editing.py): area-checked, refused when stale, restorable."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Avg
from django.urls import reverse

from areas.models import Area
from directory.models import Resource
from fieldwork import editing
from fieldwork.council_models import BoardCard, Meeting
from fieldwork.models import LocalIssue, Version
from office import editing as office_editing

# Where a map opens when the area has no point of its own (千葉市役所).
DEFAULT_CENTER = (35.6073, 140.1063)


class AlreadyConvertedError(ValueError):
    """The card was already turned into a 地域課題 or a resource draft."""


def center_of(area: Area) -> tuple[float, float]:
    """The middle of an area: its own point, else the mean of its towns' points."""
    if area.lat is not None and area.lng is not None:
        return (area.lat, area.lng)
    towns = Area.objects.filter(
        path__startswith=area.path, kind=Area.Kind.TOWN, lat__isnull=False, lng__isnull=False
    ).aggregate(lat=Avg("lat"), lng=Avg("lng"))
    if towns["lat"] is not None:
        return (float(towns["lat"]), float(towns["lng"]))
    return DEFAULT_CENTER


def live_cards(meeting: Meeting):
    return meeting.cards.live().select_related("town", "issue", "resource").order_by("pk")


def card_json(card: BoardCard) -> dict[str, Any]:
    return {
        "id": card.pk,
        "column": card.column,
        "column_label": card.get_column_display(),
        "title": card.title,
        "note": card.note,
        "place": card.place_text,
        "lat": float(card.latitude) if card.latitude is not None else None,
        "lng": float(card.longitude) if card.longitude is not None else None,
        "version": card.version,
        "issue": reverse("fieldwork-issue", args=[card.issue_id]) if card.issue_id else None,
        "resource": reverse("office-resource", args=[card.resource_id])
        if card.resource_id
        else None,
        "place_url": reverse("fieldwork-card-place", args=[card.pk]),
        "edit_url": reverse("fieldwork-card", args=[card.pk]),
    }


def board_json(meeting: Meeting, *, can_edit: bool) -> dict[str, Any]:
    lat, lng = center_of(meeting.area)
    return {
        "meeting": meeting.pk,
        "title": str(meeting),
        "can_edit": can_edit,
        "center": [lat, lng],
        "cards": [card_json(card) for card in live_cards(meeting)],
    }


def add_card(meeting: Meeting, user, data: dict[str, Any], place: dict | None) -> BoardCard:
    card = BoardCard(
        municipality=meeting.municipality,
        area=meeting.area,
        meeting=meeting,
        column=data["column"],
        title=data["title"],
        note=data.get("note", ""),
        is_sample=meeting.is_sample,
    )
    for name, value in (place or {}).items():
        setattr(card, name, value)
    editing.create(card, user)
    return card


def edit_card(card: BoardCard, user, data: dict[str, Any], place: dict | None) -> Version:
    """The card's words and column; a typed place replaces the point, an empty one keeps it."""

    def write(target: Any) -> None:
        for name in ("column", "title", "note"):
            setattr(target, name, data[name])
        for name, value in (place or {}).items():
            setattr(target, name, value)

    return editing.change(card, user, Version.Action.EDIT, write, version=data.get("version"))


def place_card(
    card: BoardCard, user, lat: Decimal, lng: Decimal, version: int | None = None
) -> Version:
    def write(target: Any) -> None:
        target.latitude, target.longitude = lat, lng

    return editing.change(
        card, user, Version.Action.EDIT, write, version=version, comment="地図に置きました"
    )


def _remember(card: BoardCard, user, name: str, value: Any, comment: str) -> None:
    editing.change(
        card,
        user,
        Version.Action.EDIT,
        lambda target: setattr(target, name, value),
        comment=comment,
    )


def card_to_issue(card: BoardCard, user) -> LocalIssue:
    """A 地域課題 from the card, its source the meeting (協議体), remembered on the card."""
    if card.converted:
        raise AlreadyConvertedError("このカードはもう地域課題か地域資源の下書きになっています。")
    meeting = card.meeting
    with transaction.atomic():
        issue = LocalIssue(
            municipality=card.municipality,
            area=card.area,
            title=card.title,
            details=card.note,
            source=LocalIssue.Source.COUNCIL,
            source_note=f"{meeting}（{meeting.held_on:%Y年%-m月%-d日}）"[:200],
            source_meeting=meeting,
            is_sample=card.is_sample,
        )
        editing.create(issue, user)
        _remember(card, user, "issue", issue, f"地域課題「{issue.title}」にしました")
    return issue


def card_to_draft(card: BoardCard, user) -> Resource:
    """A resource draft (下書き: not public) from the card, placed where the card is."""
    if card.converted:
        raise AlreadyConvertedError("このカードはもう地域課題か地域資源の下書きになっています。")
    meeting = card.meeting

    def fill(resource: Resource) -> None:
        resource.municipality = card.municipality
        resource.name = card.title
        resource.description = card.note
        resource.town = card.town
        if card.town is None and card.area.kind != Area.Kind.MUNICIPALITY:
            resource.place_area = card.area
        if card.has_point:
            resource.lat, resource.lng = float(card.latitude), float(card.longitude)  # type: ignore[arg-type]
            typed = bool(card.place_text)
            resource.point_precision = (
                Resource.PointPrecision.ADDRESS if typed else Resource.PointPrecision.MANUAL
            )
        resource.internal_note = f"協議体「{meeting}」のワークショップのカードから作りました。"

    with transaction.atomic():
        resource = office_editing.create(
            user, fill, comment=f"協議体のカード「{card.title}」から下書きを作りました"
        )
        _remember(
            card, user, "resource", resource, f"地域資源の下書き「{resource.name}」にしました"
        )
    return resource
