"""Stub: to be written."""

from django.http import HttpResponse


def resource_list(request, *args, **kwargs):  # stub
    return HttpResponse(status=501)


def confirm_many(request, *args, **kwargs):  # stub
    return HttpResponse(status=501)


def resource_new(request, *args, **kwargs):  # stub
    return HttpResponse(status=501)


def resource_detail(request, *args, **kwargs):  # stub
    return HttpResponse(status=501)


def resource_edit(request, *args, **kwargs):  # stub
    return HttpResponse(status=501)


def resource_status(request, *args, **kwargs):  # stub
    return HttpResponse(status=501)


def resource_confirm(request, *args, **kwargs):  # stub
    return HttpResponse(status=501)


def resource_delete(request, *args, **kwargs):  # stub
    return HttpResponse(status=501)


def resource_undelete(request, *args, **kwargs):  # stub
    return HttpResponse(status=501)
