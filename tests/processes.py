"""Real processes for the fault tests: `manage.py`, gunicorn started as `make run` starts it
(scripts/serve.sh), and the background worker — each on a database the test process can
see too: a SQLite file of the test's own, or, under scripts/with-postgres.sh, the suite's
PostgreSQL test database (the test class must be a TransactionTestCase, so what it writes
is committed and other processes see it).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
BIN = str(Path(sys.executable).parent)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def database_env(folder: Path) -> dict[str, str]:
    """The environment of a process working on the test's database (PostgreSQL) or on a
    SQLite file in `folder` (the suite's SQLite database lives in memory): migrate it with
    manage("migrate", ...) first."""
    env = {
        **os.environ,
        "SASAEAI_TASKS": "database",
        "SASAEAI_PROGRESS_CACHE_DIR": str(folder / "progress"),
        "SASAEAI_GUIDE_CACHE_DIR": str(folder / "guides"),
        "PYTHONUNBUFFERED": "1",
    }
    settings = connection.settings_dict
    if connection.vendor == "postgresql":
        env["DATABASE_URL"] = (
            f"postgres://{settings['USER']}:{settings['PASSWORD']}@{settings['HOST']}:"
            f"{settings['PORT']}/{settings['NAME']}"
        )
    else:
        env["DATABASE_URL"] = f"sqlite:///{folder / 'db.sqlite3'}"
    return env


def manage(*args: str, env: dict[str, str], timeout: float = 600) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def start(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    """A process in a session of its own (stop() ends it and its children only)."""
    with log.open("ab") as out:
        return subprocess.Popen(
            args, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )


def start_worker(env: dict[str, str], log: Path) -> subprocess.Popen:
    return start(
        [sys.executable, "manage.py", "run_worker", "--no-reload", "--interval", "0.2"], env, log
    )


def serve(env: dict[str, str], log: Path) -> tuple[subprocess.Popen, str]:
    """scripts/serve.sh as `make run` runs it (gunicorn and the worker); its base URL."""
    port = free_port()
    process = start(["./scripts/serve.sh", "--bind", f"127.0.0.1:{port}"], {**env, "BIN": BIN}, log)
    base = f"http://127.0.0.1:{port}"
    wait_until(lambda: get(base + "/", timeout=5)[0] == 200, 120, process, log)
    return process, base


def stop(process: subprocess.Popen) -> None:
    """SIGTERM to the process's own session, then SIGKILL if it lingers."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
    except ProcessLookupError:
        pass


def get(url: str, timeout: float = 30, data: bytes | None = None) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, data=data, timeout=timeout) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
    except OSError:
        return 0, b""


def wait_until(check, seconds: float, process: subprocess.Popen | None = None, log=None) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        if process is not None and process.poll() is not None:
            raise AssertionError(f"the process ended: {log.read_text()[-3000:] if log else ''}")
        time.sleep(0.2)
    raise AssertionError(f"not within {seconds}s: {log.read_text()[-3000:] if log else ''}")
