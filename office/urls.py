"""Every back-office URL but transfer's (sasaeai/urls.py routes the export and the import under
/office/ too). tests/test_office_permissions.py holds one row per name here."""

from django.contrib import admin
from django.urls import path, reverse_lazy
from django.utils.text import format_lazy
from django.views.generic import RedirectView

from office.views import (
    account,
    auth,
    cities,
    dashboard,
    geo,
    history,
    links,
    photos,
    reports,
    resources,
)
from sasaeai.lib import ids  # noqa: F401 (registers the <id:…> converter used below)

urlpatterns = [
    path("login/", auth.login, name="office-login"),
    path("logout/", auth.logout, name="office-logout"),
    path("password/", auth.password_change, name="office-password"),
    path("account/", account.account, name="office-account"),
    path("", dashboard.dashboard, name="office-dashboard"),
    path("city/", cities.city_choice, name="office-city"),
    path("resources/", resources.resource_list, name="office-resources"),
    path("resources/confirm/", resources.confirm_many, name="office-resources-confirm"),
    path("resources/new/", resources.resource_new, name="office-resource-new"),
    path("resources/<id:pk>/", resources.resource_detail, name="office-resource"),
    path("resources/<id:pk>/edit/", resources.resource_edit, name="office-resource-edit"),
    path("resources/<id:pk>/status/", resources.resource_status, name="office-resource-status"),
    path("resources/<id:pk>/confirm/", resources.resource_confirm, name="office-resource-confirm"),
    path("resources/<id:pk>/delete/", resources.resource_delete, name="office-resource-delete"),
    path(
        "resources/<id:pk>/undelete/",
        resources.resource_undelete,
        name="office-resource-undelete",
    ),
    path("resources/<id:pk>/history/", history.history, name="office-resource-history"),
    path("resources/<id:pk>/history/<id:number>/", history.revision, name="office-revision"),
    path(
        "resources/<id:pk>/history/<id:number>/restore/",
        history.restore,
        name="office-revision-restore",
    ),
    path("resources/<id:pk>/photos/", photos.photo_list, name="office-resource-photos"),
    path(
        "resources/<id:pk>/photos/<id:photo_pk>/delete/",
        photos.photo_delete,
        name="office-resource-photo-delete",
    ),
    path("resources/<id:pk>/links/", links.link_create, name="office-resource-links"),
    path("proposals/<id:pk>/", links.proposal_review, name="office-proposal"),
    path("reports/", reports.report_list, name="office-reports"),
    path("reports/<id:pk>/", reports.report_detail, name="office-report"),
    path("postal-code/", geo.postal_code, name="office-postal-code"),
    # Django's own admin: the 管理者's tool for accounts, categories and providers.
    path(
        "admin/login/",
        RedirectView.as_view(
            url=format_lazy("{}?next={}", reverse_lazy("office-login"), reverse_lazy("admin:index"))
        ),
    ),
    path("admin/", admin.site.urls),
]
