"""The back office's middleware (sasaeai/settings.py lists `session_max_age`):

- A session ends SASAEAI_SESSION_MAX_AGE after log-in, however active it is.
  SESSION_COOKIE_AGE with SESSION_SAVE_EVERY_REQUEST ends idle sessions; this ends long
  ones, so a shared office PC left logged in does not stay so for days.
- Nothing from the back office or a provider's update page is kept by a browser or a proxy
  (Cache-Control: no-store, private): its pages hold 内部メモ, 担当者名 and reporters'
  contacts, and the back button on a shared PC must not show them after log-out.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

KEY = "sasaeai_login_at"
NO_STORE = "no-store, private"


@receiver(user_logged_in)
def remember_login_time(sender, request: HttpRequest, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[KEY] = int(time.time())


def private_prefixes() -> tuple[str, ...]:
    """/office/ and /update/ (the provider's page), as the URLconf names them."""
    update = reverse("provider-update", args=["x"]).removesuffix("x/")
    return (reverse("office-dashboard"), update)


def session_max_age(get_response: Callable[[HttpRequest], HttpResponse]):
    def middleware(request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            started = request.session.get(KEY)
            if started is None or time.time() - started > settings.SASAEAI_SESSION_MAX_AGE:
                logout(request)
        response = get_response(request)
        if request.path.startswith(private_prefixes()):
            response["Cache-Control"] = NO_STORE
        return response

    return middleware
