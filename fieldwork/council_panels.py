"""What the 協議体 part adds to office's dashboard (office/extensions.py): the open アイデア
in the person's inbox, beside the open correction reports."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string

from fieldwork import ideas
from fieldwork.council_models import Idea
from office import extensions
from office.access import get_staff

SHOWN = 5


def ideas_panel(request: HttpRequest) -> str:
    staff = getattr(request, "staff", None) or get_staff(request)
    if staff is None:
        return ""
    open_ideas = ideas.visible_ideas(staff).filter(status=Idea.Status.OPEN)
    return render_to_string(
        "fieldwork/ideas/_dashboard_panel.html",
        {"ideas": open_ideas[:SHOWN], "count": open_ideas.count()},
        request=request,
    )


extensions.add_dashboard_panel("fieldwork-ideas", ideas_panel)
