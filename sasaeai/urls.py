from django.urls import include, path

from office.views import links, photos, reports
from transfer import export_views

urlpatterns = [
    path("", include("directory.urls")),
    path("search/export/", export_views.search_export, name="directory-export"),
    path("opendata/columns/", export_views.opendata_columns, name="directory-opendata-columns"),
    # Public ends of the back office: no account needed.
    path("resources/<int:pk>/report/", reports.report_new, name="directory-report"),
    path("update/<str:token>/", links.provider_update, name="provider-update"),
    path("photos/<int:pk>/", photos.photo, name="directory-photo"),
    path("office/", include("office.urls")),
    path("api/hsds/", include("api.urls")),
]
