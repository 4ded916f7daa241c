"""Log-in, log-out, password change, and the Japanese pages for lock-out and CSRF failure."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without its CSRF token (or after the session ended): say so in Japanese."""
    return render(request, "403_csrf.html", status=403)


def login(request, *args, **kwargs):  # stub
    return HttpResponse(status=501)


def logout(request, *args, **kwargs):  # stub
    return HttpResponse(status=501)


def password_change(request, *args, **kwargs):  # stub
    return HttpResponse(status=501)
