"""Test set-up shared by every test: the Chiba demo world, loaded once per test session.

Both databases run the same suite: `pytest` uses SQLite, and `scripts/with-postgres.sh pytest`
points DATABASE_URL at a throw-away PostgreSQL server.
"""

import os

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls the browser
# tests make around it are still plain synchronous ones.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

DEMO_COUNT = 400  # enough for every category in every ward, small enough to load in seconds


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from directory.demo import load_chiba_demo

    with django_db_blocker.unblock():
        load_chiba_demo(count=DEMO_COUNT)
