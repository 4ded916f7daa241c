"""Stub: to be written."""

from django.http import HttpResponse


def link_create(request, *args, **kwargs):  # stub
    return HttpResponse(status=501)


def proposal_review(request, *args, **kwargs):  # stub
    return HttpResponse(status=501)


def provider_update(request, *args, **kwargs):  # stub
    return HttpResponse(status=501)
