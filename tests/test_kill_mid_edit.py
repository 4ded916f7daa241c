"""A server killed in the middle of saving an edit leaves nothing half-saved (issue 15).

A real gunicorn (serve.sh's worker model) saves 「確認済みにする」 on a resource (its date and a
revision in the history, one transaction); tests/settings_killpoint.py holds the save after
its second write, and the test SIGKILLs every gunicorn process there. The resource is as it
was — no revision without its change, no change without its revision — and once the site
is started again the same click saves both. On the suite's PostgreSQL database or a SQLite
file of the test's own.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal

import pytest
import requests

from tests import processes


@pytest.fixture
def env(transactional_db, tmp_path):
    env = processes.database_env(tmp_path)
    processes.set_up(env)
    return env


def test_it_keeps_nothing_of_an_edit_whose_server_was_killed_mid_save(env, tmp_path):
    before = json.loads(processes.shell(processes.RESOURCE, env))
    killpoint = tmp_path / "in-the-transaction"
    log = tmp_path / "gunicorn.log"
    pausing = {
        **env,
        "DJANGO_SETTINGS_MODULE": "tests.settings_killpoint",
        "SASAEAI_KILLPOINT": str(killpoint),
    }
    server, base = processes.gunicorn(pausing, log)
    try:
        session = processes.log_in(base)
        (tmp_path / "in-the-transaction.armed").touch()  # the edit's writes, not the log-in's
        # The server holds its answer at the pause: the request times out here.
        with contextlib.suppress(requests.RequestException):
            processes.confirm(session, base, before["pk"], timeout=3)
        processes.wait_until(killpoint.exists, 60, server, log)
    finally:
        os.killpg(server.pid, signal.SIGKILL)  # gunicorn and its workers, mid-transaction
        server.wait(timeout=30)
    assert json.loads(processes.shell(processes.RESOURCE, env)) == before

    processes.confirm_saves(env, log, session, before)  # writable again: the same click saves
