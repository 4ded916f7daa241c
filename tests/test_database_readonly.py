"""The database turns read-only while a coordinator works (issue 15): a Japanese 503 page,
never a raw 500, nothing half-saved, and the same action works once it can write again.

Real processes: gunicorn (serve.sh's worker model) on the suite's PostgreSQL database with
every transaction read-only (as `ALTER ROLE … SET default_transaction_read_only = on`
makes it), or on a SQLite file opened read-only (tests/settings_readonly.py).
"""

from __future__ import annotations

import json
import sqlite3

import pytest
import requests
from django.db import OperationalError
from django.db.utils import DatabaseErrorWrapper

from sasaeai.errors import RETRY_SECONDS, database_unavailable
from tests import processes


@pytest.fixture
def env(transactional_db, tmp_path):
    env = processes.database_env(tmp_path)
    processes.set_up(env)
    return env


def read_only(env: dict[str, str]) -> dict[str, str]:
    if "sqlite" in env["DATABASE_URL"]:
        return {**env, "DJANGO_SETTINGS_MODULE": "tests.settings_readonly"}
    return {**env, "SASAEAI_PG_OPTIONS": "-c default_transaction_read_only=on"}


def test_it_answers_a_japanese_503_and_saves_nothing_while_the_database_is_read_only(env, tmp_path):
    before = json.loads(processes.shell(processes.RESOURCE, env))
    log = tmp_path / "gunicorn.log"
    server, base = processes.gunicorn(env, log)
    try:
        session = processes.log_in(base)  # while it can still write
    finally:
        processes.stop(server)

    server, base = processes.gunicorn(read_only(env), log)
    try:
        refused = processes.confirm(session, base, before["pk"])
        assert refused.status_code == 503, log.read_text()[-3000:]
        assert "いまは保存できません" in refused.text
        assert "入力した内容は保存されていません" in refused.text
        assert refused.headers["Retry-After"] == str(RETRY_SECONDS)
        assert "Traceback" not in refused.text
        assert requests.get(base + "/", timeout=30).status_code == 200  # reading works
        api = requests.get(base + "/api/hsds/services", timeout=30)
        assert api.status_code == 200
    finally:
        processes.stop(server)
    assert json.loads(processes.shell(processes.RESOURCE, env)) == before  # nothing half-saved

    processes.confirm_saves(env, log, session, before)  # writable again: the same click saves


def test_it_tells_a_full_database_from_a_mistake_in_a_query(tmp_path):
    """Real SQLite errors, as Django raises them: a database that may not grow (SQLite's
    own limit on pages, as a full disk) is 503; a query naming no such column stays 500."""

    class Wrapped:  # what DatabaseErrorWrapper needs of a connection
        Database = sqlite3
        errors_occurred = False

    def raised(statements: list[str]) -> BaseException:
        db = sqlite3.connect(tmp_path / "full.sqlite3")
        try:
            with DatabaseErrorWrapper(Wrapped()):
                for statement in statements:
                    db.execute(statement)
        except OperationalError as error:
            return error
        finally:
            db.close()
        raise AssertionError("no error")

    full = raised(
        [
            "CREATE TABLE t (x BLOB)",
            "PRAGMA max_page_count = 2",
            "INSERT INTO t VALUES (zeroblob(100000))",
        ]
    )
    assert "full" in str(full)
    assert database_unavailable(full)
    assert not database_unavailable(raised(["SELECT nothing FROM sqlite_master"]))
