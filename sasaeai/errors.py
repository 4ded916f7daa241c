"""The answer to an unexpected error: a database that cannot write is 503, not 500.

A database that is read-only (a PostgreSQL role or server set so, a SQLite file opened
read-only, a replica), full (no disk left), locked past its wait, or unreachable is a
passing state of the installation, not a fault of the page: the visitor is told in plain
Japanese that nothing was saved and to try again later (503 with Retry-After), and the
failed transaction has written nothing. Django calls this view inside its own `except`, so
the error is in sys.exc_info(). Any other error keeps the 500 page.

The page is rendered without a request context: the context processors read the
database, which may be what failed.
"""

from __future__ import annotations

import sys

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader

RETRY_SECONDS = 300
MESSAGE = (
    "ただいまデータベースに書き込めないため、この操作をできませんでした。"
    "入力した内容は保存されていません。しばらくしてから、もう一度お試しください。"
)
# PostgreSQL's SQLSTATEs: read-only transaction, disk full, out of memory, too many
# connections, cannot connect now, admin shutdown.
UNAVAILABLE_STATES = {"25006", "53100", "53200", "53300", "57P03", "57P01"}
# SQLite says so only in words.
UNAVAILABLE_WORDS = ("readonly database", "read-only", "disk is full", "database is locked")


def database_unavailable(error: BaseException | None) -> bool:
    if not isinstance(error, DatabaseError):
        return False
    if isinstance(error, InterfaceError):  # the connection is gone
        return True
    state = getattr(error.__cause__, "sqlstate", None)
    if state:
        return state in UNAVAILABLE_STATES
    # SQLite names its state only in words (its OperationalError also covers mistakes in
    # a query, which stay 500); a PostgreSQL server that cannot be reached has no SQLSTATE.
    text = str(error).lower()
    return any(w in text for w in UNAVAILABLE_WORDS) or (
        isinstance(error, OperationalError) and ("connect" in text or "server closed" in text)
    )


def server_error(request: HttpRequest) -> HttpResponse:
    if not database_unavailable(sys.exc_info()[1]):
        return HttpResponse(loader.get_template("500.html").render(), status=500)
    if "/api/" in request.path:
        response: HttpResponse = JsonResponse(
            {"error": MESSAGE}, status=503, json_dumps_params={"ensure_ascii": False}
        )
    else:
        template = loader.get_template("503.html")
        response = HttpResponse(template.render({"message": MESSAGE}), status=503)
    response["Retry-After"] = str(RETRY_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
