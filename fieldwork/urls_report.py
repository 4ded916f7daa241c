"""The area report's pages, under /office/fieldwork/ (one row each in tests/test_office_permissions.py)."""

from django.urls import path

from fieldwork.views import report

urlpatterns = [
    path("report/", report.report_page, name="fieldwork-report"),
    path("report/pdf/", report.report_pdf, name="fieldwork-report-pdf"),
    path("report/csv/", report.report_csv, name="fieldwork-report-csv"),
]
