"""Stub: to be written."""

from django.http import HttpResponse


def history(request, *args, **kwargs):  # stub
    return HttpResponse(status=501)


def revision(request, *args, **kwargs):  # stub
    return HttpResponse(status=501)


def restore(request, *args, **kwargs):  # stub
    return HttpResponse(status=501)
