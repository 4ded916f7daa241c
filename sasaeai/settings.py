"""Settings for sasaeai, read from the environment so one file serves demo, test and production.

DATABASE_URL selects the database (unset: the embedded SQLite file db.sqlite3).
"""

import datetime
import ipaddress
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    return os.environ.get(name, str(default)).lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("SASAEAI_DEBUG", False)
# Demo mode (`make run`): demo accounts are created and printed once. Never in production.
SASAEAI_DEMO = env_bool("SASAEAI_DEMO", False)
# The key signs sessions and CSRF tokens and keys the hash of report senders' addresses
# (office/reports.py): with a published key an IPv4 address is found again by trying all
# 2^32, so the site refuses to start without one of its own; only demo mode falls back.
SECRET_KEY = os.environ.get("SASAEAI_SECRET_KEY", "")
DEMO_SECRET_KEY = "sasaeai-demo-key-not-for-production"
if not SECRET_KEY:
    if not SASAEAI_DEMO:
        raise ImproperlyConfigured(
            "SASAEAI_SECRET_KEY is not set. Set it to a long random string of your own "
            "(e.g. python -c 'import secrets; print(secrets.token_urlsafe(50))'), or "
            "SASAEAI_DEMO=1 for a local demo. / 環境変数 SASAEAI_SECRET_KEY が設定されていません。"
            "推測できない長い文字列を設定してください（デモとして手元で動かすときだけ "
            "SASAEAI_DEMO=1 で省略できます）。"
        )
    SECRET_KEY = DEMO_SECRET_KEY
ALLOWED_HOSTS = os.environ.get("SASAEAI_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "areas",
    "directory",
    "office",
    "transfer",
    "api",
    "fieldwork",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy (django-csp) and Permissions-Policy on every answer.
    "csp.middleware.CSPMiddleware",
    "sasaeai.middleware.permissions_policy",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # After CSRF: a NUL in any parameter is a 400 before a view or query sees it.
    "sasaeai.middleware.RefuseNulCharacters",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "office.middleware.session_max_age",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it answers a locked-out log-in with the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "sasaeai.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "directory.context_processors.site",
                "fieldwork.context_processors.parks",
            ]
        },
    }
]
WSGI_APPLICATION = "sasaeai.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("SASAEAI_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while the demo loader or an editor writes; a 64 MB page cache
    # and memory-mapped reads keep the search index's hot pages out of system calls.
    # SQLite has one writer at a time. A writer that finds the file locked waits up to
    # `timeout` seconds (under gunicorn's 120 s) instead of answering 500 「database is
    # locked」 at once; IMMEDIATE takes the write lock when a transaction begins, because a
    # deferred one that has read first cannot wait for it: it fails as soon as another
    # process has committed meanwhile.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        init_command=(
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            "PRAGMA cache_size=-65536; PRAGMA mmap_size=1073741824;"
        ),
        transaction_mode="IMMEDIATE",
        timeout=float(os.environ.get("SASAEAI_SQLITE_TIMEOUT", "60")),
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Short, index-driven queries: the data sits in memory (random reads cost about what
    # sequential ones do), JIT compilation and parallel workers would cost more than the
    # queries themselves.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "options",
        os.environ.get(
            "SASAEAI_PG_OPTIONS",
            "-c random_page_cost=1.1 -c jit=off -c max_parallel_workers_per_gather=0",
        ),
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", "日本語")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True

# Relative: Django puts the script prefix (SCRIPT_NAME, FORCE_SCRIPT_NAME) in front.
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

# The back office (issue 3). Every log-in goes through django-axes first: after 5 failures
# for one user name from one address, that pair is locked out for 30 minutes.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("SASAEAI_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "office/lockout.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Behind a reverse proxy, the client's address comes from X-Forwarded-For, believed only
# from these addresses or networks (comma-separated; empty: REMOTE_ADDR, no proxy). Both
# the report limit and the lock-out count that address (sasaeai/lib/clientaddress.py).
SASAEAI_TRUSTED_PROXIES = [
    entry.strip()
    for entry in os.environ.get("SASAEAI_TRUSTED_PROXIES", "").split(",")
    if entry.strip()
]
for _proxy in SASAEAI_TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError:
        raise ImproperlyConfigured(
            f"SASAEAI_TRUSTED_PROXIES: {_proxy!r} is not an address or network. "
            f"/ SASAEAI_TRUSTED_PROXIES の「{_proxy}」はアドレスでもネットワークでもありません。"
        ) from None
AXES_CLIENT_IP_CALLABLE = "sasaeai.lib.clientaddress.client_address"
# URL names, reversed per request: a site served under a prefix keeps it.
LOGIN_URL = "office-login"
LOGIN_REDIRECT_URL = "office-dashboard"
LOGOUT_REDIRECT_URL = "office-login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Sessions end after 8 hours (a working day) or 2 hours without a request, whichever is first.
SESSION_COOKIE_AGE = 2 * 60 * 60
SESSION_SAVE_EVERY_REQUEST = True
SASAEAI_SESSION_MAX_AGE = 8 * 60 * 60
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("SASAEAI_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
FORMS_URLFIELD_ASSUME_HTTPS = True  # Django 6 behaviour now: "example.jp" → https
CSRF_FAILURE_VIEW = "office.views.auth.csrf_failure"
# Resources not confirmed for this many months are flagged on the dashboard.
SASAEAI_CONFIRM_MONTHS = int(os.environ.get("SASAEAI_CONFIRM_MONTHS", "12"))
# Provider update links (issue 3) expire after this many days.
SASAEAI_UPDATE_LINK_DAYS = 30
# The public correction form accepts this many reports per address per hour.
SASAEAI_REPORTS_PER_HOUR = int(os.environ.get("SASAEAI_REPORTS_PER_HOUR", "5"))
# A report's contact details are erased this many days after it was received
# (manage.py purge_report_contacts, daily).
SASAEAI_REPORT_CONTACT_DAYS = int(os.environ.get("SASAEAI_REPORT_CONTACT_DAYS", "180"))
# Photos: the largest upload accepted, and the longest side kept after re-encoding.
SASAEAI_PHOTO_MAX_BYTES = 5 * 1024 * 1024
SASAEAI_PHOTO_MAX_SIDE = 1600
DATA_UPLOAD_MAX_MEMORY_SIZE = 6 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 6 * 1024 * 1024
# Imports (issue 4): the largest file and the most rows one import accepts.
SASAEAI_IMPORT_MAX_BYTES = int(os.environ.get("SASAEAI_IMPORT_MAX_BYTES", str(10 * 1024 * 1024)))
SASAEAI_IMPORT_MAX_ROWS = int(os.environ.get("SASAEAI_IMPORT_MAX_ROWS", "20000"))

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# The municipality the public site shows when a URL names none (全国地方公共団体コード).
# 5 digits (12204) or 6 (122041): the check digit is added when missing.
SASAEAI_DEFAULT_MUNICIPALITY = os.environ.get("SASAEAI_DEFAULT_MUNICIPALITY", "121002").strip()
if len(SASAEAI_DEFAULT_MUNICIPALITY) == 5 and SASAEAI_DEFAULT_MUNICIPALITY.isdigit():
    SASAEAI_DEFAULT_MUNICIPALITY += str(
        (
            11
            - sum(
                int(d) * w
                for d, w in zip(SASAEAI_DEFAULT_MUNICIPALITY, (6, 5, 4, 3, 2), strict=True)
            )
            % 11
        )
        % 10
    )
# The synonym file a city extends; applied at query time, so edits need no reindex.
SASAEAI_SYNONYMS_FILE = Path(
    os.environ.get("SASAEAI_SYNONYMS_FILE", BASE_DIR / "directory" / "synonyms.txt")
)
SASAEAI_SITE_NAME = os.environ.get("SASAEAI_SITE_NAME", "ささえあい地域資源ナビ")
SASAEAI_PAGE_SIZE = 20
# Whole public pages kept a minute for visitors without a session or a マイリスト
# (directory/pagecache.py); benchmarks of making a page turn it off.
SASAEAI_KEEP_PAGES = env_bool("SASAEAI_KEEP_PAGES", True)
# Resource cards kept as HTML until their data changes (directory/cardcache.py).
SASAEAI_KEEP_CARDS = env_bool("SASAEAI_KEEP_CARDS", True)
# 地域資源ガイド (directory/guide.py): the public address printed in booklets' QR codes when
# they are made without a request (manage.py make_guides; a request's own host otherwise),
# and whether a booklet has an area map page (off: map tiles are an outside service).
SASAEAI_SITE_URL = os.environ.get("SASAEAI_SITE_URL", "")
SASAEAI_GUIDE_MAP = os.environ.get("SASAEAI_GUIDE_MAP", "") == "1"
# Rendered booklets are kept as files so every gunicorn worker (and make_guides) shares them.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # Resource cards as HTML (directory/cardcache.py): ~2 KB each, so at most ~10 MB a worker.
    "cards": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "cards",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
    "guides": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ.get("SASAEAI_GUIDE_CACHE_DIR", str(BASE_DIR / "var" / "guides")),
        "TIMEOUT": 2 * 24 * 3600,  # the date is in the key: yesterday's booklets go
        "OPTIONS": {"MAX_ENTRIES": 500},
    },
    # Progress of background work (an import's rows written), read by every gunicorn worker.
    "progress": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ.get(
            "SASAEAI_PROGRESS_CACHE_DIR", str(BASE_DIR / "var" / "progress")
        ),
        "TIMEOUT": 24 * 3600,
        "OPTIONS": {"MAX_ENTRIES": 1000},
    },
}
# Background work (docs/tasks.md): django-tasks with its database backend, so queued jobs
# live in the site's own database and survive a restart; `manage.py db_worker` runs them
# (`make run` starts it beside gunicorn). SASAEAI_TASKS=immediate runs each job inside the
# request that queues it (the test suite, but for tests/test_tasks.py, which runs a worker).
SASAEAI_TASKS = os.environ.get("SASAEAI_TASKS", "database")
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if SASAEAI_TASKS == "immediate"
        else "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}
# お知らせメール (office/notices.py, docs/deploy.md): sent over SMTP when EMAIL_HOST is set;
# without it (`make run`) every mail is printed on the worker's console instead. The links in
# a mail start with SASAEAI_SITE_URL (else the address the item was sent to).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
# Seconds to wait for the mail server: a silent one fails the mail, never holds the worker.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "20"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "sasaeai@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# 地域資源ガイド made in the background (directory/booklets.py): at most this many booklets
# waiting or being made at once, and per visitor's address.
SASAEAI_GUIDE_QUEUE = int(os.environ.get("SASAEAI_GUIDE_QUEUE", "20"))
SASAEAI_GUIDE_PER_CLIENT = int(os.environ.get("SASAEAI_GUIDE_PER_CLIENT", "2"))
# A booklet's entries at most (a render's time and memory grow with them; a larger one fails
# with a Japanese message asking for a smaller area or fewer categories).
SASAEAI_GUIDE_MAX_ENTRIES = int(os.environ.get("SASAEAI_GUIDE_MAX_ENTRIES", "3000"))
# A worker of `manage.py run_worker` not heard of for this many seconds (or whose process
# is gone) has died: its running job is failed with a Japanese reason (sasaeai/lib/workers.py).
SASAEAI_WORKER_LOST_SECONDS = int(os.environ.get("SASAEAI_WORKER_LOST_SECONDS", "30"))
# An import or booklet not finished this many minutes after it was asked is given up, so
# nobody waits on 「作成中」 for ever (the person can start it again).
SASAEAI_JOB_MAX_MINUTES = int(os.environ.get("SASAEAI_JOB_MAX_MINUTES", "60"))
# The gap map (fieldwork/gaps.py): how far (metres, straight line) a town's older residents
# are taken to walk to a 通いの場; 100 to 5,000.
SASAEAI_GAP_METRES = int(os.environ.get("SASAEAI_GAP_METRES", "800"))
# Map tiles of the public maps and the back office's point picker ({z}/{x}/{y} template)
# and the attribution their provider requires (HTML). Default: 国土地理院 淡色地図.
SASAEAI_TILE_URL = os.environ.get(
    "SASAEAI_TILE_URL", "https://cyberjapandata.gsi.go.jp/xyz/pale/{z}/{x}/{y}.png"
)
SASAEAI_TILE_ATTRIBUTION = os.environ.get(
    "SASAEAI_TILE_ATTRIBUTION",
    '<a href="https://maps.gsi.go.jp/development/ichiran.html">国土地理院</a>',
)


def _tile_origin(url: str) -> str:
    """The tile server's origin for the CSP; a {s} subdomain template becomes a wildcard."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{re.sub(r'[{][a-z]+[}]', '*', parts.netloc)}"


# Content-Security-Policy (django-csp) on every page, public and back office: scripts,
# styles and fonts from the site itself only — no inline script or style attribute anywhere
# (tests/test_security_headers.py, and every Chromium test fails on a violation) — and
# images from the site, data: URIs (Leaflet's CSS) and the tile server above.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", _tile_origin(SASAEAI_TILE_URL)],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Permissions-Policy (sasaeai/middleware.py): 「今いる場所から探す」 asks for the position on
# this site only; nothing else the browser offers is used.
SASAEAI_PERMISSIONS_POLICY = "geolocation=(self), camera=(), microphone=(), payment=(), usb=()"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
