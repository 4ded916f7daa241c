"""The heading outline of every public page (issue 10): one h1, no level skipped on the way
down (h2 → h4), and a result card's heading one level below the heading of the section its
list is in (cards under 「見つかった地域資源」 or 「相談できるところ」, both h2, are h3).

Read from the server's HTML, so every kind of page is checked in a second; the browser tests
check the same outline after the scripts have run (tests/test_browser.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser

from directory.models import Resource
from tests.base import DirectoryTestCase

CHUO = "121011"  # 中央区
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


@dataclass
class Heading:
    level: int
    text: str
    in_card: bool


class Outline(HTMLParser):
    """The page's headings in document order, each knowing whether it is a card's."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.headings: list[Heading] = []
        self.stack: list[tuple[str, bool]] = []  # every open element: (tag, is a card)
        self.text: list[str] | None = None

    @property
    def in_card(self) -> bool:
        return any(card for _tag, card in self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            return
        classes = (dict(attrs).get("class") or "").split()
        self.stack.append((tag, tag == "li" and "card" in classes))
        if len(tag) == 2 and tag[0] == "h" and tag[1] in "123456":
            self.headings.append(Heading(int(tag[1]), "", self.in_card))
            self.text = []

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        while self.stack:
            if self.stack.pop()[0] == tag:
                break
        if self.text is not None and len(tag) == 2 and tag[0] == "h":
            self.headings[-1].text = "".join(self.text).strip()
            self.text = None

    def handle_data(self, data: str) -> None:
        if self.text is not None:
            self.text.append(data)


def outline_problems(html: str) -> list[str]:
    outline = Outline()
    outline.feed(html)
    headings = outline.headings
    problems = []
    h1s = [h.text for h in headings if h.level == 1]
    if len(h1s) != 1:
        problems.append(f"{len(h1s)} h1 ({h1s})")
    if headings and headings[0].level != 1:
        problems.append(f"the first heading is h{headings[0].level} 「{headings[0].text}」")
    for before, after in zip(headings, headings[1:], strict=False):
        if after.level > before.level + 1:
            problems.append(
                f"h{before.level} 「{before.text}」 → h{after.level} 「{after.text}」 skips a level"
            )
    section: Heading | None = None
    for heading in headings:
        if not heading.in_card:
            section = heading
        elif section is None or heading.level != section.level + 1:
            under = f"h{section.level} 「{section.text}」" if section else "no heading"
            problems.append(f"card h{heading.level} 「{heading.text}」 under {under}")
    return problems


class HeadingTests(DirectoryTestCase):
    def public_pages(self) -> list[tuple[str, int]]:
        """(path, status) for every kind of public page, and each state that changes its
        headings (errors, an empty result, a shared list, a consultation's map …)."""
        samples = Resource.objects.filter(is_sample=True).order_by("pk")
        paused = samples.filter(status=Resource.Status.PAUSED).first()
        consultation = Resource.objects.published().filter(is_sample=False).order_by("pk").first()
        assert paused and consultation
        salon = self.salon.pk
        return [
            ("/", 200),
            (f"/?area={CHUO}", 200),  # the ward's 相談できるところ, as cards
            ("/search/?q=体操", 200),
            (f"/search/?category=5.1.1&area={CHUO}", 200),  # with its 相談できるところ
            (f"/search/?category=5&area={CHUO}&view=map", 200),
            ("/search/?q=存在しない言葉xyz&day=sun", 200),  # nothing found: what to change
            ("/search/?near=院内1丁目&within=500", 200),
            ("/search/?page=3", 200),
            (f"/search/conditions/?area={CHUO}", 200),
            (f"/resources/{salon}/", 200),  # the consultation section's cards
            (f"/resources/{paused.pk}/", 200),
            (f"/resources/{consultation.pk}/", 200),  # the 担当地区 map
            (f"/resources/{salon}/report/", 200),
            (f"/resources/{salon}/report/?sent=1", 200),
            ("/about/", 200),
            ("/guide/", 200),
            ("/guide/?area=nowhere", 400),  # the form's errors
            ("/mylist/", 200),
            (f"/mylist/?ids={salon},{paused.pk}", 200),  # a shared list
            ("/mylist/?ids=0", 200),
            ("/opendata/columns/", 200),
            ("/search/export/?q=体操&format=csv-cp932&check=1", 200),
            ("/search/export/?format=nothing", 400),
            ("/update/not-a-token/", 404),
            ("/resources/999999999/", 404),
            ("/nowhere/", 404),
        ]

    def test_it_gives_every_public_page_one_h1_and_no_skipped_level(self):
        found = []
        for path, status in self.public_pages():
            response = self.client.get(path)
            self.assertEqual(response.status_code, status, path)
            found += [f"{path}: {p}" for p in outline_problems(response.content.decode())]
        self.assertEqual(found, [], "\n".join(found))

    def test_it_puts_the_report_forms_errors_under_the_h1(self):
        response = self.client.post(f"/resources/{self.salon.pk}/report/", {"body": ""})
        self.assertContains(response, "入力の内容に直すところがあります", status_code=200)
        self.assertEqual(outline_problems(response.content.decode()), [])

    def test_it_finds_what_is_wrong_with_an_outline(self):
        page = (
            "<h2>前</h2><h1>題</h1><h3>飛ぶ</h3><h2>節</h2>"
            '<ul class="cards"><li class="card"><h2>札</h2></li></ul><h1>二つ目</h1>'
        )
        self.assertEqual(
            outline_problems(page),
            [
                "2 h1 (['題', '二つ目'])",
                "the first heading is h2 「前」",
                "h1 「題」 → h3 「飛ぶ」 skips a level",
                "card h2 「札」 under h2 「節」",
            ],
        )
