"""Stub: to be written."""

from django.http import HttpResponse


def dashboard(request, *args, **kwargs):  # stub
    return HttpResponse(status=501)
