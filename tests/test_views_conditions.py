"""条件を選ぶ (/search/conditions/): the page keeps what the URL asks for, and sending it back
as a browser would (no script) gives the same search."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urlencode

from tests.base import DirectoryTestCase

WORKDAYS = "mon,tue,wed,thu,fri"


class FormFields(HTMLParser):
    """What a browser sends for the page's search form, untouched: hidden and text inputs,
    ticked radios and checkboxes, in document order."""

    def __init__(self) -> None:
        super().__init__()
        self.inside = False
        self.sent: list[tuple[str, str]] = []
        self.boxes: dict[str, list[tuple[str, bool]]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("action", "").endswith("/search/"):
            self.inside = True
        if not self.inside or tag != "input" or "name" not in a:
            return
        kind = a.get("type", "text")
        if kind in ("radio", "checkbox"):
            self.boxes.setdefault(a["name"], []).append((a["value"], "checked" in a))
            if "checked" in a:
                self.sent.append((a["name"], a["value"]))
        else:
            self.sent.append((a["name"], a.get("value", "")))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False


def fields(response) -> FormFields:
    parser = FormFields()
    parser.feed(response.content.decode())
    return parser


class ConditionsPageTests(DirectoryTestCase):
    def submit(self, sent: list[tuple[str, str]]):
        return self.client.get("/search/?" + urlencode(sent), follow=True)

    def test_it_keeps_the_place_when_the_conditions_are_changed(self):
        response = self.client.get("/search/conditions/?near=院内1丁目&within=500&day=mon")
        self.assertContains(response, '<input type="hidden" name="near" value="院内1丁目">')
        self.assertContains(response, '<input type="hidden" name="within" value="500">')
        self.assertNotContains(response, '<input type="hidden" name="day"')

    def test_it_shows_and_keeps_several_weekdays(self):
        page = self.client.get(f"/search/conditions/?q=体操&day={WORKDAYS}")
        form = fields(page)
        ticked = [value for value, on in form.boxes["day"] if on]
        self.assertEqual(ticked, [WORKDAYS])  # 平日 ticked, not also each of its days
        response = self.submit(form.sent)
        self.assertEqual(response.context["criteria"].days, (0, 1, 2, 3, 4))
        self.assertEqual(response.wsgi_request.GET.getlist("day"), [WORKDAYS])
        self.assertContains(response, "曜日：平日（月〜金）")

    def test_it_unions_the_boxes_ticked(self):
        page = self.client.get("/search/conditions/?day=mon,wed,sat,sun")
        ticked = [value for value, on in fields(page).boxes["day"] if on]
        self.assertEqual(ticked, ["sat,sun", "mon", "wed"])
        response = self.submit([("day", "sat,sun"), ("day", "wed"), ("day", "mon")])
        self.assertEqual(response.context["criteria"].days, (0, 2, 5, 6))
        # the stable URL holds them as one parameter, in week order
        self.assertEqual(response.wsgi_request.GET.getlist("day"), ["mon,wed,sat,sun"])
        # a box ticked twice over (平日 and 月曜日) asks for the day once
        response = self.submit([("day", WORKDAYS), ("day", "mon")])
        self.assertEqual(response.context["criteria"].days, (0, 1, 2, 3, 4))

    def test_it_shows_no_weekday_ticked_when_none_is_asked(self):
        page = self.client.get("/search/conditions/")
        self.assertFalse([value for value, on in fields(page).boxes["day"] if on])
        self.assertEqual(len(fields(page).boxes["day"]), 9)

    def test_it_drops_an_unknown_weekday_among_several_with_a_notice(self):
        response = self.client.get("/search/?day=mon&day=xyz", follow=True)
        self.assertEqual(response.context["criteria"].days, ())
        self.assertContains(response, "「曜日」の指定が正しくないため")
