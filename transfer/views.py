"""Stub: import views (to be written)."""

from django.http import HttpResponse


def import_upload(request, *args, **kwargs):  # stub
    return HttpResponse(status=501)


def import_preview(request, *args, **kwargs):  # stub
    return HttpResponse(status=501)
