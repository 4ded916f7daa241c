"""Back-office benchmark (not a test: it prints figures), on the Chiba demo in its own SQLite file.

    .venv/bin/python bench/office_bench.py [--count 1200] [--repeat 40]

- saving an edit through office.editing.change (version check, snapshot, revision, reindex)
  against the naive save a plain admin would do (Resource.save() + reindex, no history);
- address → 町丁目 with areas.addresses.match_town (cached town index) against a naive
  match that reads the city's towns from the database for every address;
- the coordinator's dashboard and resource list pages, end to end through Django.
Each naive baseline is timed only when it gives the product's result (the same resource
saved; every address placed in the same 町丁目); otherwise the bench says so instead.
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from search_bench import machine  # noqa: E402

OUT = ROOT / "bench" / "out"


def setup(count: int) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    db = OUT / f"office-{count}.sqlite3"
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{db}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sasaeai.settings")
    os.environ.setdefault("SASAEAI_SECRET_KEY", secrets.token_urlsafe(50))  # a run's own
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from directory.models import Resource

    if not Resource.objects.exists():
        from directory.demo import load_chiba_demo

        load_chiba_demo(count=count)


def timed(func, repeat: int) -> tuple[float, float]:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        runs.append((time.perf_counter() - start) * 1000)
    runs.sort()
    return statistics.median(runs), runs[min(len(runs) - 1, int(len(runs) * 0.95))]


def row(label: str, figures: tuple[float, float]) -> None:
    print(f"  {label:58} median {figures[0]:7.2f} ms   p95 {figures[1]:7.2f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=1200)
    parser.add_argument("--repeat", type=int, default=40)
    args = parser.parse_args()
    setup(args.count)

    from django.contrib.auth.models import User
    from django.test import Client
    from django.test.utils import setup_test_environment

    from areas import addresses
    from areas.models import Area
    from directory import search
    from directory.models import Resource, SearchToken
    from office import editing
    from office.models import Revision, Staff

    setup_test_environment()
    print(f"machine: {machine()}; database: SQLite; {Resource.objects.count():,} resources")
    chiba = Area.objects.get(code="121002")
    # A resource in the coordinator's own ward (中央区), whatever the demo's size.
    resource = (
        Resource.objects.published()
        .filter(is_sample=True, town__code__startswith="121011-")
        .order_by("pk")
        .first()
    )
    user, _ = User.objects.get_or_create(username="bench-chuo")
    staff, _ = Staff.objects.get_or_create(user=user, defaults={"role": Staff.Role.COORDINATOR})
    staff.areas.set([Area.objects.get(code="121011")])
    counter = iter(range(10**9))

    def through_office() -> None:
        editing.change(
            resource,
            user,
            Revision.Action.EDIT,
            lambda r: setattr(r, "fee_note", f"お茶代 {next(counter)}"),
            version=Resource.objects.values_list("version", flat=True).get(pk=resource.pk),
        )

    def naive_save() -> None:
        resource.fee_note = f"お茶代 {next(counter)}"
        resource.save()
        search.reindex([resource.pk])

    def state() -> tuple:
        """The saved resource as the site shows and searches it (the version number and
        time stamp aside: only the office path keeps them)."""
        row = Resource.objects.filter(pk=resource.pk).values().get()
        row.pop("version"), row.pop("updated_at")
        tokens = SearchToken.objects.filter(resource_id=resource.pk).values_list("token", flat=True)
        return sorted(row.items()), sorted(tokens)

    def saved_by(save, value: str) -> tuple:
        nonlocal counter
        counter = iter([value])
        save()
        return state()

    # The same edit both ways must leave the same resource behind, or there is no comparison.
    same_save = saved_by(naive_save, "お茶代 確認") == saved_by(through_office, "お茶代 確認")
    counter = iter(range(10**9))
    print("\nSaving one edit")
    if same_save:
        row("naive: save() + reindex, no history or version check", timed(naive_save, args.repeat))
    else:
        print("  naive save leaves another resource than office.editing.change: not compared")
    row(
        "office.editing.change: version, snapshot, revision, reindex",
        timed(through_office, args.repeat),
    )

    written = list(
        Resource.objects.filter(municipality=chiba)
        .exclude(address="")
        .values_list("address", flat=True)[:200]
    )

    def naive_match(address: str) -> int | None:
        # match_town's own rules with the towns read again for every address (no cache):
        # what the cached index saves, for the very same answers.
        addresses.clear_town_cache(chiba.pk)
        town = addresses.match_town(chiba, address)
        return town.pk if town else None

    addresses.match_town(chiba, written[0])  # build the cached index once
    print(f"\nAddress → 町丁目, {len(written)} demo addresses per run")
    # Compared only when the naive match places every address where match_town does.
    placed = [getattr(addresses.match_town(chiba, a), "pk", None) for a in written]
    differ = sum(naive_match(a) != pk for a, pk in zip(written, placed, strict=True))
    if differ:
        print(f"  naive match places {differ} of {len(written)} addresses elsewhere: not compared")
    else:
        row(
            "naive: the towns read again per address, same rules",
            timed(lambda: [naive_match(a) for a in written], 5),
        )
    addresses.match_town(chiba, written[0])  # the naive runs emptied the cache: fill it again
    row(
        "areas.addresses.match_town (cached index)",
        timed(lambda: [addresses.match_town(chiba, a) for a in written], 5),
    )
    found = sum(addresses.match_town(chiba, a) is not None for a in written)
    print(f"  match_town placed {found} of {len(written)} addresses")

    client = Client()
    client.force_login(user)
    print("\nPages for a 中央区 coordinator (end to end through Django)")
    for path in (
        "/office/",
        "/office/resources/",
        "/office/resources/?stale=12&scope=all",
        f"/office/resources/{resource.pk}/history/",
    ):
        assert client.get(path).status_code == 200, path
        row(path, timed(lambda path=path: client.get(path), args.repeat))


if __name__ == "__main__":
    main()
