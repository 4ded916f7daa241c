"""The fieldwork pages, under /office/fieldwork/ (sasaeai/urls.py); one row each in
tests/test_office_permissions.py."""

from django.urls import path

from fieldwork import urls_councils, urls_courses
from fieldwork.models import Version
from fieldwork.views import history, issues, park_map, park_photos, parks, support
from sasaeai.lib import ids  # noqa: F401 (registers the <id:…> converter used below)

ISSUE = {"kind": Version.Kind.ISSUE}
SUPPORT = {"kind": Version.Kind.SUPPORT}
PARK = {"kind": Version.Kind.PARK}

urlpatterns = [
    path("issues/", issues.issue_list, name="fieldwork-issues"),
    path("issues/new/", issues.issue_new, name="fieldwork-issue-new"),
    path("issues/<id:pk>/", issues.issue_detail, name="fieldwork-issue"),
    path("issues/<id:pk>/edit/", issues.issue_edit, name="fieldwork-issue-edit"),
    path("issues/<id:pk>/status/", issues.issue_status, name="fieldwork-issue-status"),
    path("issues/<id:pk>/resources/", issues.issue_resources, name="fieldwork-issue-resources"),
    path("issues/<id:pk>/delete/", issues.issue_delete, name="fieldwork-issue-delete"),
    path("issues/<id:pk>/undelete/", issues.issue_undelete, name="fieldwork-issue-undelete"),
    path("issues/<id:pk>/history/", history.history, ISSUE, name="fieldwork-issue-history"),
    path(
        "issues/<id:pk>/history/<id:number>/",
        history.version,
        ISSUE,
        name="fieldwork-issue-version",
    ),
    path(
        "issues/<id:pk>/history/<id:number>/restore/",
        history.restore,
        ISSUE,
        name="fieldwork-issue-restore",
    ),
    path("resources/<id:pk>/issues/", issues.resource_issue, name="fieldwork-resource-issue"),
    path("support/", support.support_list, name="fieldwork-support"),
    path("support/new/", support.support_new, name="fieldwork-support-new"),
    path("support/<id:pk>/", support.support_detail, name="fieldwork-support-record"),
    path("support/<id:pk>/edit/", support.support_edit, name="fieldwork-support-edit"),
    path("support/<id:pk>/delete/", support.support_delete, name="fieldwork-support-delete"),
    path("support/<id:pk>/undelete/", support.support_undelete, name="fieldwork-support-undelete"),
    path("support/<id:pk>/history/", history.history, SUPPORT, name="fieldwork-support-history"),
    path(
        "support/<id:pk>/history/<id:number>/",
        history.version,
        SUPPORT,
        name="fieldwork-support-version",
    ),
    path(
        "support/<id:pk>/history/<id:number>/restore/",
        history.restore,
        SUPPORT,
        name="fieldwork-support-restore",
    ),
    path("parks/", parks.park_list, name="fieldwork-parks"),
    path("parks/new/", parks.park_new, name="fieldwork-park-new"),
    path("parks/import/", parks.park_upload, name="fieldwork-park-import"),
    path("parks/<id:pk>/", parks.park_detail, name="fieldwork-park"),
    path("parks/<id:pk>/print/", parks.park_print, name="fieldwork-park-print"),
    path("parks/<id:pk>/edit/", parks.park_edit, name="fieldwork-park-edit"),
    path("parks/<id:pk>/photos/", park_photos.photo_add, name="fieldwork-park-photo-add"),
    path("parks/<id:pk>/photos/<id:photo_id>/", park_photos.photo, name="fieldwork-park-photo"),
    path(
        "parks/<id:pk>/photos/<id:photo_id>/remove/",
        park_photos.photo_remove,
        name="fieldwork-park-photo-remove",
    ),
    path("parks/<id:pk>/delete/", parks.park_delete, name="fieldwork-park-delete"),
    path("parks/<id:pk>/undelete/", parks.park_undelete, name="fieldwork-park-undelete"),
    path("parks/<id:pk>/history/", history.history, PARK, name="fieldwork-park-history"),
    path(
        "parks/<id:pk>/history/<id:number>/", history.version, PARK, name="fieldwork-park-version"
    ),
    path(
        "parks/<id:pk>/history/<id:number>/restore/",
        history.restore,
        PARK,
        name="fieldwork-park-restore",
    ),
]
from fieldwork import urls_surveys  # noqa: E402

urlpatterns += urls_surveys.urlpatterns

from fieldwork import urls_gaps  # noqa: E402

urlpatterns += urls_gaps.urlpatterns


# 公園カルテ on a map (issue 12): the list's filters, its GeoJSON.
urlpatterns += [
    path("parks/map/", park_map.park_map, name="fieldwork-parks-map"),
    path("parks/map.json", park_map.park_map_data, name="fieldwork-parks-map-data"),
]

urlpatterns += urls_councils.urlpatterns


urlpatterns += urls_courses.urlpatterns

from fieldwork import urls_report  # noqa: E402

urlpatterns += urls_report.urlpatterns
