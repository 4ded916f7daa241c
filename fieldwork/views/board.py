"""The workshop board of a meeting: the page (forms that work without JavaScript; the map
and live editing are static/js/council-board.js on top), its JSON, the A3 print, and each
card's changes. A request that asks for JSON (Accept: application/json) gets JSON back;
a plain form post is redirected (303) to the board."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from fieldwork import board, editing
from fieldwork.access import load
from fieldwork.council_forms import CardForm, CardPlaceForm
from fieldwork.council_models import BoardCard, Meeting
from fieldwork.views import common
from fieldwork.views.councils import load_meeting
from office.access import StaffRequest, staff_required

STALE = "ほかの人が先にこのカードを変更しました。ボードを開き直して、もう一度してください。"


def load_card(request: StaffRequest, pk: int, *, write: bool = False) -> BoardCard:
    record = load(request, BoardCard, pk, write=write)
    assert isinstance(record, BoardCard)
    return record


def wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def board_url(meeting: Meeting, card: BoardCard | None = None) -> str:
    url = reverse("fieldwork-board", args=[meeting.pk])
    return f"{url}#card-{card.pk}" if card is not None else url


def see_other(url: str) -> HttpResponseRedirect:
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


def form_errors(form) -> dict[str, list[str]]:
    return {name: [str(e) for e in errors] for name, errors in form.errors.items()}


def board_page(
    request: StaffRequest, meeting: Meeting, *, status: int = 200, **forms
) -> HttpResponse:
    can_edit = common.can_edit(request, meeting) and not meeting.is_deleted
    cards = list(board.live_cards(meeting))
    columns = []
    for value, label in BoardCard.Column.choices:
        form = forms.get(value) or CardForm(
            initial={"column": value}, municipality=meeting.municipality, auto_id=f"{value}_%s"
        )
        columns.append(
            {
                "value": value,
                "label": label,
                "cards": [c for c in cards if c.column == value],
                "form": form,
            }
        )
    lat, lng = board.center_of(meeting.area)
    return render(
        request,
        "fieldwork/councils/board.html",
        {
            "record": meeting,
            "can_edit": can_edit,
            "columns": columns,
            "placed": sum(1 for c in cards if c.has_point),
            "center": (lat, lng),
        },
        status=status,
    )


@staff_required
@require_GET
def board_view(request: StaffRequest, pk: int) -> HttpResponse:
    return board_page(request, load_meeting(request, pk))


@staff_required
@require_GET
def board_data(request: StaffRequest, pk: int) -> JsonResponse:
    meeting = load_meeting(request, pk)
    can_edit = common.can_edit(request, meeting) and not meeting.is_deleted
    response = JsonResponse(board.board_json(meeting, can_edit=can_edit))
    response["Cache-Control"] = "no-store"
    return response


@staff_required
@require_GET
def board_print(request: StaffRequest, pk: int) -> HttpResponse:
    """The board and its map on one A3 sheet, for the meeting's wall and its record."""
    meeting = load_meeting(request, pk)
    cards = list(board.live_cards(meeting))
    return render(
        request,
        "fieldwork/councils/board_print.html",
        {
            "record": meeting,
            "columns": [
                (label, [c for c in cards if c.column == value])
                for value, label in BoardCard.Column.choices
            ],
            "center": board.center_of(meeting.area),
        },
    )


@require_POST
@staff_required(write=True)
def card_new(request: StaffRequest, pk: int) -> HttpResponse:
    meeting = load_meeting(request, pk, write=True)
    column = request.POST.get("column", "")
    form = CardForm(
        request.POST,
        municipality=meeting.municipality,
        auto_id=f"{column}_%s" if column in BoardCard.Column.values else "%s",
    )
    if not form.is_valid():
        if wants_json(request):
            return JsonResponse({"errors": form_errors(form)}, status=400)
        key = column if column in BoardCard.Column.values else BoardCard.Column.RESOURCE
        return board_page(request, meeting, status=400, **{key: form})
    card = board.add_card(meeting, request.user, form.cleaned_data, form.place)
    if wants_json(request):
        return JsonResponse(board.card_json(card), status=201)
    messages.success(request, f"カード「{card.title}」を加えました。")
    return see_other(board_url(meeting, card))


@staff_required
def card_detail(request: StaffRequest, pk: int) -> HttpResponse:
    """A card's page: its form (the way to change it without JavaScript) and its actions."""
    card = load_card(request, pk, write=request.method == "POST")
    initial = {
        "column": card.column,
        "title": card.title,
        "note": card.note,
        "place_text": card.place_text,
        "version": card.version,
    }
    if request.method != "POST":
        form = CardForm(initial=initial, municipality=card.municipality)
        return _card_page(request, card, form, CardPlaceForm(initial=_point(card)))
    form = CardForm(request.POST, municipality=card.municipality)
    if not form.is_valid():
        return _card_page(request, card, form, CardPlaceForm(initial=_point(card)), status=400)
    try:
        board.edit_card(card, request.user, form.cleaned_data, form.place)
    except editing.EditConflictError:
        messages.error(request, STALE)
        return _card_page(request, card, form, CardPlaceForm(initial=_point(card)), status=409)
    if wants_json(request):
        card.refresh_from_db()
        return JsonResponse(board.card_json(card))
    messages.success(request, f"カード「{card.title}」を保存しました。")
    return see_other(board_url(card.meeting, card))


def _point(card: BoardCard) -> dict:
    return {"latitude": card.latitude, "longitude": card.longitude, "version": card.version}


def _card_page(request: StaffRequest, card: BoardCard, form, place_form, status: int = 200):
    return render(
        request,
        "fieldwork/councils/card.html",
        {
            "record": card,
            "form": form,
            "place_form": place_form,
            "can_edit": common.can_edit(request, card),
            "versions": editing.versions_of(card).select_related("user")[:5],
        },
        status=status,
    )


@require_POST
@staff_required(write=True)
def card_place(request: StaffRequest, pk: int) -> HttpResponse:
    """Put the card on the map: a tapped point, or the map's middle chosen by keyboard."""
    card = load_card(request, pk, write=True)
    form = CardPlaceForm(request.POST)
    if not form.is_valid():
        if wants_json(request):
            return JsonResponse({"errors": form_errors(form)}, status=400)
        return _card_page(request, card, CardForm(municipality=card.municipality), form, 400)
    data = form.cleaned_data
    try:
        board.place_card(card, request.user, data["latitude"], data["longitude"], data["version"])
    except editing.EditConflictError:
        if wants_json(request):
            return JsonResponse({"errors": {"__all__": [STALE]}}, status=409)
        messages.error(request, STALE)
        return see_other(board_url(card.meeting, card))
    if wants_json(request):
        return JsonResponse(board.card_json(card))
    messages.success(request, f"カード「{card.title}」を地図に置きました。")
    return see_other(board_url(card.meeting, card))


@require_POST
@staff_required(write=True)
def card_issue(request: StaffRequest, pk: int) -> HttpResponse:
    card = load_card(request, pk, write=True)
    try:
        issue = board.card_to_issue(card, request.user)
    except board.AlreadyConvertedError as done:
        messages.error(request, str(done))
        return see_other(board_url(card.meeting, card))
    messages.success(request, f"カード「{card.title}」から地域課題を作りました。")
    return see_other(reverse("fieldwork-issue", args=[issue.pk]))


@require_POST
@staff_required(write=True)
def card_draft(request: StaffRequest, pk: int) -> HttpResponse:
    card = load_card(request, pk, write=True)
    try:
        resource = board.card_to_draft(card, request.user)
    except board.AlreadyConvertedError as done:
        messages.error(request, str(done))
        return see_other(board_url(card.meeting, card))
    except PermissionDenied as refused:  # the draft's town outside the person's areas
        messages.error(request, str(refused))
        return see_other(board_url(card.meeting, card))
    messages.success(
        request, f"カード「{card.title}」から地域資源の下書きを作りました（まだ公開されません）。"
    )
    return see_other(reverse("office-resource", args=[resource.pk]))


@staff_required(write=True)
def card_delete(request: StaffRequest, pk: int) -> HttpResponse:
    card = load_card(request, pk, write=True)
    if request.method != "POST" or card.is_deleted:
        return common.delete_page(request, card)
    editing.delete(card, request.user)
    messages.success(request, f"カード「{card.title}」を削除しました。管理者は元に戻せます。")
    return see_other(board_url(card.meeting))


@require_POST
@staff_required(admin=True)
def card_undelete(request: StaffRequest, pk: int) -> HttpResponse:
    return common.undelete(request, load_card(request, pk, write=True))
