"""Every back-office URL. tests/test_office_permissions.py holds one row per name here."""

from django.contrib import admin
from django.urls import path, reverse_lazy
from django.utils.text import format_lazy
from django.views.generic import RedirectView

from office.views import auth, dashboard, geo, history, links, photos, reports, resources
from transfer import export_views
from transfer import views as transfer_views

urlpatterns = [
    path("login/", auth.login, name="office-login"),
    path("logout/", auth.logout, name="office-logout"),
    path("password/", auth.password_change, name="office-password"),
    path("", dashboard.dashboard, name="office-dashboard"),
    path("resources/", resources.resource_list, name="office-resources"),
    path("resources/export/", export_views.office_export, name="office-export"),
    path("import/", transfer_views.import_upload, name="office-import"),
    path("import/<int:pk>/", transfer_views.import_preview, name="office-import-preview"),
    path("resources/confirm/", resources.confirm_many, name="office-resources-confirm"),
    path("resources/new/", resources.resource_new, name="office-resource-new"),
    path("resources/<int:pk>/", resources.resource_detail, name="office-resource"),
    path("resources/<int:pk>/edit/", resources.resource_edit, name="office-resource-edit"),
    path("resources/<int:pk>/status/", resources.resource_status, name="office-resource-status"),
    path("resources/<int:pk>/confirm/", resources.resource_confirm, name="office-resource-confirm"),
    path("resources/<int:pk>/delete/", resources.resource_delete, name="office-resource-delete"),
    path(
        "resources/<int:pk>/undelete/",
        resources.resource_undelete,
        name="office-resource-undelete",
    ),
    path("resources/<int:pk>/history/", history.history, name="office-resource-history"),
    path("resources/<int:pk>/history/<int:number>/", history.revision, name="office-revision"),
    path(
        "resources/<int:pk>/history/<int:number>/restore/",
        history.restore,
        name="office-revision-restore",
    ),
    path("resources/<int:pk>/photos/", photos.photo_list, name="office-resource-photos"),
    path(
        "resources/<int:pk>/photos/<int:photo_pk>/delete/",
        photos.photo_delete,
        name="office-resource-photo-delete",
    ),
    path("resources/<int:pk>/links/", links.link_create, name="office-resource-links"),
    path("proposals/<int:pk>/", links.proposal_review, name="office-proposal"),
    path("reports/", reports.report_list, name="office-reports"),
    path("reports/<int:pk>/", reports.report_detail, name="office-report"),
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
