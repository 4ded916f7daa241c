"""The permission matrix: every back-office URL × every role → the expected status.

One table. A URL added to office/urls.py, office/public_urls.py or sasaeai/urls.py (the
public ends of the back office, transfer's back-office pages) without its row here fails
test_it_has_a_row_for_every_url.
"""

from __future__ import annotations

from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from directory.models import Photo, Resource
from fieldwork import editing as fieldwork_editing
from fieldwork.council_models import Idea
from fieldwork.models import Course, Park, ParkPhoto, SupportRecord
from fieldwork.survey_models import Survey, SurveyTally
from office import editing
from office.models import Proposal, Report, Revision, UpdateLink
from tests.council_base import add_council_records
from tests.course_base import make_candidate
from tests.fieldwork_base import FieldworkTestCase

ROLES = ["anonymous", "outsider", "viewer", "chuo", "higashichiba", "admin"]
LOGIN = 302  # sent to /office/login/
DONE = 302  # did it, then redirected

# (url name, method, url, POST data, {role: status}); {salon} is inside both coordinators'
# areas, {chuo} is in 中央区 but outside 東千葉圏域, {mihama} is outside both.
# Statuses in ROLES order.
MATRIX: list[tuple[str, str, str, dict, tuple[int, ...]]] = [
    ("office-login", "GET", "/office/login/", {}, (200, 302, 302, 302, 302, 302)),
    ("office-logout", "POST", "/office/logout/", {}, (302, 302, 302, 302, 302, 302)),
    ("office-password", "GET", "/office/password/", {}, (LOGIN, 403, 200, 200, 200, 200)),
    ("office-account", "GET", "/office/account/", {}, (LOGIN, 403, 200, 200, 200, 200)),
    (
        "office-account",
        "POST",
        "/office/account/",
        {"email": "", "mail_report": "now", "mail_proposal": "daily", "mail_idea": "off"},
        (LOGIN, 403, 303, 303, 303, 303),
    ),
    ("office-dashboard", "GET", "/office/", {}, (LOGIN, 403, 200, 200, 200, 200)),
    ("office-city", "GET", "/office/city/", {}, (LOGIN, 403, 200, 200, 200, 200)),
    # Only the 全体の管理者 (tests/test_office_cities.py) changes city; a city's 管理者 cannot.
    ("office-city", "POST", "/office/city/", {"city": "{city}"}, (LOGIN, 403, 403, 403, 403, 403)),
    ("office-resources", "GET", "/office/resources/", {}, (LOGIN, 403, 200, 200, 200, 200)),
    (
        "office-export",
        "GET",
        "/office/resources/export/?format=csv",
        {},
        (LOGIN, 403, 200, 200, 200, 200),
    ),
    ("office-import", "GET", "/office/import/", {}, (LOGIN, 403, 403, 200, 200, 200)),
    (
        "office-import-preview",
        "GET",
        "/office/import/999999/",
        {},
        (LOGIN, 403, 403, 404, 404, 404),
    ),
    (
        "office-import-progress",
        "GET",
        "/office/import/999999/progress/",
        {},
        (LOGIN, 403, 403, 404, 404, 404),
    ),
    (
        "office-resources-confirm",
        "POST",
        "/office/resources/confirm/",
        {"ids": "{salon}"},
        (LOGIN, 403, 403, DONE, DONE, DONE),
    ),
    ("office-resource-new", "GET", "/office/resources/new/", {}, (LOGIN, 403, 403, 200, 200, 200)),
    ("office-resource", "GET", "/office/resources/{mihama}/", {}, (LOGIN, 403, 200, 200, 200, 200)),
    (
        "office-resource-edit",
        "GET",
        "/office/resources/{salon}/edit/",
        {},
        (LOGIN, 403, 403, 200, 200, 200),
    ),
    (
        "office-resource-edit",
        "GET",
        "/office/resources/{chuo}/edit/",
        {},
        (LOGIN, 403, 403, 200, 403, 200),
    ),
    (
        "office-resource-edit",
        "GET",
        "/office/resources/{mihama}/edit/",
        {},
        (LOGIN, 403, 403, 403, 403, 200),
    ),
    (
        "office-resource-status",
        "POST",
        "/office/resources/{salon}/status/",
        {"status": "paused"},
        (LOGIN, 403, 403, DONE, DONE, DONE),
    ),
    (
        "office-resource-status",
        "POST",
        "/office/resources/{mihama}/status/",
        {"status": "paused"},
        (LOGIN, 403, 403, 403, 403, DONE),
    ),
    (
        "office-resource-confirm",
        "POST",
        "/office/resources/{chuo}/confirm/",
        {},
        (LOGIN, 403, 403, DONE, 403, DONE),
    ),
    (
        "office-resource-delete",
        "GET",
        "/office/resources/{salon}/delete/",
        {},
        (LOGIN, 403, 403, 200, 200, 200),
    ),
    (
        "office-resource-delete",
        "POST",
        "/office/resources/{mihama}/delete/",
        {},
        (LOGIN, 403, 403, 403, 403, DONE),
    ),
    (
        "office-resource-undelete",
        "POST",
        "/office/resources/{salon}/undelete/",
        {},
        (LOGIN, 403, 403, 403, 403, DONE),
    ),
    (
        "office-resource-history",
        "GET",
        "/office/resources/{mihama}/history/",
        {},
        (LOGIN, 403, 200, 200, 200, 200),
    ),
    (
        "office-revision",
        "GET",
        "/office/resources/{salon}/history/1/",
        {},
        (LOGIN, 403, 200, 200, 200, 200),
    ),
    (
        "office-revision-restore",
        "POST",
        "/office/resources/{salon}/history/1/restore/",
        {},
        (LOGIN, 403, 403, DONE, DONE, DONE),
    ),
    (
        "office-revision-restore",
        "POST",
        "/office/resources/{chuo}/history/1/restore/",
        {},
        (LOGIN, 403, 403, DONE, 403, DONE),
    ),
    # Restoring a version whose town lies outside: only the 管理者 may move it out.
    (
        "office-revision-restore",
        "POST",
        "/office/resources/{moved}/history/1/restore/",
        {},
        (LOGIN, 403, 403, 403, 403, DONE),
    ),
    (
        "office-resource-photos",
        "GET",
        "/office/resources/{mihama}/photos/",
        {},
        (LOGIN, 403, 200, 200, 200, 200),
    ),
    (
        "office-resource-photos",
        "POST",
        "/office/resources/{mihama}/photos/",
        {},
        (LOGIN, 403, 403, 403, 403, 200),
    ),
    (
        "office-resource-photo-delete",
        "POST",
        "/office/resources/{salon}/photos/{photo}/delete/",
        {},
        (LOGIN, 403, 403, DONE, DONE, DONE),
    ),
    (
        "office-resource-links",
        "GET",
        "/office/resources/{mihama}/links/",
        {},
        (LOGIN, 403, 200, 200, 200, 200),
    ),
    (
        "office-resource-links",
        "POST",
        "/office/resources/{chuo}/links/",
        {},
        (LOGIN, 403, 403, 200, 403, 200),
    ),
    (
        "office-proposal",
        "GET",
        "/office/proposals/{proposal}/",
        {},
        (LOGIN, 403, 200, 200, 404, 200),
    ),
    (
        "office-proposal",
        "POST",
        "/office/proposals/{proposal}/",
        {},
        (LOGIN, 403, 403, 200, 403, 200),
    ),
    # Accepting a new address in 美浜区 would move the salon out of both coordinators' areas.
    (
        "office-proposal",
        "POST",
        "/office/proposals/{moving_proposal}/",
        {"decide_address": "accept"},
        (LOGIN, 403, 403, 403, 403, 303),
    ),
    ("office-reports", "GET", "/office/reports/", {}, (LOGIN, 403, 200, 200, 200, 200)),
    ("office-report", "GET", "/office/reports/{report}/", {}, (LOGIN, 403, 200, 200, 404, 200)),
    (
        "office-report",
        "POST",
        "/office/reports/{report}/",
        {"reply": "直しました"},
        (LOGIN, 403, 403, 303, 404, 303),
    ),
    (
        "office-postal-code",
        "GET",
        "/office/postal-code/?code=2600013",
        {},
        (LOGIN, 403, 200, 200, 200, 200),
    ),
    ("admin:index", "GET", "/office/admin/", {}, (LOGIN, 403, 403, 403, 403, 200)),
    (
        "admin:auth_user_changelist",
        "GET",
        "/office/admin/auth/user/",
        {},
        (LOGIN, 403, 403, 403, 403, 200),
    ),
    # 地域課題 and 支援記録 (fieldwork): {issue} and {record} lie in 弁天圏域 (both
    # coordinators'), {chuo_issue} is filed under 中央区 (the 中央区 coordinator's only),
    # {mihama_issue} in 美浜区 (neither's); {gone} is a deleted issue (the 管理者 sees it).
    ("fieldwork-issues", "GET", "/office/fieldwork/issues/", {}, (LOGIN, 403, 200, 200, 200, 200)),
    (
        "fieldwork-issue-new",
        "GET",
        "/office/fieldwork/issues/new/",
        {},
        (LOGIN, 403, 403, 200, 200, 200),
    ),
    (
        "fieldwork-issue-new",
        "POST",
        "/office/fieldwork/issues/new/",
        {"area": "{benten}", "title": "買い物が大変", "source": "visit"},
        (LOGIN, 403, 403, DONE, DONE, DONE),
    ),
    # Outside the person's areas: the form refuses it (400), nothing is saved.
    (
        "fieldwork-issue-new",
        "POST",
        "/office/fieldwork/issues/new/",
        {"area": "{mihama_area}", "title": "買い物が大変", "source": "visit"},
        (LOGIN, 403, 403, 400, 400, DONE),
    ),
    (
        "fieldwork-issue",
        "GET",
        "/office/fieldwork/issues/{mihama_issue}/",
        {},
        (LOGIN, 403, 200, 200, 200, 200),
    ),
    (
        "fieldwork-issue",
        "GET",
        "/office/fieldwork/issues/{gone}/",
        {},
        (LOGIN, 403, 404, 404, 404, 200),
    ),
    (
        "fieldwork-issue-edit",
        "GET",
        "/office/fieldwork/issues/{issue}/edit/",
        {},
        (LOGIN, 403, 403, 200, 200, 200),
    ),
    (
        "fieldwork-issue-edit",
        "GET",
        "/office/fieldwork/issues/{chuo_issue}/edit/",
        {},
        (LOGIN, 403, 403, 200, 403, 200),
    ),
    (
        "fieldwork-issue-edit",
        "POST",
        "/office/fieldwork/issues/{mihama_issue}/edit/",
        {"area": "{mihama_area}", "title": "変えた", "source": "visit"},
        (LOGIN, 403, 403, 403, 403, DONE),
    ),
    (
        "fieldwork-issue-status",
        "POST",
        "/office/fieldwork/issues/{chuo_issue}/status/",
        {"status": "considering", "noted_on": "2026-11-01"},
        (LOGIN, 403, 403, DONE, 403, DONE),
    ),
    (
        "fieldwork-issue-resources",
        "POST",
        "/office/fieldwork/issues/{issue}/resources/",
        {"resource": "{salon}"},
        (LOGIN, 403, 403, DONE, DONE, DONE),
    ),
    (
        "fieldwork-issue-resources",
        "POST",
        "/office/fieldwork/issues/{mihama_issue}/resources/",
        {"resource": "{salon}"},
        (LOGIN, 403, 403, 403, 403, DONE),
    ),
    (
        "fieldwork-issue-delete",
        "GET",
        "/office/fieldwork/issues/{issue}/delete/",
        {},
        (LOGIN, 403, 403, 200, 200, 200),
    ),
    (
        "fieldwork-issue-delete",
        "POST",
        "/office/fieldwork/issues/{mihama_issue}/delete/",
        {},
        (LOGIN, 403, 403, 403, 403, DONE),
    ),
    (
        "fieldwork-issue-undelete",
        "POST",
        "/office/fieldwork/issues/{gone}/undelete/",
        {},
        (LOGIN, 403, 403, 403, 403, DONE),
    ),
    (
        "fieldwork-issue-history",
        "GET",
        "/office/fieldwork/issues/{mihama_issue}/history/",
        {},
        (LOGIN, 403, 200, 200, 200, 200),
    ),
    (
        "fieldwork-issue-version",
        "GET",
        "/office/fieldwork/issues/{issue}/history/1/",
        {},
        (LOGIN, 403, 200, 200, 200, 200),
    ),
    (
        "fieldwork-issue-restore",
        "POST",
        "/office/fieldwork/issues/{chuo_issue}/history/1/restore/",
        {},
        (LOGIN, 403, 403, DONE, 403, DONE),
    ),
    # From the resource's page: which issue it answers (the issue must be the person's).
    (
        "fieldwork-resource-issue",
        "POST",
        "/office/fieldwork/resources/{mihama}/issues/",
        {"issue": "{chuo_issue}"},
        (LOGIN, 403, 403, DONE, 403, DONE),
    ),
    (
        "fieldwork-support",
        "GET",
        "/office/fieldwork/support/",
        {},
        (LOGIN, 403, 200, 200, 200, 200),
    ),
    (
        "fieldwork-support-new",
        "GET",
        "/office/fieldwork/support/new/?resource={salon}",
        {},
        (LOGIN, 403, 403, 200, 200, 200),
    ),
    (
        "fieldwork-support-new",
        "POST",
        "/office/fieldwork/support/new/",
        {"area": "{benten}", "group_name": "町内自治会", "held_on": "2026-11-01"},
        (LOGIN, 403, 403, DONE, DONE, DONE),
    ),
    (
        "fieldwork-support-record",
        "GET",
        "/office/fieldwork/support/{record}/",
        {},
        (LOGIN, 403, 200, 200, 200, 200),
    ),
    (
        "fieldwork-support-edit",
        "GET",
        "/office/fieldwork/support/{record}/edit/",
        {},
        (LOGIN, 403, 403, 200, 200, 200),
    ),
    (
        "fieldwork-support-edit",
        "GET",
        "/office/fieldwork/support/{mihama_record}/edit/",
        {},
        (LOGIN, 403, 403, 403, 403, 200),
    ),
    (
        "fieldwork-support-delete",
        "POST",
        "/office/fieldwork/support/{mihama_record}/delete/",
        {},
        (LOGIN, 403, 403, 403, 403, DONE),
    ),
    (
        "fieldwork-support-undelete",
        "POST",
        "/office/fieldwork/support/{record}/undelete/",
        {},
        (LOGIN, 403, 403, 403, 403, DONE),
    ),
    (
        "fieldwork-support-history",
        "GET",
        "/office/fieldwork/support/{mihama_record}/history/",
        {},
        (LOGIN, 403, 200, 200, 200, 200),
    ),
    (
        "fieldwork-support-version",
        "GET",
        "/office/fieldwork/support/{record}/history/1/",
        {},
        (LOGIN, 403, 200, 200, 200, 200),
    ),
    (
        "fieldwork-support-restore",
        "POST",
        "/office/fieldwork/support/{mihama_record}/history/1/restore/",
        {},
        (LOGIN, 403, 403, 403, 403, DONE),
    ),
    # 公園カルテ (fieldwork): {park} lies in 弁天圏域 (both coordinators'), {mihama_park} in
    # 美浜区 (neither's), {gone_park} is deleted (the 管理者 sees it).
    ("fieldwork-parks", "GET", "/office/fieldwork/parks/", {}, (LOGIN, 403, 200, 200, 200, 200)),
    (
        "fieldwork-park-new",
        "GET",
        "/office/fieldwork/parks/new/",
        {},
        (LOGIN, 403, 403, 200, 200, 200),
    ),
    (
        "fieldwork-park-new",
        "POST",
        "/office/fieldwork/parks/new/",
        {"area": "{benten}", "name": "弁天の公園", "toilet": "unknown"},
        (LOGIN, 403, 403, DONE, DONE, DONE),
    ),
    (
        "fieldwork-park-new",
        "POST",
        "/office/fieldwork/parks/new/",
        {"area": "{mihama_area}", "name": "美浜の公園", "toilet": "unknown"},
        (LOGIN, 403, 403, 400, 400, DONE),
    ),
    (
        "fieldwork-park-import",
        "GET",
        "/office/fieldwork/parks/import/",
        {},
        (LOGIN, 403, 403, 200, 200, 200),
    ),
    (
        "fieldwork-park-import",
        "POST",
        "/office/fieldwork/parks/import/",
        {},
        (LOGIN, 403, 403, 400, 400, 400),
    ),
    (
        "fieldwork-park",
        "GET",
        "/office/fieldwork/parks/{mihama_park}/",
        {},
        (LOGIN, 403, 200, 200, 200, 200),
    ),
    (
        "fieldwork-park",
        "GET",
        "/office/fieldwork/parks/{gone_park}/",
        {},
        (LOGIN, 403, 404, 404, 404, 200),
    ),
    (
        "fieldwork-park-print",
        "GET",
        "/office/fieldwork/parks/{park}/print/",
        {},
        (LOGIN, 403, 200, 200, 200, 200),
    ),
    (
        "fieldwork-park-edit",
        "GET",
        "/office/fieldwork/parks/{park}/edit/",
        {},
        (LOGIN, 403, 403, 200, 200, 200),
    ),
    (
        "fieldwork-park-edit",
        "GET",
        "/office/fieldwork/parks/{mihama_park}/edit/",
        {},
        (LOGIN, 403, 403, 403, 403, 200),
    ),
    (
        "fieldwork-park-photo-add",
        "POST",
        "/office/fieldwork/parks/{park}/photos/",
        {"alt": "写真"},
        (LOGIN, 403, 403, 400, 400, 400),
    ),
    (
        "fieldwork-park-photo-add",
        "POST",
        "/office/fieldwork/parks/{mihama_park}/photos/",
        {"alt": "写真"},
        (LOGIN, 403, 403, 403, 403, 400),
    ),
    (
        "fieldwork-park-photo",
        "GET",
        "/office/fieldwork/parks/{mihama_park}/photos/{park_photo}/",
        {},
        (LOGIN, 403, 200, 200, 200, 200),
    ),
    (
        "fieldwork-park-photo-remove",
        "POST",
        "/office/fieldwork/parks/{mihama_park}/photos/{park_photo}/remove/",
        {},
        (LOGIN, 403, 403, 403, 403, DONE),
    ),
    (
        "fieldwork-park-delete",
        "POST",
        "/office/fieldwork/parks/{mihama_park}/delete/",
        {},
        (LOGIN, 403, 403, 403, 403, DONE),
    ),
    (
        "fieldwork-park-undelete",
        "POST",
        "/office/fieldwork/parks/{gone_park}/undelete/",
        {},
        (LOGIN, 403, 403, 403, 403, DONE),
    ),
    (
        "fieldwork-park-history",
        "GET",
        "/office/fieldwork/parks/{mihama_park}/history/",
        {},
        (LOGIN, 403, 200, 200, 200, 200),
    ),
    (
        "fieldwork-park-version",
        "GET",
        "/office/fieldwork/parks/{park}/history/1/",
        {},
        (LOGIN, 403, 200, 200, 200, 200),
    ),
    (
        "fieldwork-park-restore",
        "POST",
        "/office/fieldwork/parks/{mihama_park}/history/1/restore/",
        {},
        (LOGIN, 403, 403, 403, 403, DONE),
    ),
    # 調査 (fieldwork): {survey} lies in 弁天圏域 (both coordinators'), {mihama_survey} in
    # 美浜区 (neither's), {gone_survey} is deleted; erasing is the 管理者's only.
    (
        "fieldwork-surveys",
        "GET",
        "/office/fieldwork/surveys/",
        {},
        (LOGIN, 403, 200, 200, 200, 200),
    ),
    (
        "fieldwork-survey-new",
        "GET",
        "/office/fieldwork/surveys/new/",
        {},
        (LOGIN, 403, 403, 200, 200, 200),
    ),
    (
        "fieldwork-survey-new",
        "POST",
        "/office/fieldwork/surveys/new/",
        {
            "area": "{mihama_area}",
            "title": "美浜の調査",
            "kind": "walk",
            "conducted_on": "2026-01-05",
        },
        (LOGIN, 403, 403, 400, 400, DONE),
    ),
    (
        "fieldwork-survey",
        "GET",
        "/office/fieldwork/surveys/{mihama_survey}/",
        {},
        (LOGIN, 403, 200, 200, 200, 200),
    ),
    (
        "fieldwork-survey",
        "GET",
        "/office/fieldwork/surveys/{gone_survey}/",
        {},
        (LOGIN, 403, 404, 404, 404, 200),
    ),
    (
        "fieldwork-survey-edit",
        "GET",
        "/office/fieldwork/surveys/{survey}/edit/",
        {},
        (LOGIN, 403, 403, 200, 200, 200),
    ),
    (
        "fieldwork-survey-edit",
        "GET",
        "/office/fieldwork/surveys/{mihama_survey}/edit/",
        {},
        (LOGIN, 403, 403, 403, 403, 200),
    ),
    (
        "fieldwork-survey-answers",
        "POST",
        "/office/fieldwork/surveys/{survey}/answers/",
        {"label": "回収分"},
        (LOGIN, 403, 403, 400, 400, 400),
    ),
    (
        "fieldwork-survey-answers",
        "POST",
        "/office/fieldwork/surveys/{mihama_survey}/answers/",
        {"label": "回収分"},
        (LOGIN, 403, 403, 403, 403, 400),
    ),
    (
        "fieldwork-survey-answers-remove",
        "POST",
        "/office/fieldwork/surveys/{mihama_survey}/answers/{survey_tally}/remove/",
        {},
        (LOGIN, 403, 403, 403, 403, DONE),
    ),
    (
        "fieldwork-survey-finding",
        "POST",
        "/office/fieldwork/surveys/{survey}/findings/",
        {"finding": "坂の上に集いの場がない", "into": "issue"},
        (LOGIN, 403, 403, DONE, DONE, DONE),
    ),
    (
        "fieldwork-survey-finding",
        "POST",
        "/office/fieldwork/surveys/{mihama_survey}/findings/",
        {"finding": "休める場所がない", "into": "draft"},
        (LOGIN, 403, 403, 403, 403, DONE),
    ),
    (
        "fieldwork-survey-delete",
        "POST",
        "/office/fieldwork/surveys/{mihama_survey}/delete/",
        {},
        (LOGIN, 403, 403, 403, 403, DONE),
    ),
    (
        "fieldwork-survey-undelete",
        "POST",
        "/office/fieldwork/surveys/{gone_survey}/undelete/",
        {},
        (LOGIN, 403, 403, 403, 403, DONE),
    ),
    (
        "fieldwork-survey-erase",
        "GET",
        "/office/fieldwork/surveys/{survey}/erase/",
        {},
        (LOGIN, 403, 403, 403, 403, 200),
    ),
    (
        "fieldwork-survey-erase",
        "POST",
        "/office/fieldwork/surveys/{survey}/erase/",
        {},
        (LOGIN, 403, 403, 403, 403, DONE),
    ),
    (
        "fieldwork-survey-history",
        "GET",
        "/office/fieldwork/surveys/{mihama_survey}/history/",
        {},
        (LOGIN, 403, 200, 200, 200, 200),
    ),
    (
        "fieldwork-survey-version",
        "GET",
        "/office/fieldwork/surveys/{survey}/history/1/",
        {},
        (LOGIN, 403, 200, 200, 200, 200),
    ),
    (
        "fieldwork-survey-restore",
        "POST",
        "/office/fieldwork/surveys/{mihama_survey}/history/1/restore/",
        {},
        (LOGIN, 403, 403, 403, 403, DONE),
    ),
    # 空白地図 (fieldwork): everyone in the back office reads it; the population file is the
    # 管理者's (it replaces the whole city's figures).
    ("fieldwork-gaps", "GET", "/office/fieldwork/gaps/", {}, (LOGIN, 403, 200, 200, 200, 200)),
    (
        "fieldwork-gaps",
        "GET",
        "/office/fieldwork/gaps/?area={mihama_area}&sort=uncovered",
        {},
        (LOGIN, 403, 200, 200, 200, 200),
    ),
    (
        "fieldwork-gap-population",
        "GET",
        "/office/fieldwork/gaps/population/",
        {},
        (LOGIN, 403, 403, 403, 403, 200),
    ),
    (
        "fieldwork-gap-population",
        "POST",
        "/office/fieldwork/gaps/population/",
        {},
        (LOGIN, 403, 403, 403, 403, 400),
    ),
    # 公園カルテ on a map, and the public 「公園をさがす」 (fieldwork/urls_public.py): {park}
    # and {mihama_park} have no field chosen to show, so no public page.
    (
        "fieldwork-parks-map",
        "GET",
        "/office/fieldwork/parks/map/",
        {},
        (LOGIN, 403, 200, 200, 200, 200),
    ),
    (
        "fieldwork-parks-map-data",
        "GET",
        "/office/fieldwork/parks/map.json?toilet=on",
        {},
        (LOGIN, 403, 200, 200, 200, 200),
    ),
    ("parks", "GET", "/parks/", {}, (200,) * 6),
    ("parks-park", "GET", "/parks/{park}/", {}, (404,) * 6),
    ("parks-photo", "GET", "/parks/{mihama_park}/photos/{park_photo}/", {}, (404,) * 6),
    # 協議体 (fieldwork): {council}, {meeting}, {card} lie in 弁天圏域 (both coordinators'),
    # {mihama_council}, {mihama_meeting}, {mihama_card} in 美浜区 (neither's); アイデア:
    # {benten_idea} in 弁天圏域, {mihama_idea} in 美浜区.
    (
        "fieldwork-councils",
        "GET",
        "/office/fieldwork/councils/",
        {},
        (LOGIN, 403, 200, 200, 200, 200),
    ),
    (
        "fieldwork-council-new",
        "GET",
        "/office/fieldwork/councils/new/",
        {},
        (LOGIN, 403, 403, 200, 200, 200),
    ),
    (
        "fieldwork-council-new",
        "POST",
        "/office/fieldwork/councils/new/",
        {"area": "{mihama_area}", "name": "美浜の協議体"},
        (LOGIN, 403, 403, 400, 400, DONE),
    ),
    (
        "fieldwork-council",
        "GET",
        "/office/fieldwork/councils/{mihama_council}/",
        {},
        (LOGIN, 403, 200, 200, 200, 200),
    ),
    (
        "fieldwork-council-edit",
        "GET",
        "/office/fieldwork/councils/{council}/edit/",
        {},
        (LOGIN, 403, 403, 200, 200, 200),
    ),
    (
        "fieldwork-council-edit",
        "GET",
        "/office/fieldwork/councils/{mihama_council}/edit/",
        {},
        (LOGIN, 403, 403, 403, 403, 200),
    ),
    (
        "fieldwork-council-members",
        "GET",
        "/office/fieldwork/councils/{mihama_council}/members/",
        {},
        (LOGIN, 403, 403, 403, 403, 200),
    ),
    (
        "fieldwork-council-members",
        "POST",
        "/office/fieldwork/councils/{council}/members/",
        {},
        (LOGIN, 403, 403, 400, 400, 400),
    ),
    (
        "fieldwork-council-delete",
        "POST",
        "/office/fieldwork/councils/{mihama_council}/delete/",
        {},
        (LOGIN, 403, 403, 403, 403, DONE),
    ),
    (
        "fieldwork-council-undelete",
        "POST",
        "/office/fieldwork/councils/{mihama_council}/undelete/",
        {},
        (LOGIN, 403, 403, 403, 403, DONE),
    ),
    (
        "fieldwork-council-history",
        "GET",
        "/office/fieldwork/councils/{mihama_council}/history/",
        {},
        (LOGIN, 403, 200, 200, 200, 200),
    ),
    (
        "fieldwork-council-version",
        "GET",
        "/office/fieldwork/councils/{council}/history/1/",
        {},
        (LOGIN, 403, 200, 200, 200, 200),
    ),
    (
        "fieldwork-council-restore",
        "POST",
        "/office/fieldwork/councils/{mihama_council}/history/1/restore/",
        {},
        (LOGIN, 403, 403, 403, 403, DONE),
    ),
    (
        "fieldwork-meeting-new",
        "GET",
        "/office/fieldwork/councils/{council}/meetings/new/",
        {},
        (LOGIN, 403, 403, 200, 200, 200),
    ),
    (
        "fieldwork-meeting-new",
        "GET",
        "/office/fieldwork/councils/{mihama_council}/meetings/new/",
        {},
        (LOGIN, 403, 403, 403, 403, 200),
    ),
    (
        "fieldwork-meeting",
        "GET",
        "/office/fieldwork/meetings/{mihama_meeting}/",
        {},
        (LOGIN, 403, 200, 200, 200, 200),
    ),
    (
        "fieldwork-meeting-edit",
        "GET",
        "/office/fieldwork/meetings/{meeting}/edit/",
        {},
        (LOGIN, 403, 403, 200, 200, 200),
    ),
    (
        "fieldwork-meeting-edit",
        "GET",
        "/office/fieldwork/meetings/{mihama_meeting}/edit/",
        {},
        (LOGIN, 403, 403, 403, 403, 200),
    ),
    (
        "fieldwork-meeting-delete",
        "POST",
        "/office/fieldwork/meetings/{mihama_meeting}/delete/",
        {},
        (LOGIN, 403, 403, 403, 403, DONE),
    ),
    (
        "fieldwork-meeting-undelete",
        "POST",
        "/office/fieldwork/meetings/{mihama_meeting}/undelete/",
        {},
        (LOGIN, 403, 403, 403, 403, DONE),
    ),
    (
        "fieldwork-meeting-history",
        "GET",
        "/office/fieldwork/meetings/{mihama_meeting}/history/",
        {},
        (LOGIN, 403, 200, 200, 200, 200),
    ),
    (
        "fieldwork-meeting-version",
        "GET",
        "/office/fieldwork/meetings/{meeting}/history/1/",
        {},
        (LOGIN, 403, 200, 200, 200, 200),
    ),
    (
        "fieldwork-meeting-restore",
        "POST",
        "/office/fieldwork/meetings/{mihama_meeting}/history/1/restore/",
        {},
        (LOGIN, 403, 403, 403, 403, DONE),
    ),
    (
        "fieldwork-board",
        "GET",
        "/office/fieldwork/meetings/{mihama_meeting}/board/",
        {},
        (LOGIN, 403, 200, 200, 200, 200),
    ),
    (
        "fieldwork-board-data",
        "GET",
        "/office/fieldwork/meetings/{meeting}/board.json",
        {},
        (LOGIN, 403, 200, 200, 200, 200),
    ),
    (
        "fieldwork-board-print",
        "GET",
        "/office/fieldwork/meetings/{meeting}/board/print/",
        {},
        (LOGIN, 403, 200, 200, 200, 200),
    ),
    (
        "fieldwork-card-new",
        "POST",
        "/office/fieldwork/meetings/{meeting}/cards/",
        {"column": "issue", "title": "課題"},
        (LOGIN, 403, 403, 303, 303, 303),
    ),
    (
        "fieldwork-card-new",
        "POST",
        "/office/fieldwork/meetings/{mihama_meeting}/cards/",
        {"column": "issue", "title": "課題"},
        (LOGIN, 403, 403, 403, 403, 303),
    ),
    (
        "fieldwork-card",
        "GET",
        "/office/fieldwork/cards/{mihama_card}/",
        {},
        (LOGIN, 403, 200, 200, 200, 200),
    ),
    (
        "fieldwork-card",
        "POST",
        "/office/fieldwork/cards/{mihama_card}/",
        {},
        (LOGIN, 403, 403, 403, 403, 400),
    ),
    (
        "fieldwork-card-place",
        "POST",
        "/office/fieldwork/cards/{card}/place/",
        {},
        (LOGIN, 403, 403, 400, 400, 400),
    ),
    (
        "fieldwork-card-issue",
        "POST",
        "/office/fieldwork/cards/{mihama_card}/issue/",
        {},
        (LOGIN, 403, 403, 403, 403, 303),
    ),
    (
        "fieldwork-card-draft",
        "POST",
        "/office/fieldwork/cards/{mihama_card}/draft/",
        {},
        (LOGIN, 403, 403, 403, 403, 303),
    ),
    (
        "fieldwork-card-delete",
        "POST",
        "/office/fieldwork/cards/{mihama_card}/delete/",
        {},
        (LOGIN, 403, 403, 403, 403, 303),
    ),
    (
        "fieldwork-card-undelete",
        "POST",
        "/office/fieldwork/cards/{mihama_card}/undelete/",
        {},
        (LOGIN, 403, 403, 403, 403, DONE),
    ),
    (
        "fieldwork-card-history",
        "GET",
        "/office/fieldwork/cards/{mihama_card}/history/",
        {},
        (LOGIN, 403, 200, 200, 200, 200),
    ),
    (
        "fieldwork-card-version",
        "GET",
        "/office/fieldwork/cards/{card}/history/1/",
        {},
        (LOGIN, 403, 200, 200, 200, 200),
    ),
    (
        "fieldwork-card-restore",
        "POST",
        "/office/fieldwork/cards/{mihama_card}/history/1/restore/",
        {},
        (LOGIN, 403, 403, 403, 403, DONE),
    ),
    ("fieldwork-ideas", "GET", "/office/fieldwork/ideas/", {}, (LOGIN, 403, 200, 200, 200, 200)),
    (
        "fieldwork-idea",
        "GET",
        "/office/fieldwork/ideas/{mihama_idea}/",
        {},
        (LOGIN, 403, 200, 404, 404, 200),
    ),
    (
        "fieldwork-idea",
        "POST",
        "/office/fieldwork/ideas/{benten_idea}/",
        {"reply": "済"},
        (LOGIN, 403, 403, 303, 303, 303),
    ),
    ("fieldwork-idea-new", "GET", "/ideas/", {}, (200,) * 6),
    ("fieldwork-idea-new", "POST", "/ideas/", {"body": ""}, (400,) * 6),
    # 出前講座 and 担い手候補 (fieldwork): {course} lies in 弁天圏域, {mihama_course} in 美浜区,
    # {gone_course} is deleted. A candidate is personal data: only the 管理者 and the
    # coordinators whose areas hold it see it — {candidate} in 弁天圏域 (both coordinators'),
    # {chuo_candidate} under 中央区 (the 中央区 coordinator's only), {mihama_candidate} in 美浜区
    # (neither's); the 閲覧者 sees none.
    (
        "fieldwork-courses",
        "GET",
        "/office/fieldwork/courses/",
        {},
        (LOGIN, 403, 200, 200, 200, 200),
    ),
    (
        "fieldwork-course-new",
        "GET",
        "/office/fieldwork/courses/new/",
        {},
        (LOGIN, 403, 403, 200, 200, 200),
    ),
    (
        "fieldwork-course-new",
        "POST",
        "/office/fieldwork/courses/new/",
        {
            "area": "{benten}",
            "title": "弁天の講座",
            "held_on": "2026-10-01",
            "audience": "residents",
        },
        (LOGIN, 403, 403, DONE, DONE, DONE),
    ),
    (
        "fieldwork-course-new",
        "POST",
        "/office/fieldwork/courses/new/",
        {
            "area": "{mihama_area}",
            "title": "美浜の講座",
            "held_on": "2026-10-01",
            "audience": "residents",
        },
        (LOGIN, 403, 403, 400, 400, DONE),
    ),
    (
        "fieldwork-course",
        "GET",
        "/office/fieldwork/courses/{mihama_course}/",
        {},
        (LOGIN, 403, 200, 200, 200, 200),
    ),
    (
        "fieldwork-course",
        "GET",
        "/office/fieldwork/courses/{gone_course}/",
        {},
        (LOGIN, 403, 404, 404, 404, 200),
    ),
    (
        "fieldwork-course-edit",
        "GET",
        "/office/fieldwork/courses/{course}/edit/",
        {},
        (LOGIN, 403, 403, 200, 200, 200),
    ),
    (
        "fieldwork-course-edit",
        "GET",
        "/office/fieldwork/courses/{mihama_course}/edit/",
        {},
        (LOGIN, 403, 403, 403, 403, 200),
    ),
    (
        "fieldwork-course-delete",
        "POST",
        "/office/fieldwork/courses/{mihama_course}/delete/",
        {},
        (LOGIN, 403, 403, 403, 403, DONE),
    ),
    (
        "fieldwork-course-undelete",
        "POST",
        "/office/fieldwork/courses/{gone_course}/undelete/",
        {},
        (LOGIN, 403, 403, 403, 403, DONE),
    ),
    (
        "fieldwork-course-history",
        "GET",
        "/office/fieldwork/courses/{mihama_course}/history/",
        {},
        (LOGIN, 403, 200, 200, 200, 200),
    ),
    (
        "fieldwork-course-version",
        "GET",
        "/office/fieldwork/courses/{course}/history/1/",
        {},
        (LOGIN, 403, 200, 200, 200, 200),
    ),
    (
        "fieldwork-course-restore",
        "POST",
        "/office/fieldwork/courses/{mihama_course}/history/1/restore/",
        {},
        (LOGIN, 403, 403, 403, 403, DONE),
    ),
    (
        "fieldwork-candidates",
        "GET",
        "/office/fieldwork/candidates/",
        {},
        (LOGIN, 403, 403, 200, 200, 200),
    ),
    (
        "fieldwork-candidate-new",
        "GET",
        "/office/fieldwork/candidates/new/",
        {},
        (LOGIN, 403, 403, 200, 200, 200),
    ),
    (
        "fieldwork-candidate-new",
        "POST",
        "/office/fieldwork/candidates/new/",
        {
            "area": "{benten}",
            "name": "見本 次郎",
            "came_via": "other",
            "consent_on": "2026-10-01",
            "consent_how": "oral",
            "consent_by": "コーディネーター",
            "consent_scope": "連絡のため",
        },
        (LOGIN, 403, 403, DONE, DONE, DONE),
    ),
    (
        "fieldwork-candidate-new",
        "POST",
        "/office/fieldwork/candidates/new/",
        {"area": "{benten}", "name": "同意なし", "came_via": "other"},
        (LOGIN, 403, 403, 400, 400, 400),
    ),
    (
        "fieldwork-candidate-erasures",
        "GET",
        "/office/fieldwork/candidates/erasures/",
        {},
        (LOGIN, 403, 403, 200, 200, 200),
    ),
    (
        "fieldwork-candidate",
        "GET",
        "/office/fieldwork/candidates/{candidate}/",
        {},
        (LOGIN, 403, 403, 200, 200, 200),
    ),
    (
        "fieldwork-candidate",
        "GET",
        "/office/fieldwork/candidates/{chuo_candidate}/",
        {},
        (LOGIN, 403, 403, 200, 403, 200),
    ),
    (
        "fieldwork-candidate",
        "GET",
        "/office/fieldwork/candidates/{mihama_candidate}/",
        {},
        (LOGIN, 403, 403, 403, 403, 200),
    ),
    (
        "fieldwork-candidate-edit",
        "GET",
        "/office/fieldwork/candidates/{chuo_candidate}/edit/",
        {},
        (LOGIN, 403, 403, 200, 403, 200),
    ),
    (
        "fieldwork-candidate-erase",
        "GET",
        "/office/fieldwork/candidates/{candidate}/erase/",
        {},
        (LOGIN, 403, 403, 200, 200, 200),
    ),
    (
        "fieldwork-candidate-erase",
        "POST",
        "/office/fieldwork/candidates/{chuo_candidate}/erase/",
        {"reason": "withdrawn"},
        (LOGIN, 403, 403, DONE, 403, DONE),
    ),
    (
        "fieldwork-candidate-history",
        "GET",
        "/office/fieldwork/candidates/{chuo_candidate}/history/",
        {},
        (LOGIN, 403, 403, 200, 403, 200),
    ),
    (
        "fieldwork-candidate-version",
        "GET",
        "/office/fieldwork/candidates/{chuo_candidate}/history/1/",
        {},
        (LOGIN, 403, 403, 200, 403, 200),
    ),
    (
        "fieldwork-candidate-restore",
        "POST",
        "/office/fieldwork/candidates/{mihama_candidate}/history/1/restore/",
        {},
        (LOGIN, 403, 403, 403, 403, DONE),
    ),
    (
        "fieldwork-issue-candidates",
        "GET",
        "/office/fieldwork/issues/{issue}/candidates/",
        {},
        (LOGIN, 403, 403, 200, 200, 200),
    ),
    (
        "fieldwork-issue-candidates",
        "GET",
        "/office/fieldwork/issues/{chuo_issue}/candidates/",
        {},
        (LOGIN, 403, 403, 200, 403, 200),
    ),
    (
        "fieldwork-issue-contact",
        "POST",
        "/office/fieldwork/issues/{issue}/candidates/contact/",
        {"candidate": "{candidate}", "contacted_on": "2026-11-01"},
        (LOGIN, 403, 403, DONE, DONE, DONE),
    ),
    (
        "fieldwork-issue-contact",
        "POST",
        "/office/fieldwork/issues/{issue}/candidates/contact/",
        {"candidate": "{chuo_candidate}", "contacted_on": "2026-11-01"},
        (LOGIN, 403, 403, DONE, 400, DONE),
    ),
    # 地域の年間報告: every back-office account, any area of the city (everyone reads all).
    ("fieldwork-report", "GET", "/office/fieldwork/report/", {}, (LOGIN, 403, 200, 200, 200, 200)),
    (
        "fieldwork-report",
        "GET",
        "/office/fieldwork/report/?area={mihama_area}&year=1999",
        {},
        (LOGIN, 403, 400, 400, 400, 400),
    ),
    (
        "fieldwork-report-pdf",
        "GET",
        "/office/fieldwork/report/pdf/?area={benten}&year=2020",
        {},
        (LOGIN, 403, 200, 200, 200, 200),
    ),
    (
        "fieldwork-report-csv",
        "GET",
        "/office/fieldwork/report/csv/?area={mihama_area}&format=csv-cp932",
        {},
        (LOGIN, 403, 200, 200, 200, 200),
    ),
    # Public ends: no account needed, the same for everyone.
    ("directory-export", "GET", "/search/export/?q=体操&format=csv", {}, (200,) * 6),
    ("directory-opendata-columns", "GET", "/opendata/columns/", {}, (200,) * 6),
    ("directory-map-data", "GET", "/search/map.json?q=体操", {}, (200,) * 6),
    ("directory-report", "GET", "/resources/{salon}/report/", {}, (200, 200, 200, 200, 200, 200)),
    ("directory-report", "GET", "/resources/{draft}/report/", {}, (404, 404, 404, 404, 404, 404)),
    ("provider-update", "GET", "/update/{token}/", {}, (200, 200, 200, 200, 200, 200)),
    ("provider-update", "GET", "/update/not-a-token/", {}, (404, 404, 404, 404, 404, 404)),
    ("directory-photo", "GET", "/photos/{photo}/", {}, (200, 200, 200, 200, 200, 200)),
    ("directory-photo", "GET", "/photos/{draft_photo}/", {}, (404, 404, 200, 200, 200, 200)),
    # 地域資源ガイド and マイリスト: public, and the same for everyone (no PDF made here).
    ("directory-guide", "GET", "/guide/", {}, (200,) * 6),
    ("directory-mylist", "GET", "/mylist/?ids={salon},{draft}", {}, (200,) * 6),
    ("directory-mylist-add", "POST", "/mylist/add/", {"id": "{salon}"}, (303,) * 6),
    ("directory-mylist-remove", "POST", "/mylist/remove/", {"id": "{salon}"}, (303,) * 6),
    ("directory-mylist-adopt", "POST", "/mylist/adopt/", {"ids": "{salon}"}, (303,) * 6),
    ("directory-mylist-pdf", "GET", "/mylist/pdf/?ids={draft}", {}, (400,) * 6),
]

COUNCIL_RECORDS = [
    "council",
    "meeting",
    "card",
    "mihama_council",
    "mihama_meeting",
    "mihama_card",
    "benten_idea",
    "mihama_idea",
]


def council_records(cls) -> None:
    """The 協議体 rows' records (tests/council_base.py's, and an アイデア in each of two areas)."""
    add_council_records(cls)
    for name, area in (("benten_idea", cls.benten), ("mihama_idea", cls.mihama)):
        idea = Idea.objects.create(
            municipality=cls.chiba, area=area, sender_kind="resident", body="アイデア"
        )
        setattr(cls, name, idea)


# Every admin URL is behind the same check (office/admin.py); two rows stand for them.
ADMIN_PREFIX = "admin:"


# Included URL modules that are not the back office's: their names need no row.
OTHER_URLCONFS = {"directory.urls", "api.urls"}


def url_names() -> set[str]:
    """The back office's URL names, and the public ones it adds (not the directory's own):
    every name at the top of the site's URLs or in one of its includes (office.urls,
    office.public_urls, transfer's back-office pages), but not Django's admin's."""
    names = set()
    for pattern in get_resolver().url_patterns:
        if isinstance(pattern, URLPattern) and pattern.name:
            names.add(pattern.name)
        elif isinstance(pattern, URLResolver):
            if getattr(pattern.urlconf_module, "__name__", None) in OTHER_URLCONFS:
                continue
            names |= {p.name for p in pattern.url_patterns if isinstance(p, URLPattern) and p.name}
    return names


class MatrixFixtures(FieldworkTestCase):
    """The records the matrix's URLs name (tests/test_office_cities.py runs them too)."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        for resource in (cls.salon, cls.in_chuo):
            editing.change(resource, cls.admin, Revision.Action.EDIT, lambda r: None)
        cls.photo = Photo.objects.create(
            resource=cls.salon,
            image=b"\xff\xd8\xff",
            content_type="image/jpeg",
            width=1,
            height=1,
            alt="会場",
        )
        cls.draft_photo = Photo.objects.create(
            resource=cls.hidden,
            image=b"\xff\xd8\xff",
            content_type="image/jpeg",
            width=1,
            height=1,
            alt="会場",
        )
        cls.report = Report.objects.create(
            resource=cls.in_chuo, body="電話番号が違います", sender_hash="x"
        )
        link = UpdateLink.objects.create(
            resource=cls.in_chuo,
            created_by=cls.admin,
            expires_at=timezone.now() + timezone.timedelta(days=30),
            nonce="matrix-nonce",
        )
        cls.proposal = Proposal.objects.create(
            link=link, resource=cls.in_chuo, changes={"phone": "043-555-0102"}, base={"phone": ""}
        )
        cls.link = UpdateLink.objects.create(
            resource=cls.salon,
            created_by=cls.admin,
            expires_at=timezone.now() + timezone.timedelta(days=30),
            nonce="matrix-open-nonce",
        )
        moving_link = UpdateLink.objects.create(
            resource=cls.salon,
            created_by=cls.admin,
            expires_at=timezone.now() + timezone.timedelta(days=30),
            nonce="matrix-moving-nonce",
            used_at=timezone.now(),
        )
        cls.moving_proposal = Proposal.objects.create(
            link=moving_link,
            resource=cls.salon,
            changes={"address": "千葉市美浜区幸町1-1-1"},
            base={"address": ""},
        )
        # Version 1 in 美浜区; the 管理者 moved it to 院内 (inside both coordinators' areas).
        cls.moved = cls.make_resource(
            name="引っ越したサロン", category="5.1.1", town=cls.in_mihama.town
        )
        editing.change(cls.moved, cls.admin, Revision.Action.EDIT, lambda r: None)
        editing.change(
            cls.moved, cls.admin, Revision.Action.EDIT, lambda r: setattr(r, "town", cls.innai)
        )
        cls.gone = cls.make_issue("削除した課題", cls.benten)
        fieldwork_editing.delete(cls.gone, cls.admin)
        cls.mihama_record = fieldwork_editing.create(
            SupportRecord(
                municipality=cls.chiba,
                area=cls.mihama,
                group_name="美浜の会",
                held_on=timezone.localdate(),
            ),
            cls.admin,
        )
        cls.park = fieldwork_editing.create(
            Park(municipality=cls.chiba, area=cls.benten, name="弁天公園"), cls.admin
        )
        cls.mihama_park = fieldwork_editing.create(
            Park(municipality=cls.chiba, area=cls.mihama, name="美浜公園"), cls.admin
        )
        cls.gone_park = fieldwork_editing.create(
            Park(municipality=cls.chiba, area=cls.benten, name="削除した公園"), cls.admin
        )
        fieldwork_editing.delete(cls.gone_park, cls.admin)
        cls.make_course_records()
        cls.park_photo = ParkPhoto.objects.create(
            park=cls.mihama_park,
            image=b"\xff\xd8\xff",
            content_type="image/jpeg",
            width=1,
            height=1,
            alt="美浜公園の入口",
        )
        council_records(cls)
        cls.survey, cls.mihama_survey, cls.gone_survey = (
            fieldwork_editing.create(
                Survey(
                    municipality=cls.chiba,
                    area=area,
                    title=title,
                    kind=Survey.Kind.QUESTIONNAIRE,
                    conducted_on=timezone.localdate(),
                    findings=["坂の上に集いの場がない", "休める場所がない"],
                ),
                cls.admin,
            )
            for area, title in (
                (cls.benten, "弁天の調査"),
                (cls.mihama, "美浜の調査"),
                (cls.benten, "削除した調査"),
            )
        )
        fieldwork_editing.delete(cls.gone_survey, cls.admin)
        cls.survey_tally = SurveyTally.objects.create(
            survey=cls.mihama_survey, label="回収分", rows=1, encoding="UTF-8"
        )

    @classmethod
    def make_course_records(cls) -> None:
        def course(area, title: str) -> Course:
            made = Course(
                municipality=cls.chiba,
                area=area,
                title=title,
                held_on=timezone.localdate(),
                audience=Course.Audience.RESIDENTS,
            )
            fieldwork_editing.create(made, cls.admin)
            return made

        cls.course = course(cls.benten, "弁天の講座")
        cls.mihama_course = course(cls.mihama, "美浜の講座")
        cls.gone_course = course(cls.benten, "削除した講座")
        fieldwork_editing.delete(cls.gone_course, cls.admin)
        cls.candidate = make_candidate(cls.admin, cls.benten, "弁天 太郎", [])
        cls.chuo_candidate = make_candidate(cls.admin, cls.chuo, "中央 次郎", [])
        cls.mihama_candidate = make_candidate(cls.admin, cls.mihama, "美浜 三郎", [])

    def ids(self) -> dict[str, object]:
        from office.links import make_token

        return {
            "salon": self.salon.pk,
            "city": self.chiba.pk,
            "chuo": self.in_chuo.pk,
            "mihama": self.in_mihama.pk,
            "draft": self.hidden.pk,
            "photo": self.photo.pk,
            "draft_photo": self.draft_photo.pk,
            "report": self.report.pk,
            "proposal": self.proposal.pk,
            "moving_proposal": self.moving_proposal.pk,
            "moved": self.moved.pk,
            "token": make_token(self.link),
            "issue": self.issue.pk,
            "chuo_issue": self.chuo_issue.pk,
            "mihama_issue": self.mihama_issue.pk,
            "gone": self.gone.pk,
            "record": self.record.pk,
            "mihama_record": self.mihama_record.pk,
            "benten": self.benten.pk,
            "mihama_area": self.mihama.pk,
            "park": self.park.pk,
            "mihama_park": self.mihama_park.pk,
            "gone_park": self.gone_park.pk,
            "park_photo": self.park_photo.pk,
            "course": self.course.pk,
            "mihama_course": self.mihama_course.pk,
            "gone_course": self.gone_course.pk,
            "candidate": self.candidate.pk,
            "chuo_candidate": self.chuo_candidate.pk,
            "mihama_candidate": self.mihama_candidate.pk,
            **{name: getattr(self, name).pk for name in COUNCIL_RECORDS},
            "survey": self.survey.pk,
            "mihama_survey": self.mihama_survey.pk,
            "gone_survey": self.gone_survey.pk,
            "survey_tally": self.survey_tally.pk,
        }

    def users(self) -> dict[str, object]:
        return {
            "anonymous": None,
            "outsider": self.outsider,
            "viewer": self.viewer,
            "chuo": self.chuo_coordinator,
            "higashichiba": self.higashichiba_coordinator,
            "admin": self.admin,
        }

    def request_as(self, user, name: str, method: str, url: str, payload: dict):
        """One request in its own savepoint: what a POST changes, the next role does not see."""
        with transaction.atomic():
            self.client.logout()
            if user is not None:
                self.client.force_login(user)
            if name == "office-resource-undelete":
                Resource.objects.filter(pk=self.salon.pk).update(status=Resource.Status.DELETED)
            send = self.client.get if method == "GET" else self.client.post
            response = send(url, payload)
            transaction.set_rollback(True)
        return response


class PermissionMatrixTest(MatrixFixtures):
    def test_it_has_a_row_for_every_url(self):
        covered = {row[0] for row in MATRIX}
        missing = url_names() - covered
        self.assertEqual(missing, set(), "add a MATRIX row for each of these URLs")
        self.assertTrue(any(name.startswith(ADMIN_PREFIX) for name in covered))

    def test_it_gives_every_role_the_expected_status(self):
        ids = self.ids()
        users = self.users()
        for name, method, url, data, statuses in MATRIX:
            self.assertEqual(len(statuses), len(ROLES), name)
            payload = {k: v.format(**ids) for k, v in data.items()}
            for role, expected in zip(ROLES, statuses, strict=True):
                with self.subTest(url=url, method=method, role=role):
                    response = self.request_as(
                        users[role], name, method, url.format(**ids), payload
                    )
                    self.assertEqual(response.status_code, expected)
                    if expected == LOGIN and role == "anonymous" and name != "office-logout":
                        location = response["Location"]
                        self.assertTrue(
                            location.startswith(("/office/login/", "/office/admin/login/"))
                        )
