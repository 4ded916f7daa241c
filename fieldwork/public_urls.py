"""fieldwork's one public page, for anyone without an account: 「交流・連携のアイデアを送る」.
sasaeai/urls.py includes it at the site's root; tests/test_office_permissions.py has its row."""

from django.urls import path

from fieldwork.views import ideas

urlpatterns = [
    path("ideas/", ideas.idea_new, name="fieldwork-idea-new"),
]
