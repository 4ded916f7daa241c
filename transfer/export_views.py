"""Stub: export views (to be written)."""

from django.http import HttpResponse


def search_export(request, *args, **kwargs):  # stub
    return HttpResponse(status=501)


def opendata_columns(request, *args, **kwargs):  # stub
    return HttpResponse(status=501)


def office_export(request, *args, **kwargs):  # stub
    return HttpResponse(status=501)
