"""Load benchmark: the site served as `make run` serves it, under wrk from a second process
(not a test: it prints figures).

    .venv/bin/python bench/load.py [--size demo|100000] [--seconds 20] [--connections 1 4]
                                   [--workers 2] [--only search]

Starts gunicorn (sasaeai.wsgi, N sync workers, no access log) on a free loopback port over
an SQLite file under bench/out/ — `demo` is the Chiba demo as `make run` loads it (built
once), `100000` is bench/search_bench.py's file of 100,000 resources in 千葉市 (built by
`bench/search_bench.py --sizes 100000` first) — or over DATABASE_URL when it is set. Each
URL is run for a fixed time at each number of connections with `wrk --latency` (Debian's
wrk; `make bench` installs it), and the table gives requests a second, p50 and p99 latency,
errors (non-2xx answers and socket errors) and the peak private memory of each worker
(Private_Clean + Private_Dirty of /proc/<pid>/smaps_rollup, sampled every 0.2 s). The bare
template (/about/) runs first: every other rate reads against it, measured in the same run.
Every URL is fetched once before it is loaded and must answer 200.

wrk asks for one URL again and again, so with the site's defaults it times kept pages
(directory/pagecache.py: a minute per URL for visitors without a session or a マイリスト).
`SASAEAI_KEEP_PAGES=0 bench/load.py …` times every page made, as for a search nobody made in
the last minute; the README quotes both. A made page still serves the resource cards and API
objects kept as HTML/JSON (directory/cardcache.py, api/kept.py); `SASAEAI_KEEP_CARDS=0` as
well makes those every time too (docs/benchmarks.md compares the two in one run).
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "bench" / "out"
BIN = ROOT / ".venv" / "bin"

from bench.search_bench import machine  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def env_for(database_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        SASAEAI_SECRET_KEY=env.get("SASAEAI_SECRET_KEY") or secrets.token_urlsafe(50),
        DJANGO_SETTINGS_MODULE="sasaeai.settings",
    )
    env.pop("SASAEAI_DEBUG", None)
    return env


def demo_database() -> str:
    """The Chiba demo, as `make run` loads it, in its own file (built once)."""
    db = OUT / "load-demo.sqlite3"
    url = f"sqlite:///{db}"
    if not db.exists():
        env = env_for(url)
        for args in (["migrate", "--noinput", "-v", "0"], ["load_demo", "--if-empty"]):
            subprocess.run([str(BIN / "python"), "manage.py", *args], cwd=ROOT, env=env, check=True)
    return url


def urls(database_url: str) -> list[tuple[str, str]]:
    """(label, path) of the URL set, with a real resource and area of the database."""
    code = (
        "import django; django.setup();"
        "from directory.models import Resource;"
        "r = Resource.objects.filter(status='published', municipality__code='121002')"
        ".exclude(town=None).order_by('pk').first();"
        "print(r.pk)"
    )
    out = subprocess.run(
        [str(BIN / "python"), "-c", code],
        cwd=ROOT,
        env=env_for(database_url),
        check=True,
        capture_output=True,
        text=True,
    )
    resource = out.stdout.strip().splitlines()[-1]
    combined = urlencode({"q": "体操", "area": "121011", "day": "tue"})
    return [
        ("/about/ (bare template)", "/about/"),
        ("/ (TOP)", "/"),
        ("/search/?q=囲碁", "/search/?q=" + quote("囲碁")),
        ("/search/?q=体操", "/search/?q=" + quote("体操")),
        ("/search/?q=体操&area=中央区&day=tue", "/search/?" + combined),
        ("/search/?near=260-0031&within=1000", "/search/?near=260-0031&within=1000"),
        ("/resources/<id>/", f"/resources/{resource}/"),
        ("/api/hsds/services?search=体操", "/api/hsds/services?search=" + quote("体操")),
    ]


class Memory(threading.Thread):
    """Peak private memory (MB) of each gunicorn worker while the load runs."""

    def __init__(self, master: int) -> None:
        super().__init__(daemon=True)
        self.master = master
        self.peak: dict[int, float] = {}
        self.running = True

    def workers(self) -> list[int]:
        children = Path(f"/proc/{self.master}/task/{self.master}/children")
        try:
            return [int(p) for p in children.read_text().split()]
        except OSError:
            return []

    def run(self) -> None:
        while self.running:
            for pid in self.workers():
                try:
                    text = Path(f"/proc/{pid}/smaps_rollup").read_text()
                except OSError:
                    continue
                kb = sum(
                    int(m.group(1)) for m in re.finditer(r"^Private_\w+:\s+(\d+) kB", text, re.M)
                )
                self.peak[pid] = max(self.peak.get(pid, 0.0), kb / 1024)
            time.sleep(0.2)


def wrk(base: str, path: str, connections: int, seconds: int) -> dict[str, float]:
    out = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", base + path],
        check=True,
        capture_output=True,
        text=True,
    ).stdout

    def ms(label: str) -> float:
        m = re.search(rf"^\s*{label}\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        if not m:
            return float("nan")
        value, unit = float(m.group(1)), m.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    rate = re.search(r"Requests/sec:\s+([\d.]+)", out)
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    errors = int(non2xx.group(1)) if non2xx else 0
    errors += sum(int(g) for g in sock.groups()) if sock else 0
    return {
        "rate": float(rate.group(1)) if rate else 0.0,
        "p50": ms("50%"),
        "p99": ms("99%"),
        "errors": errors,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", default="demo", help="demo or 100000")
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--connections", type=int, nargs="+", default=[1, 4])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--only", default="", help="only URLs whose label holds this")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: make bench installs it (./scripts/system-deps.sh wrk)")
    OUT.mkdir(parents=True, exist_ok=True)
    if os.environ.get("DATABASE_URL"):
        database_url = os.environ["DATABASE_URL"]
    elif args.size == "demo":
        database_url = demo_database()
    else:
        db = OUT / f"bench-{args.size}.sqlite3"
        if not db.exists():
            sys.exit(f"{db.name} is missing: run bench/search_bench.py --sizes {args.size} first")
        database_url = f"sqlite:///{db}"
    chosen = [u for u in urls(database_url) if not args.only or args.only in u[0]]
    if chosen[0][1] != "/about/":
        chosen.insert(0, ("/about/ (bare template)", "/about/"))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "sasaeai.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--timeout",
            "120",
        ],
        cwd=ROOT,
        env=env_for(database_url),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    memory = Memory(server.pid)
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/about/", timeout=5)
                break
            except OSError:
                time.sleep(0.1)
        for _label, path in chosen:  # warm every worker's caches; every URL must answer 200
            for _ in range(args.workers * 2):
                with urllib.request.urlopen(base + path, timeout=120) as response:
                    assert response.status == 200, path
        memory.start()
        print(f"# sasaeai load benchmark — {machine()}")
        kept = os.environ.get("SASAEAI_KEEP_PAGES", "1").lower() in {"1", "true", "yes", "on"}
        print(
            f"database: {args.size if not os.environ.get('DATABASE_URL') else 'DATABASE_URL'}; "
            f"gunicorn {args.workers} sync workers; wrk 1 thread, {args.seconds} s per run; "
            f"pages {'kept a minute (site default)' if kept else 'made every time'}"
        )
        header = f"{'URL':40} {'conn':>4} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6} {'÷bare':>6}"
        print(header)
        bare: dict[int, float] = {}
        for label, path in chosen:
            for c in args.connections:
                r = wrk(base, path, c, args.seconds)
                bare.setdefault(c, r["rate"])
                share = r["rate"] / bare[c] if bare[c] else 0.0
                print(
                    f"{label:40} {c:4d} {r['rate']:8.1f} {r['p50']:8.1f} {r['p99']:8.1f} "
                    f"{int(r['errors']):6d} {share:6.2f}",
                    flush=True,
                )
        memory.running = False
        memory.join()
        peaks = ", ".join(f"{mb:.0f} MB" for mb in sorted(memory.peak.values()))
        print(f"peak private memory per worker: {peaks}")
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
