"""出前講座 and 担い手候補 pages, under /office/fieldwork/ (added to fieldwork/urls.py); one row
each in tests/test_office_permissions.py."""

from django.urls import path

from fieldwork.models import Version
from fieldwork.views import candidates, courses, history
from sasaeai.lib import ids  # noqa: F401 (registers the <id:…> converter used below)

urlpatterns = [
    path("courses/", courses.course_list, name="fieldwork-courses"),
    path("courses/new/", courses.course_new, name="fieldwork-course-new"),
    path("courses/<id:pk>/", courses.course_detail, name="fieldwork-course"),
    path("courses/<id:pk>/edit/", courses.course_edit, name="fieldwork-course-edit"),
    path("courses/<id:pk>/delete/", courses.course_delete, name="fieldwork-course-delete"),
    path("courses/<id:pk>/undelete/", courses.course_undelete, name="fieldwork-course-undelete"),
    *history.paths("courses/<id:pk>/", Version.Kind.COURSE),
    path("candidates/", candidates.candidate_list, name="fieldwork-candidates"),
    path("candidates/new/", candidates.candidate_new, name="fieldwork-candidate-new"),
    path("candidates/erasures/", candidates.erasure_log, name="fieldwork-candidate-erasures"),
    path("candidates/<id:pk>/", candidates.candidate_detail, name="fieldwork-candidate"),
    path("candidates/<id:pk>/edit/", candidates.candidate_edit, name="fieldwork-candidate-edit"),
    path("candidates/<id:pk>/erase/", candidates.candidate_erase, name="fieldwork-candidate-erase"),
    *history.paths("candidates/<id:pk>/", Version.Kind.CANDIDATE),
    path(
        "issues/<id:pk>/candidates/",
        candidates.issue_candidates,
        name="fieldwork-issue-candidates",
    ),
    path(
        "issues/<id:pk>/candidates/contact/",
        candidates.issue_contact,
        name="fieldwork-issue-contact",
    ),
]
