from django.urls import include, path

from office.views import links, photos, reports

urlpatterns = [
    path("", include("directory.urls")),
    # Public ends of the back office: no account needed.
    path("resources/<int:pk>/report/", reports.report_new, name="directory-report"),
    path("update/<str:token>/", links.provider_update, name="provider-update"),
    path("photos/<int:pk>/", photos.photo, name="directory-photo"),
    path("office/", include("office.urls")),
    path("api/hsds/", include("api.urls")),
]
