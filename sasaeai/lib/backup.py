"""A consistent copy of the whole site and its return (manage.py backup / restore).

One archive (.tar.gz, readable by its owner only) holds:

- `manifest.json`: format, database engine, when, the migrations applied and the rows of
  every table (checked again after a restore);
- the database: SQLite through its online backup API (a consistent copy while the site
  runs, WAL included), PostgreSQL through `pg_dump --format=custom` (one snapshot);
  photos, history (every Revision), reports and imports live in the database and come
  with it;
- `media/`: the files under MEDIA_ROOT, when the settings give one (sasaeai keeps none
  today: photos are in the database so replicas need no shared disk).

A restore goes back into the same kind of database: SQLite page by page through the same
backup API, PostgreSQL with `pg_restore --clean --single-transaction` (all or nothing).
"""

from __future__ import annotations

import datetime
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import connection, connections
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database.sqlite3"
PG_MEMBER = "database.pgdump"
MEDIA = "media"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is Japanese, for the operator."""


def engine() -> str:
    return "postgresql" if connection.vendor == "postgresql" else connection.vendor


def row_counts() -> dict[str, int]:
    """Rows per table of every installed model (the manifest's check)."""
    counts = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.managed and not model._meta.proxy:
            counts[model._meta.db_table] = model._base_manager.using("default").count()
    return dict(sorted(counts.items()))


def applied_migrations() -> list[str]:
    recorder = MigrationRecorder(connection)
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


def _pg_env() -> dict[str, str]:
    """libpq's variables for the database Django is connected to (the password never on
    a command line)."""
    conf = connection.settings_dict
    env = dict(os.environ)
    for key, name in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("NAME", "PGDATABASE"),
    ):
        if conf.get(key):
            env[name] = str(conf[key])
    return env


def _run(command: list[str]) -> None:
    try:
        done = subprocess.run(command, env=_pg_env(), capture_output=True, text=True)
    except FileNotFoundError as error:
        raise BackupError(
            f"{command[0]} が見つかりません。PostgreSQL のクライアント（Debian: "
            "postgresql-client）を入れてください。"
        ) from error
    if done.returncode != 0:
        raise BackupError(f"{command[0]} が失敗しました: {done.stderr.strip()[:2000]}")


def _dump_database(folder: Path) -> str:
    if engine() == "sqlite":
        target = folder / SQLITE_MEMBER
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        try:
            with connection.cursor():
                connection.connection.backup(copy)
        finally:
            copy.close()
        return SQLITE_MEMBER
    if engine() == "postgresql":
        target = folder / PG_MEMBER
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={target}"])
        return PG_MEMBER
    raise BackupError(
        f"このデータベース（{connection.vendor}）のバックアップには対応していません。"
    )


def media_root() -> Path | None:
    root = getattr(settings, "MEDIA_ROOT", "")
    return Path(root) if root and Path(root).is_dir() else None


def make_backup(out: Path) -> dict[str, Any]:
    """Write the archive to `out` (mode 0600) and return its manifest."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        # The counts are read in the same snapshot as the copy where the database allows
        # (PostgreSQL's dump is its own snapshot; SQLite copies in one step).
        manifest: dict[str, Any] = {
            "format": FORMAT,
            "engine": engine(),
            "created_at": timezone.now().isoformat(),
            "migrations": applied_migrations(),
            "rows": row_counts(),
        }
        manifest["database"] = _dump_database(folder)
        fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as archive:
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime, info.mode = (
                len(data),
                int(datetime.datetime.now().timestamp()),
                0o600,
            )
            archive.addfile(info, io.BytesIO(data))
            archive.add(folder / manifest["database"], arcname=manifest["database"])
            root = media_root()
            if root is not None:
                archive.add(root, arcname=MEDIA)
    return manifest


def read_manifest(path: Path) -> dict[str, Any]:
    try:
        with tarfile.open(path, mode="r:gz") as archive:
            member = archive.extractfile(MANIFEST)
            if member is None:
                raise KeyError(MANIFEST)
            manifest: dict[str, Any] = json.load(member)
    except (OSError, tarfile.TarError, KeyError, ValueError) as error:
        raise BackupError(
            f"{path} は sasaeai のバックアップとして読めません（{error}）。"
        ) from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{path} は対応していない形式（{manifest.get('format')}）です。")
    return manifest


def restore_backup(path: Path) -> dict[str, Any]:
    """Put the database (and media) back as the archive holds them; returns the manifest."""
    manifest = read_manifest(path)
    if manifest["engine"] != engine():
        raise BackupError(
            f"このバックアップは {manifest['engine']} のものです。いまのデータベースは "
            f"{engine()} なので戻せません（同じ種類のデータベースに戻してください）。"
        )
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        with tarfile.open(path, mode="r:gz") as archive:
            archive.extractall(folder, filter="data")
        database = folder / manifest["database"]
        if engine() == "sqlite":
            connection.ensure_connection()
            source = sqlite3.connect(database)
            try:
                source.backup(connection.connection)
            finally:
                source.close()
        else:
            for other in connections.all():
                other.close()
            _run(
                [
                    "pg_restore",
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--no-privileges",
                    "--single-transaction",
                    "--exit-on-error",
                    f"--dbname={connection.settings_dict['NAME']}",
                    str(database),
                ]
            )
        root, media = media_root(), folder / MEDIA
        if root is not None and media.is_dir():
            for child in root.iterdir():
                shutil.rmtree(child) if child.is_dir() else child.unlink()
            shutil.copytree(media, root, dirs_exist_ok=True)
    return manifest
