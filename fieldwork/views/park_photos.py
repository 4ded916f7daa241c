"""公園カルテ's photos: add (the park's writers), show (everyone in the back office who may
read the park), remove. The checks and re-encoding are directory/photos.py's, through
ParkPhotoForm; the bytes are served as office serves a resource's non-public photo."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from fieldwork.access import load_park
from fieldwork.models import ParkPhoto
from fieldwork.park_forms import ParkPhotoForm
from office.access import StaffRequest, staff_required

MAX_PHOTOS = 10
TYPES = {"image/jpeg", "image/png"}  # what directory/photos.py writes


@require_POST
@staff_required(write=True)
def photo_add(request: StaffRequest, pk: int) -> HttpResponse:
    park = load_park(request, pk, write=True)
    form = ParkPhotoForm(request.POST, request.FILES)
    if park.photos.count() >= MAX_PHOTOS:
        form.add_error(None, f"写真は1つの公園に{MAX_PHOTOS}枚までです。")
    if form.errors or not form.is_valid():
        return render(
            request, "fieldwork/parks/photo_error.html", {"record": park, "form": form}, status=400
        )
    done = form.cleaned_data["image"]
    ParkPhoto.objects.create(
        park=park,
        image=done.data,
        content_type=done.content_type,
        width=done.width,
        height=done.height,
        alt=form.cleaned_data["alt"],
        created_by=request.user,
    )
    messages.success(request, "写真を追加しました。")
    return HttpResponseRedirect(reverse("fieldwork-park", args=[park.pk]))


@staff_required
def photo(request: StaffRequest, pk: int, photo_id: int) -> HttpResponse:
    park = load_park(request, pk)
    found = park.photos.filter(pk=photo_id).first()
    if found is None:
        raise Http404("この写真は見つかりません。")
    return photo_response(found, "no-store, private")


def photo_response(found: ParkPhoto, cache_control: str) -> HttpResponse:
    """The photo's bytes (the public /parks/ page serves them too, when 写真 is chosen)."""
    content_type = found.content_type if found.content_type in TYPES else ""
    response = HttpResponse(
        bytes(found.image), content_type=content_type or "application/octet-stream"
    )
    response["Cache-Control"] = cache_control
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
@staff_required(write=True)
def photo_remove(request: StaffRequest, pk: int, photo_id: int) -> HttpResponse:
    park = load_park(request, pk, write=True)
    removed, _ = park.photos.filter(pk=photo_id).delete()
    if not removed:
        raise Http404("この写真は見つかりません。")
    messages.success(request, "写真を削除しました。")
    return HttpResponseRedirect(reverse("fieldwork-park", args=[park.pk]))
