"""The 調査 pages, under /office/fieldwork/surveys/ (added to fieldwork/urls.py); one row
each in tests/test_office_permissions.py."""

from django.urls import path

from fieldwork.models import Version
from fieldwork.views import history, surveys
from sasaeai.lib import ids  # noqa: F401 (registers the <id:…> converter used below)

SURVEY = {"kind": Version.Kind.SURVEY}

urlpatterns = [
    path("surveys/", surveys.survey_list, name="fieldwork-surveys"),
    path("surveys/new/", surveys.survey_new, name="fieldwork-survey-new"),
    path("surveys/<id:pk>/", surveys.survey_detail, name="fieldwork-survey"),
    path("surveys/<id:pk>/edit/", surveys.survey_edit, name="fieldwork-survey-edit"),
    path("surveys/<id:pk>/answers/", surveys.survey_answers, name="fieldwork-survey-answers"),
    path(
        "surveys/<id:pk>/answers/<id:tally_id>/remove/",
        surveys.survey_answers_remove,
        name="fieldwork-survey-answers-remove",
    ),
    path("surveys/<id:pk>/findings/", surveys.survey_finding, name="fieldwork-survey-finding"),
    path("surveys/<id:pk>/delete/", surveys.survey_delete, name="fieldwork-survey-delete"),
    path("surveys/<id:pk>/undelete/", surveys.survey_undelete, name="fieldwork-survey-undelete"),
    path("surveys/<id:pk>/erase/", surveys.survey_erase, name="fieldwork-survey-erase"),
    path("surveys/<id:pk>/history/", history.history, SURVEY, name="fieldwork-survey-history"),
    path(
        "surveys/<id:pk>/history/<id:number>/",
        history.version,
        SURVEY,
        name="fieldwork-survey-version",
    ),
    path(
        "surveys/<id:pk>/history/<id:number>/restore/",
        history.restore,
        SURVEY,
        name="fieldwork-survey-restore",
    ),
]
