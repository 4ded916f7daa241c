"""Photos of a resource: the back office adds and removes them, the public site serves them.

Every addition and removal is a change of the resource (office.editing.change), so it is in
the 変更履歴 with who did it. Removal is soft: the bytes stay and an admin can bring them back.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.views.decorators.http import require_POST, require_safe

from directory.models import Photo, Resource
from directory.photos import ProcessedPhoto, process_upload
from office import editing
from office.access import StaffRequest, get_staff, load_resource, staff_required
from office.models import Revision

MAX_PHOTOS = 10
ACCEPT = "image/jpeg,image/png,image/webp"
EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}
# A public photo is cached for 5 minutes, then revalidated (ETag → 304): once its resource
# is unpublished, browsers and proxies stop showing it within minutes, not a day.
PUBLIC_CACHE = "public, max-age=300"
PRIVATE_CACHE = "no-store, private"


class PhotoForm(forms.Form):
    image = forms.FileField(
        label="写真",
        help_text=(
            "JPEG・PNG・WebP形式、5MBまで。位置情報などの撮影データは消してから保存します。"
        ),
        error_messages={
            "required": "写真を選んでください。",
            "empty": "選んだファイルが空です。別の写真を選んでください。",
            "invalid": "写真を選び直してください。",
        },
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )
    alt = forms.CharField(
        label="写真の説明（代替テキスト）",
        max_length=200,
        help_text=(
            "目の見えない方が使う読み上げソフトは、写真の代わりにこの説明を読み上げます。"
            "写真が表示されないときにも、この説明が出ます。何が写っているかを短く書いてください"
            "（例：公民館の和室で、いすに座って体操をしている様子）。200文字まで。"
        ),
        error_messages={
            "required": "写真の説明を入力してください。",
            "max_length": "写真の説明は200文字までで入力してください。",
        },
        widget=forms.TextInput(attrs={"maxlength": 200}),
    )

    def clean_image(self) -> ProcessedPhoto:
        return process_upload(self.cleaned_data["image"])


THUMB_SIDE = 240


def _photos(resource: Resource) -> list[Photo]:
    return list(resource.photos.filter(removed_at__isnull=True).defer("image"))


def _with_thumb_size(photo: Photo) -> Photo:
    """The size the list shows it at: the longest side THUMB_SIDE, the shape kept."""
    scale = min(1.0, THUMB_SIDE / max(photo.width, photo.height, 1))
    # Attributes for the template only, not fields.
    photo.thumb_width = max(1, round(photo.width * scale))  # type: ignore[attr-defined]
    photo.thumb_height = max(1, round(photo.height * scale))  # type: ignore[attr-defined]
    return photo


def _list_url(resource: Resource) -> str:
    return reverse("office-resource-photos", args=[resource.pk])


def _render(request: StaffRequest, resource: Resource, form: PhotoForm) -> HttpResponse:
    staff = request.staff
    photos = _photos(resource)
    context = {
        "resource": resource,
        "photos": [_with_thumb_size(p) for p in photos],
        "form": form,
        "can_edit": staff.can_edit(resource) and resource.status != Resource.Status.DELETED,
        "room_left": len(photos) < MAX_PHOTOS,
        "max_photos": MAX_PHOTOS,
    }
    return render(request, "office/photos/list.html", context)


@staff_required
def photo_list(request: StaffRequest, pk: int) -> HttpResponse:
    """GET: the photos and the upload form; POST: add a photo (coordinators in their areas)."""
    if request.method == "POST":
        return _upload(request, pk)
    if request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD, POST"})
    return _render(request, load_resource(request, pk), PhotoForm())


@staff_required(write=True)
def _upload(request: StaffRequest, pk: int) -> HttpResponse:
    resource = load_resource(request, pk, write=True)
    form = PhotoForm(request.POST, request.FILES)
    if resource.status == Resource.Status.DELETED:
        form.add_error(None, "削除済みの地域資源には写真を追加できません。")
    elif len(_photos(resource)) >= MAX_PHOTOS:
        form.add_error(None, f"写真は1件につき{MAX_PHOTOS}枚までです。")
    if not form.is_valid():
        return _render(request, resource, form)
    processed: ProcessedPhoto = form.cleaned_data["image"]
    alt: str = form.cleaned_data["alt"]

    def add(locked: Resource) -> None:
        last = locked.photos.order_by("-sort_order").values_list("sort_order", flat=True).first()
        Photo.objects.create(
            resource=locked,
            image=processed.data,
            content_type=processed.content_type,
            width=processed.width,
            height=processed.height,
            alt=alt,
            sort_order=min((last or 0) + 1, 32767),
        )

    editing.change(
        resource,
        request.user,
        Revision.Action.PHOTO,
        add,
        comment=f"写真を追加：{alt}",
    )
    messages.success(request, "写真を追加しました。")
    return HttpResponseRedirect(_list_url(resource))


@staff_required(write=True)
@require_POST
def photo_delete(request: StaffRequest, pk: int, photo_pk: int) -> HttpResponse:
    """Take a photo off the resource (soft: the bytes stay for an undo)."""
    resource = load_resource(request, pk, write=True)
    photo = resource.photos.filter(pk=photo_pk, removed_at__isnull=True).defer("image").first()
    if photo is None:
        raise Http404("この写真は見つかりません。")

    def remove(locked: Resource) -> None:
        Photo.objects.filter(pk=photo.pk).update(removed_at=timezone.now())

    editing.change(
        resource,
        request.user,
        Revision.Action.PHOTO,
        remove,
        comment=f"写真を外す：{photo.alt}",
    )
    messages.success(request, "写真を外しました。")
    return HttpResponseRedirect(_list_url(resource))


def _visible_to_staff(request: HttpRequest, resource: Resource) -> bool:
    if not request.user.is_authenticated or not request.user.is_active:
        return False
    staff = get_staff(request)
    if staff is None:
        return False
    if not staff.sees_municipality(resource.municipality_id):
        return False
    return resource.status != Resource.Status.DELETED or staff.is_admin


@require_safe
def photo(request: HttpRequest, pk: int) -> HttpResponse:
    """The photo's bytes: anyone for a public resource, back-office staff for any other."""
    found = (
        Photo.objects.filter(pk=pk, removed_at__isnull=True)
        .select_related("resource")
        .defer("image")
        .first()
    )
    if found is None:
        raise Http404("この写真は見つかりません。")
    if found.resource.is_public:
        cache = PUBLIC_CACHE
    elif _visible_to_staff(request, found.resource):
        cache = PRIVATE_CACHE
    else:
        raise Http404("この写真は見つかりません。")
    headers = {"Cache-Control": cache, "X-Content-Type-Options": "nosniff"}
    if cache == PUBLIC_CACHE:
        # A photo's bytes never change (a new photo is a new row): its id and time name them.
        # Checked only after the visibility check, so an unpublished photo is a 404, never a 304.
        modified = int(found.created_at.timestamp())
        headers["ETag"] = f'"photo-{found.pk}-{modified}"'
        headers["Last-Modified"] = http_date(modified)
        unchanged = get_conditional_response(request, etag=headers["ETag"], last_modified=modified)
        if unchanged is not None:
            for name, value in headers.items():
                unchanged[name] = value
            return unchanged
    content_type = found.content_type if found.content_type in EXTENSIONS else ""
    response = HttpResponse(
        bytes(found.image), content_type=content_type or "application/octet-stream"
    )
    extension = EXTENSIONS.get(content_type, "bin")
    disposition = "inline" if content_type else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="photo-{found.pk}.{extension}"'
    for name, value in headers.items():
        response[name] = value
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
