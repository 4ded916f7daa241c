"""Django for the evaluation commands: the site's settings on the current database, and the
test instrumentation so a request's template context can be read (the site's own order)."""

from __future__ import annotations

import contextlib
import os
import secrets
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def django_setup() -> None:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sasaeai.settings")
    # The settings want a key of the site's own; this run signs nothing that outlives it.
    os.environ.setdefault("SASAEAI_SECRET_KEY", secrets.token_urlsafe(50))
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()
    from django.test.utils import setup_test_environment

    with contextlib.suppress(RuntimeError):  # already set up (under pytest)
        setup_test_environment()
