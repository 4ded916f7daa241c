"""How often the words people use find the right kind of resource.

For every line of queries.tsv, run the site's search (relevance order, default municipality)
and check that a resource of one of the expected categories is among the top 5.

    .venv/bin/python search_eval/evaluate.py          # on the current database (make run's)
"""

from __future__ import annotations

import csv
import os
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUERIES = Path(__file__).with_name("queries.tsv")
TOP = 5


@dataclass
class Case:
    query: str
    codes: list[str]
    comment: str


@dataclass
class Verdict:
    case: Case
    top_codes: list[set[str]]

    @property
    def hit(self) -> bool:
        return any(
            code == want or code.startswith(want + ".")
            for codes in self.top_codes
            for code in codes
            for want in self.case.codes
        )


def cases(path: Path = QUERIES) -> list[Case]:
    with path.open(encoding="utf-8") as handle:
        rows = csv.DictReader(handle, delimiter="\t")
        return [Case(r["query"], r["codes"].split(), r.get("comment") or "") for r in rows]


def evaluate() -> list[Verdict]:
    from directory import search
    from directory.forms import default_municipality

    municipality = default_municipality()
    verdicts = []
    for case in cases():
        outcome = search.run(search.Criteria(municipality=municipality, q=case.query), 1, TOP)
        top = [{c.code for c in r.categories.all()} for r in outcome.resources[:TOP]]
        verdicts.append(Verdict(case, top))
    return verdicts


def report(verdicts: list[Verdict]) -> str:
    hits = sum(v.hit for v in verdicts)
    lines = [
        f"hit rate: {hits}/{len(verdicts)} = {hits / len(verdicts):.0%} (expected category in top {TOP})"
    ]
    lines += [
        f"  MISS {v.case.query} (want {' '.join(v.case.codes)}; got {[sorted(c) for c in v.top_codes]})"
        for v in verdicts
        if not v.hit
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sasaeai.settings")
    import django

    django.setup()
    print(report(evaluate()))
