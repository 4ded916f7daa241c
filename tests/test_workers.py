"""When a background worker counts as dead (sasaeai/lib/workers.py): its process gone, or
not heard of for SASAEAI_WORKER_LOST_SECONDS; never a worker without a heartbeat."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from django.test import SimpleTestCase, override_settings

from sasaeai.lib import workers

CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "progress": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "workers-test",
    },
}


@override_settings(CACHES=CACHES, SASAEAI_WORKER_LOST_SECONDS=30)
class LostTests(SimpleTestCase):
    def test_it_never_takes_a_worker_without_a_heartbeat_for_lost(self):
        self.assertFalse(workers.is_lost("tests"))
        self.assertFalse(workers.is_lost("K7YFAOmYk7YFAOmYk7YFAOmY"))  # db_worker's own ids

    def test_it_takes_a_worker_whose_process_ended_for_lost_at_once(self):
        # The pid of a process that has ended (and been reaped) exists no more.
        gone = subprocess.Popen([sys.executable, "-c", "pass"])  # noqa: S603
        gone.wait()
        worker = workers.new_worker_id(gone.pid)
        workers.beat(worker)  # even with a fresh heartbeat
        self.assertTrue(workers.is_lost(worker))

    def test_it_keeps_a_live_worker_and_loses_it_when_its_heartbeat_is_old(self):
        worker = workers.new_worker_id(os.getpid())
        workers.beat(worker)
        self.assertFalse(workers.is_lost(worker))
        workers._cache().set(workers._key(worker), time.time() - 31)
        self.assertTrue(workers.is_lost(worker))
        workers._cache().delete(workers._key(worker))  # culled: its process says alive
        self.assertFalse(workers.is_lost(worker))

    def test_it_loses_a_worker_of_another_host_without_a_heartbeat(self):
        worker = "hb-elsewhere-123-abcdefgh"
        self.assertTrue(workers.is_lost(worker))
        workers.beat(worker)
        self.assertFalse(workers.is_lost(worker))
