"""sasaeai's settings plus a pause inside a write transaction, for killing a server there
(tests/test_kill_mid_edit.py). Once the file SASAEAI_KILLPOINT + ".armed" exists, the
second INSERT/UPDATE/DELETE of one transaction creates the file SASAEAI_KILLPOINT and then
waits, so the test can SIGKILL the process between two writes of one save. Nothing else
differs."""

import os
import time
from pathlib import Path

from django.db.backends.signals import connection_created

from sasaeai.settings import *  # noqa: F403

WRITES = ("INSERT", "UPDATE", "DELETE")


def _pause_at_second_write(sender, connection, **kwargs):  # type: ignore[no-untyped-def]
    writes: dict[int, int] = {}  # per outermost transaction

    def wrapper(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        point = os.environ["SASAEAI_KILLPOINT"]
        if (
            connection.in_atomic_block
            and sql.lstrip().upper().startswith(WRITES)
            and Path(point + ".armed").exists()
        ):
            key = id(connection.atomic_blocks[0])
            writes[key] = writes.get(key, 0) + 1
            if writes[key] == 2:
                result = execute(sql, params, many, context)
                Path(point).touch()
                time.sleep(600)
                return result
        return execute(sql, params, many, context)

    connection.execute_wrappers.append(wrapper)


connection_created.connect(_pause_at_second_write)
