from django.urls import path

from directory import views

urlpatterns = [
    path("", views.top, name="directory-top"),
    path("search/", views.results, name="directory-results"),
    path("search/conditions/", views.conditions, name="directory-conditions"),
    path("resources/<int:pk>/", views.detail, name="directory-detail"),
    path("text-size/", views.text_size, name="directory-text-size"),
    path("about/", views.about, name="directory-about"),
]
