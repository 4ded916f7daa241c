"""「公園をさがす」: the public park pages (sasaeai/urls.py includes them at the site's root).
Public ends: one row each in tests/test_office_permissions.py, the same for everyone."""

from django.urls import path

from fieldwork.views import public_parks
from sasaeai.lib import ids  # noqa: F401 (registers the <id:…> converter used below)

urlpatterns = [
    path("parks/", public_parks.park_list, name="parks"),
    path("parks/<id:pk>/", public_parks.park_detail, name="parks-park"),
    path("parks/<id:pk>/photos/<id:photo_id>/", public_parks.park_photo, name="parks-photo"),
]
