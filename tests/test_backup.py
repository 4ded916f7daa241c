"""manage.py backup / restore (sasaeai/lib/backup.py) on the database the suite runs on:
back up, change data, restore, find the data as it was."""

from __future__ import annotations

import io
import json
import stat
import tarfile
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.db import connection

from directory.models import Photo, Resource
from office.models import Report, Revision
from sasaeai.lib.backup import read_manifest, row_counts

# A real (tiny) PNG: photos are bytes in the database.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201e5270b1f0000000049454e44ae426082"
)


def state() -> dict:
    """What a restore must bring back, read fresh from the database."""
    return {
        "resources": sorted(Resource.objects.values_list("pk", "name", "status")),
        "photos": [(p.resource_id, bytes(p.image), p.alt) for p in Photo.objects.order_by("pk")],
        "reports": sorted(Report.objects.values_list("pk", "body", "contact")),
        "revisions": Revision.objects.count(),
        "users": sorted(User.objects.values_list("username", "password")),
        "rows": row_counts(),
    }


@pytest.mark.django_db(transaction=True)
def test_it_backs_up_changes_and_restores_the_data_as_it_was(demo, tmp_path):
    salon = Resource.objects.order_by("pk").first()
    Photo.objects.create(
        resource=salon, image=PNG, content_type="image/png", width=1, height=1, alt="会場の入口"
    )
    Report.objects.create(resource=salon, body="曜日が違います", contact="山田 043-000-0000")
    User.objects.create_user("chuo", password="correct-horse-battery-staple-42")
    before = state()
    archive = tmp_path / "backup.tar.gz"

    out = StringIO()
    call_command("backup", out=archive, stdout=out)
    assert "バックアップを作りました" in out.getvalue()
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600  # contacts and password hashes
    manifest = read_manifest(archive)
    assert manifest["engine"] == ("postgresql" if connection.vendor == "postgresql" else "sqlite")
    assert manifest["rows"] == before["rows"]

    # Everything changes after the backup ...
    Resource.objects.filter(pk=salon.pk).update(name="書き換えた名前")
    Photo.objects.all().delete()
    Report.objects.all().delete()
    User.objects.filter(username="chuo").delete()
    Resource.objects.exclude(pk=salon.pk).order_by("pk").first().delete()
    Resource.objects.create(municipality=salon.municipality, name="あとから足した資源")
    assert state() != before

    # ... and comes back as it was.
    out = StringIO()
    call_command("restore", str(archive), interactive=False, stdout=out)
    assert "バックアップに戻しました" in out.getvalue()
    assert state() == before
    assert not Resource.objects.filter(name="あとから足した資源").exists()
    # The site keeps working on the restored database (sequences included).
    Resource.objects.create(municipality=salon.municipality, name="戻したあとの資源")


@pytest.mark.django_db(transaction=True)
def test_it_refuses_what_is_not_a_backup_of_this_database_and_changes_nothing(tmp_path):
    User.objects.create_user("chuo")
    before = row_counts()
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"not an archive")
    with pytest.raises(CommandError, match="バックアップとして読めません"):
        call_command("restore", str(junk), interactive=False)

    other = "sqlite" if connection.vendor == "postgresql" else "postgresql"
    foreign = tmp_path / "foreign.tar.gz"
    with tarfile.open(foreign, "w:gz") as archive:
        data = json.dumps({"format": 1, "engine": other, "database": "x"}).encode()
        info = tarfile.TarInfo("manifest.json")
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
    with pytest.raises(CommandError, match=f"このバックアップは {other} のものです"):
        call_command("restore", str(foreign), interactive=False)
    assert row_counts() == before
