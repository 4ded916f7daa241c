"""How well the importer reads real 開催日時 cells: transfer.parsing.parse_schedule against
data/schedule_cells.jsonl (536 cells from 244 municipalities, annotated by hand).

A cell (with its `time_cell`, when a city gives the time in its own column, joined after a
space) is read right when the set of rules the parser makes equals the annotated set on the
fields a ScheduleRule holds: freq, weekdays, nths, month_days, interval, opens_at, closes_at,
except_months, months (only in some months), dates (freq "dates", one-off days) and
except_holidays (祝日を除く). The rule's note is not compared.

One-off dates whose year the cell does not write (「7月21日(金)」, the year only in the page's
issue date) cannot be read into dates: the parser must make no rule for them and keep their
text (leftover, which becomes 日程の補足). Such cells are counted as "no year".

An invented rule is a rule made for a cell whose expected set is empty (must be 0).

Both halves are judged by the same function (`judge` reads a cell's text and annotation, never
its split; "no year" depends on the text only); the split only chooses the table a cell is
counted in, and `--misses` prints dev cells only.

A cell of a closing-days column (`column` 「休業日」…) is given with the column's name before it.

Round 8 on dev 460 / held 76: dev 432/460, held 57/76, invented 0 and 0; the 69 new cells
as they came 60/69 (after auditing s519-s522) with 1 invented rule, after round 8 68/69.
Round 7 on dev 391 / held 76: dev 360/391, held 57/76, invented 0 and 0; the 76 new cells
as they came (round-6 parser) 33/76 with 9 invented rules, after round 7 58/76.
Round 6 on dev 315 / held 76: dev 302/315, held 57/76, invented 0 and 0.
Round 5 on dev 281 / held 76: dev 273/281, held 57/76, invented 0 and 0.
Round 4 on dev 281 / held 76: always no rule dev 72/281, held 11/76; the parser after round 4
dev 269/281, held 56/76, invented 0 and 1 (search_eval/README.md).
Baselines on dev 234 / held 76 (round 3): always no rule dev 61/234 (26%), held 11/76 (14%);
the parser at 89452a6, before round 3: dev 207/234, held 51/76, invented 1 and 0.
Earlier, on dev 164 / held 76 (cells read right, judged on every field as above):
- always no rule: dev 52/164 (32%), held 9/76 (12%) (printed as no-rule).
- the parser at efb8ce6, before months, dates and holidays: dev 122/164 (74%), held 39/76
  (51%); invented rules 0 and 0.

    .venv/bin/python search_eval/schedules.py            # summary per split and class
    .venv/bin/python search_eval/schedules.py --misses   # also the dev cells read wrong
    .venv/bin/python search_eval/schedules.py --split dev --from s392   # dev only, one round's cells

Tune on dev only; held is measured, never looked at to tune.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from transfer.parsing import Schedule, parse_schedule  # noqa: E402

CELLS = Path(__file__).with_name("data") / "schedule_cells.jsonl"
YEAR = re.compile(r"(?:令和|平成|R)\s*(?:\d{1,2}|元)\s*[年./]|\d{4}\s*[年/.-]")


def load(path: Path = CELLS) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


# A column that lists closing days (長岡京市's 「休業日」 beside 「業務時間」): its cells name the
# days off, which only the column's name says; the importer is given that name with them.
CLOSING_COLUMNS = re.compile(r"休業日|休館日|定休日|休所日|閉館日")


def text_of(cell: dict[str, Any]) -> str:
    """The cell as the importer sees it; a separate time column follows after a space, and a
    closing-days column's name goes before its cell (「休業日：日曜日…」)."""
    text = str(cell["cell"])
    if CLOSING_COLUMNS.fullmatch(cell.get("column", "")) and not CLOSING_COLUMNS.match(text):
        text = f"{cell['column']}：{text}"
    if cell.get("time_cell"):
        return f"{text} {cell['time_cell']}"
    return text


def text_has_year(cell: dict[str, Any]) -> bool:
    return bool(YEAR.search(unicodedata.normalize("NFKC", text_of(cell))))


def representable(rule: dict[str, Any], cell: dict[str, Any]) -> bool:
    """False for one-off dates whose year the cell's text does not give."""
    return rule["freq"] != "dates" or text_has_year(cell)


def key(rule: dict[str, Any]) -> tuple:
    """A rule on the fields the model holds (defaults as directory.schedules.empty_rule)."""
    return (
        rule["freq"],
        tuple(sorted(rule.get("weekdays") or [])),
        tuple(sorted(rule.get("nths") or [])),
        tuple(sorted(rule.get("month_days") or [])),
        rule.get("interval") or 1,
        rule.get("opens_at"),
        rule.get("closes_at"),
        tuple(sorted(rule.get("except_months") or [])),
        tuple(sorted(rule.get("months") or [])),
        tuple(sorted(rule.get("dates") or [])),
        bool(rule.get("except_holidays")),
    )


@dataclass
class Verdict:
    right: bool
    invented: bool
    unrepresentable: bool  # one-off dates without a year in the text
    kept: bool  # their text kept (leftover or note)


def judge(cell: dict[str, Any], parsed: Schedule) -> Verdict:
    expected = [r for r in cell["rules"] if representable(r, cell)]
    beyond = len(expected) < len(cell["rules"])
    kept_text = " ".join(parsed.leftover + [r.get("note", "") for r in parsed.rules])
    kept = True
    if beyond:
        kept = bool(parsed.leftover)
    got = sorted(key(r) for r in parsed.rules)
    want = sorted(key(r) for r in expected)
    if not cell["rules"]:
        kept = bool(kept_text.strip())  # 「不定期」「随時」: no rule, the words kept
    return Verdict(
        right=got == want and kept,
        invented=bool(parsed.rules) and not expected,
        unrepresentable=beyond,
        kept=kept,
    )


@dataclass
class Tally:
    cells: int = 0
    right: int = 0
    invented: int = 0
    beyond: int = 0
    beyond_kept: int = 0
    nothing_right: int = 0  # "always no rule" reads it right

    def add(self, verdict: Verdict, empty_right: bool) -> None:
        self.cells += 1
        self.right += verdict.right
        self.invented += verdict.invented
        self.beyond += verdict.unrepresentable
        self.beyond_kept += verdict.unrepresentable and verdict.kept
        self.nothing_right += empty_right

    def line(self, name: str) -> str:
        share = f"{100 * self.right / self.cells:3.0f}%" if self.cells else "  -"
        return (
            f"{name:<18}{self.cells:>5}{self.right:>6} {share}{self.invented:>9}"
            f"{self.nothing_right:>9}{self.beyond:>8}{self.beyond_kept:>6}"
        )


def evaluate(
    cells: list[dict[str, Any]], parse: Callable[[str], Schedule] = parse_schedule
) -> dict[str, dict[str, Tally]]:
    """{split: {"all" or class: Tally}}."""
    tallies: dict[str, dict[str, Tally]] = defaultdict(lambda: defaultdict(Tally))
    for cell in cells:
        verdict = judge(cell, parse(text_of(cell)))
        empty_right = not any(representable(r, cell) for r in cell["rules"])
        for name in ["all", *cell["class"]]:
            tallies[cell["split"]][name].add(verdict, empty_right)
    return tallies


def option(argv: list[str], name: str) -> str | None:
    """The value after `name` in argv (`--from s392`), or None."""
    if name in argv and argv.index(name) + 1 < len(argv):
        return argv[argv.index(name) + 1]
    return None


def number(cell_id: str) -> int:
    return int(cell_id.lstrip("s"))


def within(cells: list[dict[str, Any]], argv: list[str]) -> list[dict[str, Any]]:
    """The cells of one round apart: `--from s392` and `--to s391` (ids, both ends kept)."""
    first, last = option(argv, "--from"), option(argv, "--to")
    return [
        cell
        for cell in cells
        if (first is None or number(cell["id"]) >= number(first))
        and (last is None or number(cell["id"]) <= number(last))
    ]


def main(argv: list[str]) -> int:
    cells = within(load(), argv)
    tallies = evaluate(cells)
    header = (
        f"{'':<18}{'cells':>5}{'right':>11}{'invented':>9}{'no-rule':>9}{'noyear':>8}{'kept':>6}"
    )
    # `--split dev` while tuning: held is measured once, at the end of a round.
    splits = [option(argv, "--split")] if option(argv, "--split") else ["dev", "held"]
    for split in splits:
        print(f"== {split}")
        print(header)
        print(tallies[split]["all"].line("all"))
        for name in sorted(n for n in tallies[split] if n != "all"):
            print(tallies[split][name].line("  " + name))
    print(
        "\nright: every rule matches on the fields the model holds; invented: a rule where"
        "\nthe annotation has none; no-rule: what 'always no rule' gets right; noyear: cells"
        "\nwith one-off dates whose year the text does not give; kept: their text kept."
    )
    if "--misses" in argv:
        print("\n== dev cells read wrong")
        for cell in cells:
            if cell["split"] != "dev":
                continue
            parsed = parse_schedule(text_of(cell))
            if not judge(cell, parsed).right:
                print(f"{cell['id']} {text_of(cell)!r}")
                print(f"   want {[key(r) for r in cell['rules'] if representable(r, cell)]}")
                print(f"   got  {[key(r) for r in parsed.rules]} left {parsed.leftover}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
