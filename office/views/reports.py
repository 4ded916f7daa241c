"""Stub: to be written."""

from django.http import HttpResponse


def report_list(request, *args, **kwargs):  # stub
    return HttpResponse(status=501)


def report_detail(request, *args, **kwargs):  # stub
    return HttpResponse(status=501)


def report_new(request, *args, **kwargs):  # stub
    return HttpResponse(status=501)
