"""sasaeai/settings.py and sasaeai/settings_production.py: keys, HTTPS and SQLite locking.

The settings modules are run afresh here (runpy) with a chosen environment, since the
suite's own settings are loaded once; the deploy check runs manage.py as an operator would.
"""

from __future__ import annotations

import os
import runpy
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

import sasaeai
import sasaeai.settings

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = ROOT / "sasaeai" / "settings.py"
PRODUCTION = ROOT / "sasaeai" / "settings_production.py"
A_KEY = secrets.token_urlsafe(50)


def settings_with(monkeypatch, path: Path = SETTINGS, **env: str) -> dict:
    for name in ("SASAEAI_SECRET_KEY", "SASAEAI_DEMO", "SASAEAI_ALLOWED_HOSTS", "DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    # settings_production imports sasaeai.settings: make that import run again under this
    # environment (the suite's own module is put back afterwards).
    monkeypatch.delitem(sys.modules, "sasaeai.settings")
    monkeypatch.setattr(sasaeai, "settings", sasaeai.settings)
    return runpy.run_path(str(path))


def test_it_refuses_to_start_without_a_secret_key_outside_demo_mode(monkeypatch):
    with pytest.raises(ImproperlyConfigured) as raised:
        settings_with(monkeypatch)
    message = str(raised.value)
    assert "SASAEAI_SECRET_KEY" in message
    assert "設定されていません" in message  # the operator may read either language


def test_it_refuses_an_empty_secret_key(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="SASAEAI_SECRET_KEY"):
        settings_with(monkeypatch, SASAEAI_SECRET_KEY="", SASAEAI_DEMO="0")


def test_it_starts_without_a_key_in_demo_mode_only(monkeypatch):
    demo = settings_with(monkeypatch, SASAEAI_DEMO="1")
    assert demo["SECRET_KEY"] == demo["DEMO_SECRET_KEY"]


def test_it_makes_sqlite_writers_wait_in_immediate_transactions(monkeypatch):
    options = settings_with(monkeypatch, SASAEAI_SECRET_KEY=A_KEY)["DATABASES"]["default"][
        "OPTIONS"
    ]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 30  # longer than the longest bulk write the office makes
    assert "journal_mode=WAL" in options["init_command"]


def production_env(**extra: str) -> dict[str, str]:
    return {"SASAEAI_SECRET_KEY": A_KEY, "SASAEAI_ALLOWED_HOSTS": "sasaeai.example.jp", **extra}


def test_it_serves_production_over_https_only(monkeypatch):
    production = settings_with(monkeypatch, PRODUCTION, **production_env())
    assert production["SECRET_KEY"] == A_KEY
    assert production["DEBUG"] is False
    assert production["SECURE_SSL_REDIRECT"] is True
    assert production["SECURE_HSTS_SECONDS"] >= 365 * 24 * 3600
    assert production["SESSION_COOKIE_SECURE"] and production["CSRF_COOKIE_SECURE"]
    assert production["ALLOWED_HOSTS"] == ["sasaeai.example.jp"]
    assert "SECURE_PROXY_SSL_HEADER" not in production  # trusted only behind a proxy


def test_it_trusts_the_forwarded_scheme_only_behind_a_proxy(monkeypatch):
    production = settings_with(
        monkeypatch,
        PRODUCTION,
        **production_env(SASAEAI_BEHIND_PROXY="1", SASAEAI_TRUSTED_PROXIES="127.0.0.1"),
    )
    assert production["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")
    # behind a proxy whose address nobody named, no forwarded header could be believed
    monkeypatch.delenv("SASAEAI_TRUSTED_PROXIES")
    with pytest.raises(ImproperlyConfigured, match="SASAEAI_TRUSTED_PROXIES"):
        settings_with(monkeypatch, PRODUCTION, **production_env(SASAEAI_BEHIND_PROXY="1"))


@pytest.mark.parametrize(
    "env, variable",
    [
        ({"SASAEAI_SECRET_KEY": ""}, "SASAEAI_SECRET_KEY"),
        ({"SASAEAI_ALLOWED_HOSTS": ""}, "SASAEAI_ALLOWED_HOSTS"),
        ({"SASAEAI_DEMO": "1"}, "SASAEAI_DEMO"),
        ({"SASAEAI_DEMO": "1", "SASAEAI_SECRET_KEY": ""}, "SASAEAI_DEMO"),
    ],
)
def test_it_refuses_production_without_its_own_hosts_and_key(monkeypatch, env, variable):
    with pytest.raises(ImproperlyConfigured, match=variable):
        settings_with(monkeypatch, PRODUCTION, **production_env(**env))


def deploy_check(**env: str) -> subprocess.CompletedProcess:
    # As an operator runs it: none of the suite's own variables (DJANGO_ALLOW_ASYNC_UNSAFE…).
    environment = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "SASAEAI_")) and k != "DATABASE_URL"
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_it_passes_the_deploy_checks_with_production_settings():
    done = deploy_check(DJANGO_SETTINGS_MODULE="sasaeai.settings_production", **production_env())
    assert done.returncode == 0, done.stderr
    assert "no issues" in done.stdout
