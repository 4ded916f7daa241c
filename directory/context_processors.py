from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

TEXT_SIZES = {"standard": "標準", "large": "大", "xlarge": "特大"}


def site(request: HttpRequest) -> dict:
    size = request.COOKIES.get("textsize", "standard")
    return {
        "site_name": settings.SASAEAI_SITE_NAME,
        "text_size": size if size in TEXT_SIZES else "standard",
        "text_sizes": TEXT_SIZES,
        "today": timezone.localdate(),
    }
