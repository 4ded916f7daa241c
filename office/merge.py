"""After an edit conflict: a three-way merge, so nobody's saved change is lost by accident.

Editor B opened version `original`; A saved since (`theirs`, what is in the database now);
B's form holds `mine`. Field by field (categories, served areas and the schedule rules each
count as one field):

- only B changed it → B's value;
- only A changed it → A's value (B's form shows it, so saving again does not undo it);
- both changed it to different values → a clash: B chooses, per field, with no default.
  A save while any clash has no choice is refused again.

The values are snapshots (office.history): plain JSON, so the three compare directly.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from directory.models import Resource, ScheduleRule
from office import history
from office.forms import MAX_VERSION
from office.models import Revision

MINE = "mine"
THEIRS = "theirs"
CHOICE_PREFIX = "merge_"

# The sentinel for "the original is not known" (a version that names no revision): then
# every field the two editors disagree on is a clash, never silently one or the other.
UNKNOWN = object()


def parse_version(value: Any) -> int | None:
    """A version from a form (a hidden field the browser sends back), or None if not one."""
    text = str(value or "").strip()
    if not (text.isascii() and text.isdigit() and len(text) <= 10):
        return None
    number = int(text)
    return number if 0 < number <= MAX_VERSION else None


def snapshot_at(resource: Resource, version: int | None) -> dict | None:
    """The resource as it was at `version` (None: no revision says).

    The latest revision at or before it: every change records one, numbered with the
    version it produced. The version the database holds now is read from the database.
    """
    if version is None:
        return None
    current = Resource.objects.filter(pk=resource.pk).values_list("version", flat=True).first()
    if version == current:
        return history.snapshot(Resource.objects.get(pk=resource.pk))
    return (
        Revision.objects.filter(resource=resource, version__lte=version)
        .order_by("-number")
        .values_list("snapshot", flat=True)
        .first()
    )


def form_values(form, rules: list[ScheduleRule]) -> dict[str, Any]:
    """A valid ResourceForm and its rules as a snapshot (only what the form edits)."""
    data: dict[str, Any] = {}
    for name in form.Meta.fields:
        if name in ("categories", "served_areas"):
            continue
        data[name] = history._plain(form.cleaned_data.get(name))
    data["categories"] = sorted(c.code for c in form.cleaned_data.get("categories") or [])
    data["served_areas"] = sorted(a.code for a in form.cleaned_data.get("served_areas") or [])
    data["rules"] = [history.rule_data(rule) for rule in rules]
    return data


@dataclass
class FieldMerge:
    """One field that differs somewhere among the three versions."""

    name: str
    label: str
    original: str  # each in words, as history shows them
    theirs: str
    mine: str
    source: str  # MINE or THEIRS: whose value is kept; "" for a clash not yet chosen
    clash: bool  # both changed it, differently: the editor must choose

    @property
    def choice_name(self) -> str:
        return CHOICE_PREFIX + self.name


class Merge:
    """The three-way merge of one resource (see the module docstring)."""

    def __init__(
        self,
        original: dict | None,
        theirs: dict,
        mine: dict,
        choices: Mapping[str, str] | None = None,
    ) -> None:
        self.theirs = theirs
        self.mine = mine
        self.fields: list[FieldMerge] = []
        self.values: dict[str, Any] = {}
        choices = choices or {}
        for name, value in mine.items():
            now = theirs.get(name)
            self.values[name] = value
            if value == now:
                continue  # the same either way: nothing to show or choose
            before = original.get(name, UNKNOWN) if original is not None else UNKNOWN
            clash = False
            if before is not UNKNOWN and value == before:
                source = THEIRS  # only they changed it
                self.values[name] = now
            elif before is not UNKNOWN and now == before:
                source = MINE  # only this editor changed it
            else:
                clash = True
                choice = choices.get(CHOICE_PREFIX + name)
                source = choice if choice in (MINE, THEIRS) else ""
                if source == THEIRS:
                    self.values[name] = now
            self.fields.append(
                FieldMerge(
                    name=name,
                    label=history.label(name),
                    original="（分かりません）"
                    if before is UNKNOWN
                    else history.display(name, before),
                    theirs=history.display(name, now),
                    mine=history.display(name, value),
                    source=source,
                    clash=clash,
                )
            )

    @property
    def clashes(self) -> list[FieldMerge]:
        return [f for f in self.fields if f.clash]

    @property
    def unresolved(self) -> list[FieldMerge]:
        return [f for f in self.fields if f.clash and not f.source]

    @property
    def taken(self) -> list[str]:
        """Fields whose value comes from the saved version (the form must show it)."""
        return [f.name for f in self.fields if f.source == THEIRS]

    @property
    def changes(self) -> list[FieldMerge]:
        """Fields changed by one side only: each keeps that side's value."""
        return [f for f in self.fields if not f.clash]

    def result(self) -> dict[str, Any]:
        """What to save: a snapshot of the form's fields (history.apply writes it)."""
        if self.unresolved:
            raise ValueError("a clash has no choice")
        return dict(self.values)
