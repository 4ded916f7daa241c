"""sasaeai's settings with the SQLite file opened read-only (SQLite's own `mode=ro`), as a
read-only volume, a copy being restored or a mistaken permission leaves it: for
tests/test_database_readonly.py. PostgreSQL's read-only case needs no settings of its own
(SASAEAI_PG_OPTIONS="-c default_transaction_read_only=on", as a role set read-only)."""

from sasaeai.settings import *  # noqa: F403
from sasaeai.settings import DATABASES

DATABASES["default"]["NAME"] = f"file:{DATABASES['default']['NAME']}?mode=ro"
