"""fieldwork's public pages, for anyone without an account (sasaeai/urls.py includes them at
the site's root): 「公園をさがす」 and 「交流・連携のアイデアを送る」. One row each in
tests/test_office_permissions.py, the same for everyone."""

from django.urls import path

from fieldwork.views import ideas, public_parks
from sasaeai.lib import ids  # noqa: F401 (registers the <id:…> converter used below)

urlpatterns = [
    path("parks/", public_parks.park_list, name="parks"),
    path("parks/<id:pk>/", public_parks.park_detail, name="parks-park"),
    path("parks/<id:pk>/photos/<id:photo_id>/", public_parks.park_photo, name="parks-photo"),
    path("ideas/", ideas.idea_new, name="fieldwork-idea-new"),
]
