"""The 協議体 pages, under /office/fieldwork/ (added to fieldwork/urls.py); one row each in
tests/test_office_permissions.py. The public アイデア form is fieldwork/urls_public.py."""

from django.urls import path

from fieldwork.models import Version
from fieldwork.views import board, councils, history, ideas
from sasaeai.lib import ids  # noqa: F401 (registers the <id:…> converter used below)


def versions(prefix: str, url: str, kind: str) -> list:
    """The three history pages of a kind (list, one version, restore)."""
    extra = {"kind": kind}
    return [
        path(f"{url}history/", history.history, extra, name=f"{prefix}-history"),
        path(f"{url}history/<id:number>/", history.version, extra, name=f"{prefix}-version"),
        path(
            f"{url}history/<id:number>/restore/",
            history.restore,
            extra,
            name=f"{prefix}-restore",
        ),
    ]


urlpatterns = [
    path("councils/", councils.council_list, name="fieldwork-councils"),
    path("councils/new/", councils.council_new, name="fieldwork-council-new"),
    path("councils/<id:pk>/", councils.council_detail, name="fieldwork-council"),
    path("councils/<id:pk>/edit/", councils.council_edit, name="fieldwork-council-edit"),
    path("councils/<id:pk>/members/", councils.council_members, name="fieldwork-council-members"),
    path("councils/<id:pk>/delete/", councils.council_delete, name="fieldwork-council-delete"),
    path(
        "councils/<id:pk>/undelete/", councils.council_undelete, name="fieldwork-council-undelete"
    ),
    *versions("fieldwork-council", "councils/<id:pk>/", Version.Kind.COUNCIL),
    path("councils/<id:pk>/meetings/new/", councils.meeting_new, name="fieldwork-meeting-new"),
    path("meetings/<id:pk>/", councils.meeting_detail, name="fieldwork-meeting"),
    path("meetings/<id:pk>/edit/", councils.meeting_edit, name="fieldwork-meeting-edit"),
    path("meetings/<id:pk>/delete/", councils.meeting_delete, name="fieldwork-meeting-delete"),
    path(
        "meetings/<id:pk>/undelete/", councils.meeting_undelete, name="fieldwork-meeting-undelete"
    ),
    *versions("fieldwork-meeting", "meetings/<id:pk>/", Version.Kind.MEETING),
    path("meetings/<id:pk>/board/", board.board_view, name="fieldwork-board"),
    path("meetings/<id:pk>/board.json", board.board_data, name="fieldwork-board-data"),
    path("meetings/<id:pk>/board/print/", board.board_print, name="fieldwork-board-print"),
    path("meetings/<id:pk>/cards/", board.card_new, name="fieldwork-card-new"),
    path("cards/<id:pk>/", board.card_detail, name="fieldwork-card"),
    path("cards/<id:pk>/place/", board.card_place, name="fieldwork-card-place"),
    path("cards/<id:pk>/issue/", board.card_issue, name="fieldwork-card-issue"),
    path("cards/<id:pk>/draft/", board.card_draft, name="fieldwork-card-draft"),
    path("cards/<id:pk>/delete/", board.card_delete, name="fieldwork-card-delete"),
    path("cards/<id:pk>/undelete/", board.card_undelete, name="fieldwork-card-undelete"),
    *versions("fieldwork-card", "cards/<id:pk>/", Version.Kind.CARD),
    path("ideas/", ideas.idea_list, name="fieldwork-ideas"),
    path("ideas/<id:pk>/", ideas.idea_detail, name="fieldwork-idea"),
]
