"""Stub: the HSDS 3.0 API (to be written)."""

from django.urls import path

from api import views

urlpatterns = [
    path("", views.root, name="api-root"),
]
