"""/mylist/: マイリスト (directory/mylist.py) — add and remove by POST (no JavaScript needed),
the list, a shared list (/mylist/?ids=…), making a shared list one's own, and its PDF."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from directory import guide, mylist
from directory.guide_views import site_url
from directory.models import Resource
from sasaeai.lib import downloads


def see_other(url: str) -> HttpResponseRedirect:
    """303: after a POST the browser GETs the page (a reload sends nothing twice)."""
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


def back_to(request: HttpRequest) -> str:
    """Where the button was pressed, if it is a page of this site; else the list."""
    target = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return (
        target
        if safe and target.startswith("/") and not target.startswith("//")
        else reverse("directory-mylist")
    )


def answer(
    request: HttpRequest, ids: list[int], text: str, level: int, *, changed: bool = False
) -> HttpResponse:
    """JavaScript (fetch) gets JSON and stays on the page; a plain form post is redirected
    back with the message shown there."""
    if request.headers.get("X-Requested-With") == "fetch":
        response: HttpResponse = JsonResponse(
            {"ids": ids, "count": len(ids), "message": text},
            json_dumps_params={"ensure_ascii": False},
        )
    else:
        messages.add_message(request, level, text)
        response = see_other(back_to(request))
    if changed:
        mylist.save(response, ids)
    return response


def posted_resource(request: HttpRequest) -> Resource | None:
    ids, _dropped = mylist.parse(request.POST.get("id", ""))
    return Resource.objects.public().filter(pk=ids[0]).first() if ids else None


@require_POST
def add(request: HttpRequest) -> HttpResponse:
    ids = mylist.from_cookie(request)
    resource = posted_resource(request)
    if resource is None:
        return answer(request, ids, "この地域資源は見つかりませんでした。", messages.WARNING)
    if resource.pk in ids:
        text = f"「{resource.name}」はもうリストに入っています。"
        return answer(request, ids, text, messages.INFO)
    if len(ids) >= mylist.MAX_ITEMS:
        text = "リストには%(n)d件まで入れられます。いらないものを外してから追加してください。"
        return answer(request, ids, text % {"n": mylist.MAX_ITEMS}, messages.WARNING)
    text = f"「{resource.name}」をリストに追加しました。"
    return answer(request, [*ids, resource.pk], text, messages.SUCCESS, changed=True)


@require_POST
def remove(request: HttpRequest) -> HttpResponse:
    ids = mylist.from_cookie(request)
    wanted, _dropped = mylist.parse(request.POST.get("id", ""))
    if not wanted or wanted[0] not in ids:
        return answer(request, ids, "この地域資源はリストに入っていません。", messages.INFO)
    ids = [i for i in ids if i != wanted[0]]
    resource = Resource.objects.filter(pk=wanted[0]).only("name").first()
    name = resource.name if resource and resource.is_public else "地域資源"
    text = f"「{name}」をリストから外しました。"
    return answer(request, ids, text, messages.SUCCESS, changed=True)


@require_POST
def adopt(request: HttpRequest) -> HttpResponse:
    """「自分のリストにする」: a shared list replaces the browser's own."""
    loaded = mylist.load(*mylist.parse(request.POST.get("ids", "")))
    response = see_other(reverse("directory-mylist"))
    if not loaded.resources:
        messages.warning(request, "リストにできる地域資源がありませんでした。")
        return response
    mylist.save(response, loaded.ids)
    messages.success(request, f"{len(loaded.resources)}件を自分のリストにしました。")
    return response


def dropped_notice(dropped: int) -> list[str]:
    if not dropped:
        return []
    return [
        f"表示できない番号が{dropped}件ありました（公開が終わったもの、重複、正しくない番号、"
        f"{mylist.MAX_ITEMS}件を超えた分）。それらは除いて表示しています。"
    ]


def share_url(request: HttpRequest, ids: list[int]) -> str:
    return request.build_absolute_uri(f"{reverse('directory-mylist')}?{mylist.share_query(ids)}")


@require_GET
def mylist_page(request: HttpRequest) -> HttpResponse:
    shared = "ids" in request.GET
    if shared:
        loaded = mylist.load(*mylist.parse(request.GET.get("ids", "")))
    else:
        loaded = mylist.load(mylist.from_cookie(request))
    context = {
        "shared": shared,
        "resources": loaded.resources,
        "notices": dropped_notice(loaded.dropped),
        "share_url": share_url(request, loaded.ids) if loaded.ids else "",
        "pdf_url": f"{reverse('directory-mylist-pdf')}?{mylist.share_query(loaded.ids)}"
        if loaded.ids
        else "",
        "ids_text": ",".join(str(i) for i in loaded.ids),
        "own_count": len(mylist.from_cookie(request)) if shared else 0,
        "max_items": mylist.MAX_ITEMS,
    }
    response = render(request, "directory/mylist.html", context)
    if not shared and loaded.dropped:
        mylist.save(response, loaded.ids)  # forget what is no longer public
    return response


@require_GET
def mylist_pdf(request: HttpRequest) -> HttpResponse:
    if "ids" in request.GET:
        loaded = mylist.load(*mylist.parse(request.GET.get("ids", "")))
    else:
        loaded = mylist.load(mylist.from_cookie(request))
    if not loaded.resources:
        context = {
            "shared": True,
            "resources": [],
            "notices": [
                "PDFにする地域資源がありません。番号を確かめるか、リストに追加してください。"
            ],
            "max_items": mylist.MAX_ITEMS,
        }
        return render(request, "directory/mylist.html", context, status=400)
    pdf = guide.list_pdf(loaded.resources, site_url(request), share_url(request, loaded.ids))
    ascii_name, name = downloads.filename("mylist", "マイリスト", "pdf", timezone.localdate())
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = downloads.content_disposition(ascii_name, name)
    return response
