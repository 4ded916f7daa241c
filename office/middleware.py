"""A session ends SASAEAI_SESSION_MAX_AGE after log-in, however active it is.

SESSION_COOKIE_AGE with SESSION_SAVE_EVERY_REQUEST ends idle sessions; this ends long ones,
so a shared office PC left logged in does not stay so for days.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse

KEY = "sasaeai_login_at"


@receiver(user_logged_in)
def remember_login_time(sender, request: HttpRequest, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[KEY] = int(time.time())


def session_max_age(get_response: Callable[[HttpRequest], HttpResponse]):
    def middleware(request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            started = request.session.get(KEY)
            if started is None or time.time() - started > settings.SASAEAI_SESSION_MAX_AGE:
                logout(request)
        return get_response(request)

    return middleware
