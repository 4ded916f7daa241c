"""Writers on one SQLite file wait for each other instead of failing 「database is locked」.

Real processes, as gunicorn's workers and a management command are: one holds a write
transaction for a while (a bulk 確認済み, an import commit) while others run many short
transactions that read, then write (a log-in, the public report form). Each process runs
sasaeai's own settings against a file-based database of its own, whatever DATABASE_URL the
suite runs with, so the test is the same under scripts/with-postgres.sh.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SETUP = """
import os, sys, time
import django
django.setup()
from django.db import connection, transaction
"""

CREATE = """
with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE visit (id INTEGER PRIMARY KEY, who TEXT, seen INTEGER)")
"""

# Takes the write lock, says so through a file, then keeps it for HOLD seconds.
HOLDER = """
with transaction.atomic():
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO visit (who, seen) VALUES ('holder', 0)")
        open(os.environ["READY"], "w").close()
        time.sleep(float(os.environ["HOLD"]))
"""

# Many short transactions, each reading before it writes (the pattern that a deferred
# transaction cannot upgrade once another process has committed meanwhile).
WRITER = """
while not os.path.exists(os.environ["READY"]):
    time.sleep(0.01)
for i in range(int(os.environ["ROUNDS"])):
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM visit WHERE who = %s", [os.environ["WHO"]])
            seen = cursor.fetchone()[0]
            cursor.execute(
                "INSERT INTO visit (who, seen) VALUES (%s, %s)", [os.environ["WHO"], seen]
            )
    time.sleep(0.005)
"""


def spawn(code: str, db: Path, **env: str) -> subprocess.Popen:
    environment = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{db}",
        "DJANGO_SETTINGS_MODULE": "sasaeai.settings",
        "PYTHONPATH": str(ROOT),
        **env,
    }
    return subprocess.Popen(
        [sys.executable, "-c", SETUP + textwrap.dedent(code)],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finished(process: subprocess.Popen) -> tuple[int, str]:
    _out, err = process.communicate(timeout=120)
    return process.returncode, err


def test_it_lets_short_writers_wait_for_a_long_write_transaction(tmp_path):
    hold = 2.0
    db = tmp_path / "site.sqlite3"
    assert finished(spawn(CREATE, db)) == (0, "")
    ready = tmp_path / "ready"
    rounds = 40
    holder = spawn(HOLDER, db, READY=str(ready), HOLD=str(hold))
    writers = [
        spawn(WRITER, db, READY=str(ready), ROUNDS=str(rounds), WHO=f"writer{n}") for n in range(2)
    ]
    started = time.monotonic()
    results = [finished(p) for p in (holder, *writers)]
    for code, err in results:
        assert "database is locked" not in err
        assert code == 0, err
    # Every short transaction went through, in order, none lost.
    check = spawn(
        """
with connection.cursor() as cursor:
    cursor.execute("SELECT who, COUNT(*), MAX(seen) FROM visit GROUP BY who ORDER BY who")
    print(cursor.fetchall())
""",
        db,
    )
    out, err = check.communicate(timeout=60)
    assert check.returncode == 0, err
    assert out.strip() == str(
        [("holder", 1, 0)] + [(f"writer{n}", rounds, rounds - 1) for n in range(2)]
    )
    assert time.monotonic() - started >= hold  # the writers really met the long transaction
