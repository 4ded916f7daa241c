"""The gap map's pages, under /office/fieldwork/ (one row each in tests/test_office_permissions.py)."""

from django.urls import path

from fieldwork.views import gaps

urlpatterns = [
    path("gaps/", gaps.gap_map, name="fieldwork-gaps"),
    path("gaps/population/", gaps.population_upload, name="fieldwork-gap-population"),
]
