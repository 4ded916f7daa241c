"""How often the words people use find the right kind of resource, next to what chance gets.

For every line of queries.tsv, run the site's search (relevance order, default municipality)
and check that a resource of one of the expected categories is among the top 5 (hit rate),
and how many of the top 5 are (precision@5). A hit rate means little alone: the demo text
and the synonym file were written together, and a few categories hold most resources, so
the same figures are given for guesses that ignore the words:

- the 5 most frequent categories of the city's resources, whatever the query;
- the 5 categories that together cover the most lines of queries.tsv (a guess that knows
  which kinds the list wants, but not which query asks for which);
- 5 resources drawn at random (the exact expectation over every draw, not one draw);
- the site's own search with an empty synonym file (what the file adds).

    .venv/bin/python search_eval/evaluate.py          # on the current database (make run's)
"""

from __future__ import annotations

import csv
import math
import os
import secrets
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable
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

    def wants(self, codes: Iterable[str]) -> bool:
        """Whether a resource filed under these codes is of an expected kind."""
        return any(
            code == want or code.startswith(want + ".") for code in codes for want in self.codes
        )


@dataclass
class Verdict:
    case: Case
    top_codes: list[set[str]]

    @property
    def hit(self) -> bool:
        return any(self.case.wants(codes) for codes in self.top_codes)

    @property
    def precision(self) -> float:
        """Share of the TOP places holding an expected kind (an empty place counts as wrong)."""
        return sum(self.case.wants(codes) for codes in self.top_codes[:TOP]) / TOP


@dataclass
class Score:
    """A method's result over every case: expected hits (a fraction for random draws) and
    mean precision@5."""

    name: str
    hits: float
    cases: int
    precision: float

    def line(self) -> str:
        hits = f"{self.hits:.0f}" if float(self.hits).is_integer() else f"{self.hits:.1f}"
        return (
            f"{self.name:48} {hits:>5}/{self.cases} = {self.hits / self.cases:4.0%}   "
            f"precision@{TOP} {self.precision:.2f}"
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


def score(name: str, verdicts: list[Verdict]) -> Score:
    return Score(
        name,
        sum(v.hit for v in verdicts),
        len(verdicts),
        sum(v.precision for v in verdicts) / len(verdicts),
    )


def published_codes() -> list[set[str]]:
    """The category codes of each published resource of the default municipality."""
    from directory.forms import default_municipality
    from directory.models import Resource

    links = Resource.categories.through.objects.filter(
        resource__in=Resource.objects.published().in_municipality(default_municipality())
    ).values_list("resource_id", "category__code")
    codes: dict[int, set[str]] = {}
    for resource_id, code in links:
        codes.setdefault(resource_id, set()).add(code)
    ids = Resource.objects.published().in_municipality(default_municipality())
    return [codes.get(pk, set()) for pk in ids.values_list("pk", flat=True)]


def guess(name: str, categories: list[str]) -> Score:
    """The same TOP categories shown for every query, one resource of each."""
    return score(name, [Verdict(case, [{c} for c in categories]) for case in cases()])


def random_draw(resources: list[set[str]]) -> Score:
    """TOP resources drawn at random without replacement: the exact expected hit rate
    (1 - C(N-K, 5) / C(N, 5), K the resources of an expected kind) and precision (K / N)."""
    total = len(resources)
    hits = precision = 0.0
    for case in cases():
        k = sum(case.wants(codes) for codes in resources)
        hits += 1 - math.comb(total - k, TOP) / math.comb(total, TOP)
        precision += k / total
    n = len(cases())
    return Score(f"{TOP} random resources (expected)", hits, n, precision / n)


def without_synonyms() -> Score:
    """The site's own search with an empty synonym file."""
    from django.test import override_settings

    with tempfile.TemporaryDirectory() as folder:
        empty = Path(folder) / "synonyms.txt"
        empty.write_text("", encoding="utf-8")
        with override_settings(SASAEAI_SYNONYMS_FILE=empty):
            return score("the search, empty synonym file", evaluate())


def best_blind_guess(resources: list[set[str]]) -> list[str]:
    """TOP categories (as resources are filed) picked one by one for the most queries hit
    that the ones before missed: a guess that knows which kinds the queries want, not
    which query asks."""
    kinds = sorted({code for codes in resources for code in codes})
    left, chosen = list(cases()), []
    for _ in range(TOP):
        best = max(kinds, key=lambda code: (sum(c.wants([code]) for c in left), code))
        chosen.append(best)
        left = [c for c in left if not c.wants([best])]
    return chosen


def baselines() -> list[Score]:
    resources = published_codes()
    frequent = Counter(code for codes in resources for code in codes)
    return [
        guess(
            f"{TOP} most frequent categories (words ignored)",
            [code for code, _n in frequent.most_common(TOP)],
        ),
        guess(f"{TOP} best categories for this list (words ignored)", best_blind_guess(resources)),
        random_draw(resources),
        without_synonyms(),
    ]


def report(verdicts: list[Verdict], chance: list[Score] | None = None) -> str:
    ours = score("the search", verdicts)
    lines = [f"expected category in the top {TOP} (hit rate) and precision@{TOP}:", ours.line()]
    if chance:
        lines += [score.line() for score in chance]
    lines += [
        f"  MISS {v.case.query} (want {' '.join(v.case.codes)}; got {[sorted(c) for c in v.top_codes]})"
        for v in verdicts
        if not v.hit
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sasaeai.settings")
    # The settings want a key of the site's own; this run signs nothing that outlives it.
    os.environ.setdefault("SASAEAI_SECRET_KEY", secrets.token_urlsafe(50))
    import django

    django.setup()
    print(report(evaluate(), baselines()))
