"""Need phrases (data/need_phrases.tsv): is a resource of an expected kind in the top 5?

Each phrase is sent as a resident sends it, through the real request paths, on the current
database (the demo's, or make run's):

- the site: GET /search/?q=… as the search box sends it, redirects followed (conditions
  typed as words move into the URL), the result page's resources in the order shown;
- the API: GET /api/hsds/services?search=…&per_page=5 (its default order for a search).

Hit rates are per half (dev: tune on it; held: measured only), beside chance: 5 resources
drawn at random (exact expectation) and the best blind guess (the 5 categories that cover
the most phrases of the half, words ignored).

    .venv/bin/python -m search_eval.needs [--misses] [--split dev|held] [--from n193] [--to n192]

--from/--to count only the phrases from / up to those ids (a round's added rows), so a
round's new phrases can be reported apart from the ones tuned on before.
"""

from __future__ import annotations

import argparse
import csv
import math
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

PHRASES = Path(__file__).parent / "data" / "need_phrases.tsv"
TOP = 5
SPLITS = ("dev", "held")


@dataclass
class Phrase:
    id: str
    text: str
    codes: list[str]
    split: str

    def wants(self, codes: Iterable[str]) -> bool:
        """Whether a resource filed under these codes is of an expected kind (a code
        covers its sub-codes)."""
        return any(
            code == want or code.startswith(want + ".") for code in codes for want in self.codes
        )


def phrases(path: Path = PHRASES) -> list[Phrase]:
    with path.open(encoding="utf-8") as handle:
        rows = csv.DictReader(handle, delimiter="\t")
        return [Phrase(r["id"], r["phrase"], r["expected"].split(), r["split"]) for r in rows]


def _codes(ids: list[int]) -> dict[int, set[str]]:
    from directory.models import Resource

    links = Resource.categories.through.objects.filter(resource_id__in=ids)
    codes: dict[int, set[str]] = {pk: set() for pk in ids}
    for pk, code in links.values_list("resource_id", "category__code"):
        codes[pk].add(code)
    return codes


def site_top(client, text: str) -> list[int]:
    """The ids of the first TOP resources the results page shows for a typed phrase."""
    from django.urls import reverse

    response = client.get(reverse("directory-results"), {"q": text}, follow=True)
    assert response.status_code == 200, (text, response.status_code)
    return [r.pk for r in response.context["outcome"].resources[:TOP]]


def api_top(client, text: str) -> list[int]:
    from django.urls import reverse

    response = client.get(reverse("api-services"), {"search": text, "per_page": str(TOP)})
    assert response.status_code == 200, (text, response.status_code)
    return [int(item["id"]) for item in response.json()["contents"]]


def published_codes() -> list[set[str]]:
    from directory.forms import default_municipality
    from directory.models import Resource

    ids = list(
        Resource.objects.published()
        .in_municipality(default_municipality())
        .values_list("pk", flat=True)
    )
    return list(_codes(ids).values())


def random_hits(cases: list[Phrase], resources: list[set[str]]) -> float:
    """Expected hits of TOP resources drawn at random without replacement."""
    total = len(resources)
    hits = 0.0
    for case in cases:
        k = sum(case.wants(codes) for codes in resources)
        hits += 1 - math.comb(total - k, TOP) / math.comb(total, TOP)
    return hits


def blind_hits(cases: list[Phrase], resources: list[set[str]]) -> int:
    """Hits of the best blind guess: TOP categories chosen greedily for the most phrases of
    these cases, the same 5 shown whatever was typed."""
    kinds = sorted({code for codes in resources for code in codes})
    left, hits = list(cases), 0
    for _ in range(TOP):
        best = max(kinds, key=lambda code: (sum(c.wants([code]) for c in left), code))
        covered = [c for c in left if c.wants([best])]
        hits += len(covered)
        left = [c for c in left if not c.wants([best])]
    return hits


def _number(phrase_id: str) -> int:
    digits = "".join(ch for ch in phrase_id if ch.isdigit())
    return int(digits) if digits else 0


@dataclass
class Figures:
    split: str
    cases: int
    site: int
    api: int
    random: float
    blind: int
    misses: list[str]


def measure(
    split_names: Iterable[str] = SPLITS, first_id: str = "", last_id: str = ""
) -> list[Figures]:
    from django.test import Client

    client = Client()
    resources = published_codes()
    low, high = _number(first_id), _number(last_id) or math.inf
    everything = [p for p in phrases() if low <= _number(p.id) <= high]
    out = []
    for split in split_names:
        cases = [p for p in everything if p.split == split]
        site_hits = api_hits = 0
        misses = []
        for case in cases:
            site_ids, api_ids = site_top(client, case.text), api_top(client, case.text)
            codes = _codes(site_ids + api_ids)
            site_ok = any(case.wants(codes[pk]) for pk in site_ids)
            api_ok = any(case.wants(codes[pk]) for pk in api_ids)
            site_hits += site_ok
            api_hits += api_ok
            if not (site_ok and api_ok):
                where = "/".join(n for n, ok in (("site", site_ok), ("api", api_ok)) if not ok)
                got = [sorted(codes[pk]) for pk in site_ids]
                misses.append(
                    f"  MISS {where} {case.id} {case.text} (want {' '.join(case.codes)}; got {got})"
                )
        out.append(
            Figures(
                split,
                len(cases),
                site_hits,
                api_hits,
                random_hits(cases, resources),
                blind_hits(cases, resources),
                misses,
            )
        )
    return out


def report(figures: list[Figures], misses: bool = False) -> str:
    def pct(n: float, total: int) -> str:
        return f"{n:5.1f}/{total} = {n / total:4.0%}" if total else "-"

    lines = [
        f"need phrases (search_eval/data/need_phrases.tsv): an expected kind in the top {TOP}",
        f"{'half':6} {'site':>16} {'API':>16} {'random 5 (exp.)':>18} {'best blind guess':>18}",
    ]
    for f in figures:
        lines.append(
            f"{f.split:6} {pct(f.site, f.cases):>16} {pct(f.api, f.cases):>16} "
            f"{pct(f.random, f.cases):>18} {pct(f.blind, f.cases):>18}"
        )
    if misses:
        # Held misses are never listed: that half is measured, not looked into.
        for f in figures:
            if f.split == "dev":
                lines += f.misses
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="search_eval.needs", description=__doc__)
    parser.add_argument("--misses", action="store_true", help="list the dev phrases missed")
    parser.add_argument("--split", choices=SPLITS, action="append")
    parser.add_argument("--from", dest="first_id", default="", help="only ids from this on")
    parser.add_argument("--to", dest="last_id", default="", help="only ids up to this")
    args = parser.parse_args(argv)
    from search_eval.setup import django_setup

    django_setup()
    print(report(measure(args.split or SPLITS, args.first_id, args.last_id), args.misses))
    return 0


if __name__ == "__main__":
    import sys

    raise SystemExit(main(sys.argv[1:]))
