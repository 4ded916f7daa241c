"""Settings for a public site: sasaeai/settings.py plus HTTPS everywhere.

    DJANGO_SETTINGS_MODULE=sasaeai.settings_production

`manage.py check --deploy --fail-level WARNING` passes with these (make test runs it). The
site refuses to start in demo mode, without its own SASAEAI_SECRET_KEY (settings.py) or
without SASAEAI_ALLOWED_HOSTS: each error names the variable in English and Japanese.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from sasaeai.settings import *  # noqa: F403
from sasaeai.settings import DEMO_SECRET_KEY, SECRET_KEY, env_bool

if env_bool("SASAEAI_DEMO", False) or SECRET_KEY == DEMO_SECRET_KEY:
    # Demo mode prints passwords and falls back to a key anyone can read in the source.
    raise ImproperlyConfigured(
        "SASAEAI_DEMO must be off in production, with a SASAEAI_SECRET_KEY of the site's own. "
        "/ 本番の設定ではデモモード（SASAEAI_DEMO）は使えません。SASAEAI_SECRET_KEY を設定してください。"
    )
if not os.environ.get("SASAEAI_ALLOWED_HOSTS", "").strip():
    # The demo's default (127.0.0.1, localhost, testserver) is never the public host name.
    raise ImproperlyConfigured(
        "SASAEAI_ALLOWED_HOSTS is not set: the site's host names, comma-separated. "
        "/ 環境変数 SASAEAI_ALLOWED_HOSTS（公開するホスト名、カンマ区切り）が設定されていません。"
    )

DEBUG = False
ALLOWED_HOSTS = [h.strip() for h in os.environ["SASAEAI_ALLOWED_HOSTS"].split(",") if h.strip()]

# Every request over HTTPS: plain HTTP is redirected, and browsers are told (HSTS) never to
# try plain HTTP again for a year, so a log-in or a report cannot be read on the way.
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = int(os.environ.get("SASAEAI_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SASAEAI_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SASAEAI_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if env_bool("SASAEAI_BEHIND_PROXY", False):
    # Behind a reverse proxy that ends TLS and sets X-Forwarded-Proto (and removes any such
    # header a client sent): without this, every request looks like plain HTTP and
    # SECURE_SSL_REDIRECT would redirect forever.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    if not SASAEAI_TRUSTED_PROXIES:  # noqa: F405
        # Every request would come from the proxy's address: 5 reports an hour would close
        # the form for the whole city and 5 bad passwords lock a staff member out everywhere.
        raise ImproperlyConfigured(
            "SASAEAI_BEHIND_PROXY is on but SASAEAI_TRUSTED_PROXIES is empty: set it to the "
            "proxy's address (e.g. 127.0.0.1). / SASAEAI_BEHIND_PROXY を使うときは "
            "SASAEAI_TRUSTED_PROXIES にプロキシのアドレス（例: 127.0.0.1）を設定してください。"
        )
