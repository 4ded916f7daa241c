"""Stub: to be written."""

from django.http import HttpResponse


def postal_code(request, *args, **kwargs):  # stub
    return HttpResponse(status=501)
