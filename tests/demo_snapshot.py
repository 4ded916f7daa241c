"""The live-server tests' demo world, loaded once per test process and then copied back.

Every Chromium test (and every other test on a live server) needs the 150-resource demo in a
database that the test's end empties (a live server sees only committed rows, so these tests
cannot roll back). Loading the demo took 5–7 s a test here, most of each Chromium test. The
first test loads it and keeps a copy of every table; the others get the copy back in well under
a second, row for row the same as a fresh load:

- SQLite: the connection's whole database is copied with SQLite's online backup API, and
  copied back the same way (the test database and the live server share that connection).
- PostgreSQL: each non-empty table is copied out with ``COPY … TO STDOUT`` in binary and back
  with ``COPY … FROM STDIN`` in one transaction (Django's foreign keys are deferred to commit)
  after emptying them (the test's end recreated content types and permissions), then the id
  sequences are moved past the copied ids.

The first load starts from an empty database (``flush``, as every such test's end leaves it),
so which test happens to run first does not change what the others see.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction

_copies: dict[str, Any] = {}


def load_demo(count: int) -> None:
    from directory.demo import load_chiba_demo

    key = f"{connection.vendor}:{count}"
    copy = _copies.get(key)
    if copy is not None:
        _restore(copy)
        return
    call_command("flush", interactive=False, verbosity=0)
    load_chiba_demo(count=count)
    _copies[key] = _take()


def _take() -> Any:
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        copy = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(copy)
        return copy
    tables: list[tuple[str, bytes]] = []
    with connection.cursor() as cursor:
        for table in connection.introspection.django_table_names(only_existing=True):
            name = connection.ops.quote_name(table)
            with cursor.cursor.copy(f"COPY {name} TO STDOUT (FORMAT binary)") as out:
                data = b"".join(bytes(chunk) for chunk in out)
            cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {name})")
            if cursor.fetchone()[0]:
                tables.append((name, data))
    return tables


def _restore(copy: Any) -> None:
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        copy.backup(connection.connection)
        return
    models = apps.get_models(include_auto_created=True)
    with transaction.atomic(), connection.cursor() as cursor:
        # The test's end ran post_migrate after emptying the tables: content types and
        # permissions are back already.
        cursor.execute(f"TRUNCATE {', '.join(name for name, _ in copy)} CASCADE")
        for name, data in copy:
            with cursor.cursor.copy(f"COPY {name} FROM STDIN (FORMAT binary)") as into:
                into.write(data)
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)
