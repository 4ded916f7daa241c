"""The back office's public ends, for anyone without an account: the 情報の誤りの報告 form, a
provider's update-link page and a resource's photos. sasaeai/urls.py includes them at the
site's root; tests/test_office_permissions.py holds a row for each name here too."""

from django.urls import path

from office.views import links, photos, reports
from sasaeai.lib import ids  # noqa: F401 (registers the <id:…> converter used below)

urlpatterns = [
    path("resources/<id:pk>/report/", reports.report_new, name="directory-report"),
    path("update/<str:token>/", links.provider_update, name="provider-update"),
    path("photos/<id:pk>/", photos.photo, name="directory-photo"),
]
