"""Real processes for the fault tests: `manage.py`, gunicorn started as `make run` starts it
(scripts/serve.sh), and the background worker — each on a database the test process can
see too: a SQLite file of the test's own, or, under scripts/with-postgres.sh, the suite's
PostgreSQL test database (the test class must be a TransactionTestCase, so what it writes
is committed and other processes see it).
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import textwrap
import time
import urllib.error
import urllib.request
from pathlib import Path

import requests
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


def shell(code: str, env: dict[str, str], **values: object) -> str:
    """Run Python in `manage.py shell` on env's database; `values` become its variables."""
    header = "import json\n" + "".join(f"{k} = {v!r}\n" for k, v in values.items())
    return manage("shell", "--no-imports", "-c", header + textwrap.dedent(code), env=env)


SETUP = """
from areas.models import Area
from django.contrib.auth import get_user_model
from directory.demo import load_chiba_demo
from office.models import Staff
if not Area.objects.filter(code="121002").exists():
    load_chiba_demo(count=150)
user = get_user_model().objects.create_user("faults", password=PASSWORD)
staff = Staff.objects.create(user=user, role=Staff.Role.COORDINATOR)
staff.areas.set([Area.objects.get(code="121011")])
"""
PASSWORD = "faults-password-1"


def set_up(env: dict[str, str]) -> None:
    """The demo (if the database has none) and 中央区's coordinator 「faults」 (PASSWORD)."""
    if "sqlite" in env["DATABASE_URL"]:
        manage("migrate", "--noinput", "-v", "0", env=env)
    shell(SETUP, env, PASSWORD=PASSWORD)


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


def gunicorn(env: dict[str, str], log: Path) -> tuple[subprocess.Popen, str]:
    """gunicorn alone, with scripts/serve.sh's worker model (no background worker)."""
    port = free_port()
    process = start(
        [
            f"{BIN}/gunicorn",
            "sasaeai.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--worker-class",
            "sasaeai.lib.slowclients.ThreadWorker",
            "--threads",
            "8",
            "--no-control-socket",
        ],
        env,
        log,
    )
    base = f"http://127.0.0.1:{port}"
    wait_until(lambda: get(base + "/", timeout=5)[0] == 200, 120, process, log)
    return process, base


def stop(process: subprocess.Popen) -> None:
    """SIGTERM to the process's own session, then SIGKILL if it lingers."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=120)  # a worker finishes its job first
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


# ---- the back office through HTTP, as 「faults」 (set_up)

RESOURCE = """
from django.contrib.auth import get_user_model
from directory.models import Resource
from office.models import Revision
staff = get_user_model().objects.get(username="faults").staff
resource = staff.editable(Resource.objects.exclude(status="deleted")).order_by("pk").first()
print(json.dumps({
    "pk": resource.pk,
    "confirmed_on": str(resource.confirmed_on),
    "revisions": Revision.objects.filter(resource=resource).count(),
}))
"""


def log_in(base: str) -> requests.Session:
    session = requests.Session()
    page = session.get(f"{base}/office/login/", timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert token, page.text[:500]
    answer = session.post(
        f"{base}/office/login/",
        {"username": "faults", "password": PASSWORD, "csrfmiddlewaretoken": token[1]},
        timeout=30,
        allow_redirects=False,
    )
    assert answer.status_code == 302, answer.text[:2000]
    return session


def confirm(
    session: requests.Session, base: str, pk: int, timeout: float = 30
) -> requests.Response:
    """「確認済みにする」 on the resource (a revision and its date, in one transaction)."""
    return session.post(
        f"{base}/office/resources/{pk}/confirm/",
        {"csrfmiddlewaretoken": session.cookies["csrftoken"]},
        headers={"Referer": base + "/office/"},
        timeout=timeout,
        allow_redirects=False,
    )


def confirm_saves(env: dict[str, str], log: Path, session: requests.Session, before: dict) -> None:
    """On a site started afresh on env, the same 「確認済みにする」 saves (nothing was lost:
    the person can do again what failed)."""
    server, base = gunicorn(env, log)
    try:
        assert confirm(session, base, before["pk"]).status_code == 302
    finally:
        stop(server)
    after = json.loads(shell(RESOURCE, env))
    assert after["revisions"] > before["revisions"]
