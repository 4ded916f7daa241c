"""directory/search/ across processes: what one worker publishes, another finds at once.

`make run` serves with two gunicorn workers, each with its own planner statistics. The
test's database is in memory (or in a transaction nobody else sees), so this test runs two
real worker processes against a throw-away SQLite file of its own, on either database run.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# A worker: runs each line it reads (JSON-encoded Python) and answers the value of `out`.
WORKER = """
import json, sys
import django
django.setup()
from areas.models import Area
from directory import search
from directory.models import Category, Resource
ns = {"Area": Area, "Category": Category, "Resource": Resource, "search": search}
for line in sys.stdin:
    ns["out"] = None
    exec(json.loads(line), ns)
    print(json.dumps(ns["out"], ensure_ascii=False), flush=True)
"""


class Worker:
    def __init__(self, env: dict[str, str]) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", WORKER],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def run(self, code: str, timeout: float = 60):
        assert self.process.stdin and self.process.stdout
        self.process.stdin.write(json.dumps(code) + "\n")
        self.process.stdin.flush()
        ready, _w, _x = select.select([self.process.stdout], [], [], timeout)
        line = self.process.stdout.readline() if ready else ""
        if not line:
            self.process.kill()
            raise AssertionError(f"worker gave no answer to {code!r}: {self.process.stderr.read()}")
        return json.loads(line)

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.stdin.close()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()


@pytest.fixture(scope="module")
def migrated(tmp_path_factory) -> Path:
    """An empty database with the project's tables (and categories), made once."""
    path = tmp_path_factory.mktemp("workers") / "migrated.sqlite3"
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=environment(path), check=True
    )
    return path


def environment(database: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "sasaeai.settings",
        "DATABASE_URL": f"sqlite:///{database}",
    }


@pytest.fixture
def workers(migrated, tmp_path):
    database = tmp_path / "db.sqlite3"
    shutil.copyfile(migrated, database)
    a, b = Worker(environment(database)), Worker(environment(database))
    b.run(
        "city = Area.objects.create(code='999001', kind=Area.Kind.MUNICIPALITY, name='見本市')\n"
        "Resource.objects.create(municipality=city, name='見本市いきいきサロン')\n"
        "search.reindex(Resource.objects.values_list('pk', flat=True))"
    )
    yield a, b
    a.close()
    b.close()


FIND = (
    "city = Area.objects.get(code='999001')\n"
    "out = [r.name for r in search.run(search.Criteria(municipality=city, q={q!r})).resources]"
)


def test_it_finds_what_another_worker_has_just_published(workers):
    a, b = workers
    assert a.run(FIND.format(q="ボッチャ")) == []  # worker A now knows 「ボッチャ」 as rare
    assert a.run(FIND.format(q="サロン")) == ["見本市いきいきサロン"]
    b.run(
        "r = Resource.objects.create(municipality=Area.objects.get(code='999001'),"
        " name='院内ボッチャの会')\n"
        "r.categories.add(Category.objects.get(code='5.1.1'))\n"
        "r.refresh_derived()"
    )
    assert a.run(FIND.format(q="ボッチャ")) == ["院内ボッチャの会"]


def test_it_reads_a_category_renamed_by_another_worker(workers):
    a, b = workers
    b.run(
        "r = Resource.objects.create(municipality=Area.objects.get(code='999001'),"
        " name='見本市ふれあい号')\n"
        "r.categories.add(Category.objects.get(code='3.3'))\n"
        "r.refresh_derived()"
    )
    assert a.run(FIND.format(q="移動販売")) == ["見本市ふれあい号"]
    b.run(
        "Category.objects.filter(code='3.3').update(name='キッチンカー', short_name='')\n"
        "search.reindex(Resource.objects.values_list('pk', flat=True))"
    )
    # The old name is nobody's category any more, in any worker.
    assert a.run(FIND.format(q="移動販売")) == []
