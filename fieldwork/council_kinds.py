"""The 協議体 records' place in fieldwork's shared tables (editing, access, the pages' names):
one `update()` line each where the tables are, so the records of issue 12 merge side by side."""

from __future__ import annotations

from fieldwork.council_models import (
    CARD_FIELDS,
    COUNCIL_FIELDS,
    MEETING_FIELDS,
    BoardCard,
    Council,
    Meeting,
)
from fieldwork.models import Record, Version

FIELDS: dict[str, list[str]] = {
    Version.Kind.COUNCIL: COUNCIL_FIELDS,
    Version.Kind.MEETING: MEETING_FIELDS,
    Version.Kind.CARD: CARD_FIELDS,
}
MODELS: dict[str, type[Record]] = {
    Version.Kind.COUNCIL: Council,
    Version.Kind.MEETING: Meeting,
    Version.Kind.CARD: BoardCard,
}
NOT_FOUND: dict[type[Record], str] = {
    Council: "この協議体は見つかりません。",
    Meeting: "この会議は見つかりません。",
    BoardCard: "このカードは見つかりません。",
}
# Per kind: the URL names of its list and detail pages, and what a page calls it.
NAMES: dict[str, tuple[str, str, str]] = {
    Version.Kind.COUNCIL: ("fieldwork-councils", "fieldwork-council", "協議体"),
    Version.Kind.MEETING: ("fieldwork-councils", "fieldwork-meeting", "協議体の会議"),
    Version.Kind.CARD: ("fieldwork-councils", "fieldwork-card", "ワークショップのカード"),
}
# Per kind: the prefix of its history pages' URL names (…-history, …-version, …-restore).
HISTORY: dict[str, str] = {
    Version.Kind.COUNCIL: "fieldwork-council",
    Version.Kind.MEETING: "fieldwork-meeting",
    Version.Kind.CARD: "fieldwork-card",
}
