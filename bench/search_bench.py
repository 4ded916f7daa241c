"""Search benchmark: the search page end to end and the search query alone, against a naive
scan that gives the same answers, at 1,000 and 100,000 resources (not a test: it prints
figures).

    .venv/bin/python bench/search_bench.py [--sizes 1000 100000] [--repeat 5] [--mixed] [--reindex]

Each size gets its own SQLite file under bench/out/ (built once, reused); with DATABASE_URL set
the run uses that database instead (one size at a time is kept there). A size of N puts all N
resources in 千葉市: the worst case for one city. --mixed adds an installation of 100,000
resources where 千葉市 holds the demo's 1,234 and 船橋市 the rest: a search in 千葉市 should cost
what it costs in a 1,000-resource installation, since every search is scoped to its city.

The naive baseline (bench/baselines.py) reads the words as the search does (folding,
synonyms, the 1,000 cap, nearest matches, relevance) but tests them on every row of the city
that meets the conditions instead of reading posting lists. Before timing, every query's
answer from both is compared (count, 「1,000件以上」, nearest matches, the page's ids in
order); if any differs, the differences are printed and no comparison is.

Pages are made every time (page keeping off) but their resource cards are kept as HTML as on
the site (directory/cardcache.py); `SASAEAI_KEEP_CARDS=0` makes every card every time too.

--reindex also times a reindex of every resource (search.reindex: bigrams, whole-word tokens
through the analyser, search columns), as after an import or `manage.py reindex`.
"""

from __future__ import annotations

import argparse
import os
import platform
import secrets
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "bench" / "out"

MIX = [
    {"q": "体操"},
    {"q": "ごみ出し"},
    {"q": "認知症カフェ"},
    {"q": "ｶﾌｪ"},
    {"q": "配食", "area": "121011"},
    {"q": "サロン 茶話会"},
    {"q": "一人暮らしで倒れたら心配"},
    {"category": "5"},
    {"category": "3.2", "area": "121002-弁天"},
    {"area": "121061"},
    {"area": "121011-院内一丁目"},
    {"day": "wed", "category": "5.1.1"},
    {"day": "sat", "time": "am"},
    {"q": "体操", "day": "tue", "free": "1"},
    {"q": "麻雀", "order": "next"},
    {"category": "1", "order": "confirmed"},
]


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores, {cpu}, Python {platform.python_version()}"


def setup_django(db_file: Path | None) -> None:
    if db_file is not None:
        os.environ["DATABASE_URL"] = f"sqlite:///{db_file}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sasaeai.settings")
    # The settings want a key of the site's own; a bench's sessions live only as long as it.
    os.environ.setdefault("SASAEAI_SECRET_KEY", secrets.token_urlsafe(50))
    # Every page made, as for a search nobody made in the last minute: a kept page
    # (directory/pagecache.py) would time the cache, not the search.
    os.environ["SASAEAI_KEEP_PAGES"] = "0"
    import django

    django.setup()


FUNABASHI = ("千葉県", "船橋市", "12204")


def build_mixed(size: int) -> None:
    from django.core.management import call_command

    from areas.loader import load_municipality
    from directory.demo import generate_resources, load_chiba_demo
    from directory.models import Resource

    call_command("migrate", verbosity=0)
    if not Resource.objects.filter(municipality__code="121002").exists():
        load_chiba_demo()
    funabashi = load_municipality(*FUNABASHI)
    have = Resource.objects.count()
    if have < size:
        started = time.perf_counter()
        generate_resources(size - have, municipality_code=funabashi.code, reindex=True)
        print(f"  built {size - have:,} 船橋市 resources in {time.perf_counter() - started:.0f} s")


def build(size: int) -> None:
    from django.core.management import call_command

    from areas.models import Area
    from directory.demo import generate_resources, load_chiba_demo
    from directory.models import Resource

    call_command("migrate", verbosity=0)
    have = Resource.objects.count()
    if not Area.objects.filter(code="121002").exists() or have == 0:
        load_chiba_demo(count=0)
        have = Resource.objects.count()
    if have < size:
        started = time.perf_counter()
        generate_resources(size - have, reindex=True)
        print(f"  built {size - have:,} resources in {time.perf_counter() - started:.0f} s")


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]


def measure(fn, repeat: int) -> list[float]:
    timings = []
    for params in MIX:
        fn(params)  # warm
        for _ in range(repeat):
            started = time.perf_counter()
            fn(params)
            timings.append((time.perf_counter() - started) * 1000)
    return timings


def time_reindex() -> None:
    from directory import search
    from directory.models import Resource

    ids = list(Resource.objects.order_by("pk").values_list("pk", flat=True))
    started = time.perf_counter()
    search.reindex(ids)
    print(f"  reindexed {len(ids):,} resources in {time.perf_counter() - started:.1f} s")


def run_size(size: int, repeat: int) -> None:
    from django.conf import settings
    from django.http import QueryDict
    from django.test import Client

    from bench.baselines import answer_of, differences, naive_find
    from directory import search
    from directory.forms import SearchForm
    from directory.models import Resource

    def criteria_of(params):
        criteria, _page = SearchForm(QueryDict(urlencode(params))).criteria()
        return criteria

    client = Client()

    def page(params):
        response = client.get("/search/?" + urlencode(params))
        assert response.status_code == 200
        return response.content

    page_size = settings.SASAEAI_PAGE_SIZE
    # The naive baseline must give every query the very answer the search gives (count,
    # 「1,000件以上」, nearest matches, the page's resources in order): a speed-up between
    # different answers means nothing, so without that no comparison is printed.
    answers = [
        (
            "&".join(f"{k}={v}" for k, v in p.items()),
            answer_of(search.find(criteria_of(p), 1, page_size)),
            naive_find(criteria_of(p), page_size),
        )
        for p in MIX
    ]
    differ = differences(answers)
    results = {
        "page (request → HTML)": measure(page, repeat),
        "query (search.find)": measure(lambda p: search.find(criteria_of(p), 1, page_size), repeat),
    }
    if not differ:
        results["naive scan, same answers"] = measure(
            lambda p: naive_find(criteria_of(p), page_size), repeat
        )
    total = Resource.objects.count()
    chiba = Resource.objects.filter(municipality__code="121002").count()
    print(
        f"\n## {total:,} resources, {chiba:,} of them in 千葉市 where the searches run "
        f"({len(MIX)} queries × {repeat} runs each)"
    )
    print(f"{'what':28} {'median ms':>10} {'p95 ms':>10}")
    for name, timings in results.items():
        print(f"{name:28} {statistics.median(timings):10.1f} {percentile(timings, 95):10.1f}")
    if differ:
        print("the naive baseline answers differently, so it is not compared:")
        print("\n".join(differ))
        return
    print(f"the naive scan gave the same answer to all {len(MIX)} queries")
    q_med = statistics.median(results["query (search.find)"])
    n_med = statistics.median(results["naive scan, same answers"])
    print(f"query vs naive: {n_med / q_med:.1f}× faster at the median")
    keyword = [i for i, p in enumerate(MIX) if p.get("q")]
    per = repeat
    ours = [t for i in keyword for t in results["query (search.find)"][i * per : (i + 1) * per]]
    base = [
        t for i in keyword for t in results["naive scan, same answers"][i * per : (i + 1) * per]
    ]
    print(
        f"keyword queries only: ours median {statistics.median(ours):.1f} ms, "
        f"naive {statistics.median(base):.1f} ms ({statistics.median(base) / statistics.median(ours):.1f}×)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 100_000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--mixed", action="store_true", help="also the 100,000-resource installation"
    )
    parser.add_argument("--reindex", action="store_true", help="also time a full reindex")
    args = parser.parse_args()
    print(f"# sasaeai search benchmark — {machine()}")
    external = bool(os.environ.get("DATABASE_URL"))
    if external:
        print("database: DATABASE_URL (one size per run)")
    OUT.mkdir(parents=True, exist_ok=True)
    for size in args.sizes:
        if external:
            setup_django(None)
        else:
            # Each size in its own process state: Django binds one database per process.
            if os.fork() == 0:
                setup_django(OUT / f"bench-{size}.sqlite3")
                build(size)
                if args.reindex:
                    time_reindex()
                run_size(size, args.repeat)
                os._exit(0)
            os.wait()
            continue
        build(size)
        if args.reindex:
            time_reindex()
        run_size(size, args.repeat)
    if args.mixed and not external:
        if os.fork() == 0:
            setup_django(OUT / "bench-mixed-100000.sqlite3")
            build_mixed(100_000)
            run_size(100_000, args.repeat)
            os._exit(0)
        os.wait()


if __name__ == "__main__":
    main()
