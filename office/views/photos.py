"""Stub: to be written."""

from django.http import HttpResponse


def photo_list(request, *args, **kwargs):  # stub
    return HttpResponse(status=501)


def photo_delete(request, *args, **kwargs):  # stub
    return HttpResponse(status=501)


def photo(request, *args, **kwargs):  # stub
    return HttpResponse(status=501)
