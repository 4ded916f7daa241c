from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from sasaeai.lib import ids  # noqa: F401 (registers the <id:…> converter used below)
from transfer import export_views
from transfer import views as transfer_views

# transfer's pages in the back office, under /office/ with the rest of it: routed here, since
# office (below transfer) never imports it. Their rows are in tests/test_office_permissions.py.
office_transfer = [
    path("resources/export/", export_views.office_export, name="office-export"),
    path("import/", transfer_views.import_upload, name="office-import"),
    path("import/<id:pk>/", transfer_views.import_preview, name="office-import-preview"),
    path(
        "import/<id:pk>/progress/",
        transfer_views.import_progress,
        name="office-import-progress",
    ),
]

# A database that cannot write (read-only, full, unreachable) answers 503, others 500.
handler500 = "sasaeai.errors.server_error"

urlpatterns = [
    path("", include("directory.urls")),
    path("search/export/", export_views.search_export, name="directory-export"),
    path("opendata/columns/", export_views.opendata_columns, name="directory-opendata-columns"),
    path("", include("office.public_urls")),
    path("office/", include(office_transfer)),
    path("office/fieldwork/", include("fieldwork.urls")),
    path("", include("fieldwork.urls_public")),
    path("office/", include("office.urls")),
    path("api/hsds/", include("api.urls")),
    # Browsers and phones ask for these at the top whatever the page links (issue 13).
    path("favicon.ico", RedirectView.as_view(url=static("img/favicon-32.png"), permanent=True)),
    path(
        "apple-touch-icon.png",
        RedirectView.as_view(url=static("img/apple-touch-icon.png"), permanent=True),
    ),
]
