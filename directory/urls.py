from django.urls import path

from directory import guide_views, home, mylist_views, views
from sasaeai.lib import ids  # noqa: F401 (registers the <id:…> converter used below)

urlpatterns = [
    path("", views.top, name="directory-top"),
    path("search/", views.results, name="directory-results"),
    path("search/conditions/", views.conditions, name="directory-conditions"),
    path("search/map.json", views.map_data, name="directory-map-data"),
    path("resources/<id:pk>/", views.detail, name="directory-detail"),
    path("text-size/", views.text_size, name="directory-text-size"),
    path("about/", views.about, name="directory-about"),
    path("home-area/forget/", home.forget, name="directory-home-forget"),
    # 地域資源ガイド (PDF booklet) and マイリスト: directory/guide.py, directory/mylist.py
    path("guide/", guide_views.guide_pdf, name="directory-guide"),
    path("mylist/", mylist_views.mylist_page, name="directory-mylist"),
    path("mylist/add/", mylist_views.add, name="directory-mylist-add"),
    path("mylist/remove/", mylist_views.remove, name="directory-mylist-remove"),
    path("mylist/adopt/", mylist_views.adopt, name="directory-mylist-adopt"),
    path("mylist/pdf/", mylist_views.mylist_pdf, name="directory-mylist-pdf"),
]
