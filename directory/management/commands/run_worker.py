"""manage.py run_worker: django-tasks-db's `db_worker`, with a heartbeat (docs/tasks.md).

The same options as db_worker. The worker's id names its host and process
(sasaeai/lib/workers.py), and a thread tells the shared cache every few seconds that it is
alive, so a worker killed mid-job is found and its job failed with a reason, not left
「作成中」. Before it takes work it ends the tasks of workers already known to be dead.
"""

from __future__ import annotations

from typing import Any

from django_tasks_db.management.commands import db_worker

from sasaeai.lib import workers


class Command(db_worker.Command):
    help = "Run the background worker (db_worker) with a heartbeat, so a dead worker's jobs end."

    def handle(self, *args: Any, **options: Any) -> None:
        options["worker_id"] = workers.new_worker_id()
        reaped = workers.reap_lost(by=options["worker_id"])
        if reaped and options["verbosity"]:
            self.stdout.write(f"止まった処理の作業 {reaped} 件を「失敗」にしました。")
        stop = workers.start_heartbeat(options["worker_id"])
        try:
            super().handle(*args, **options)
        finally:
            stop.set()
