"""Test set-up shared by every test: the Chiba demo world, loaded once per test session.

Both databases run the same suite: `pytest` uses SQLite, and `scripts/with-postgres.sh pytest`
points DATABASE_URL at a throw-away PostgreSQL server.
"""

import os
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, sync_playwright

from tests.chromium import CHROMIUM, CHROMIUM_ARGS, CSP_VIOLATIONS

# Playwright's sync API runs an event loop in the test thread; the ORM calls the browser
# tests make around it are still plain synchronous ones.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

DEMO_COUNT = 400  # enough for every category in every ward, small enough to load in seconds


@pytest.fixture(scope="session", autouse=True)
def quick_password_hashes() -> Iterator[None]:
    """Hash test passwords with MD5, not the site's PBKDF2 (half a second a hash here): the
    named people of tests/base.py are made again for every test class, and the tests check
    who may log in and do what, never how hard a stored hash is to crack."""
    from django.test import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from directory.demo import load_chiba_demo

    with django_db_blocker.unblock():
        load_chiba_demo(count=DEMO_COUNT)


# ---- Chromium fixtures shared by the browser tests (tests/test_browser*.py)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def no_csp_violations() -> Iterator[None]:
    """Every page a browser test opened kept to the Content-Security-Policy."""
    CSP_VIOLATIONS.clear()
    yield
    found, CSP_VIOLATIONS[:] = list(CSP_VIOLATIONS), []
    assert not found, "Content-Security-Policy violations:\n" + "\n".join(found)


@pytest.fixture
def demo(transactional_db) -> None:
    """The live server's database is emptied after every test, so each test gets the demo
    again: loaded by the first, copied back for the others (tests/demo_snapshot.py)."""
    from tests.demo_snapshot import load_demo

    load_demo(count=150)


@pytest.fixture
def site(live_server, demo, settings) -> str:
    # The browser gets the site as a visitor does: public pages kept whole (pagecache.py).
    settings.SASAEAI_KEEP_PAGES = True
    return live_server.url


@pytest.fixture(autouse=True)
def forget_places() -> Iterator[None]:
    """Place look-ups are cached per process for minutes; a test's rolled-back (or flushed)
    areas, aliases and landmarks must not be seen by the next test."""
    from django.core.cache import cache

    from areas.addresses import clear_town_cache
    from areas.place_index import clear_cache
    from directory import cardcache, near

    # ... and so are whole public pages and the 相談機関 of an area (directory/pagecache.py,
    # search.consultation_for) and resource cards (directory/cardcache.py), under stamps
    # that a test's override_settings does not move.
    for forget in (
        clear_cache,
        clear_town_cache,
        near._towns.clear,
        near._venues.clear,
        cache.clear,
        lambda: cardcache.kept().clear(),
    ):
        forget()
    yield


# ---- A real SMTP server for the お知らせメール tests (tests/smtp.py)

SITE_URL = "https://sasaeai.example.jp/"


def mail_settings(port: int, **extra):
    from django.test import override_settings

    return override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=port,
        EMAIL_USE_TLS=False,
        EMAIL_TIMEOUT=2,
        DEFAULT_FROM_EMAIL="sasaeai@city.example.jp",
        SASAEAI_SITE_URL=SITE_URL,
        **extra,
    )


@pytest.fixture
def smtp(request) -> Iterator:
    """aiosmtpd on a free loopback port, with the site's mail settings pointed at it; a test
    class gets it as self.smtp (its inbox: self.smtp.inbox.mails)."""
    from tests.smtp import SmtpServer

    server = SmtpServer().start()
    if request.cls is not None:
        request.cls.smtp = server
    try:
        with mail_settings(server.port):
            yield server
    finally:
        server.stop()
